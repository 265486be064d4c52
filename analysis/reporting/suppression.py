"""Small-number suppression: no child can be picked out of any number we show.

Every count on a screen, chart, export or printed report passes through here.

Rules, and why:

* **Primary suppression.** A count of 1 to ``threshold - 1`` people is withheld
  (``None``). The threshold is 10 and may be raised by a council, never lowered
  (:func:`threshold`).
* **Zeros are shown.** A 0 names nobody, and "nobody chose this" is a finding
  commissioners need. Because zeros are always shown, anyone reading a table
  knows a withheld cell holds at least 1 - the secondary rule below is built
  (and brute-force tested) with that knowledge in the attacker's hands.
* **Secondary suppression.** When a total is shown, a lone withheld cell is
  ``total - (the shown cells)``. So whenever a row has a withheld cell we also
  withhold *every* cell holding the smallest count of ``threshold`` or more
  (all of them when tied; see below). Afterwards the withheld cells always
  include a small value and a large one, so an attacker who knows the shown
  cells, the total, the threshold and this very rule can swap them and get
  another table that the rule would publish identically: no withheld value is
  ever pinned down. Tied cells are all withheld because a "first one wins"
  tie-break is a rule an attacker can exploit (the tests show such a case).
  When every non-zero count in a row is small, the zeros are withheld too.
* **The total itself** is a count: below the threshold it is withheld
  (:func:`shown_total`) and then every cell in the row is withheld.
* **Shares** of a withheld count are withheld too (:func:`shares`).
* **Across views.** One table at a time is not enough when a reader can ask
  for many views (a filter, then another, then everyone) and subtract them:
  every figure about breakdown groups, in every view, comes from one release
  made of lines of this module's rule (``survey.workspace.disclosure``).
* **Labels.** Where counts add up to a total, the rule withholds some counts of
  ``threshold`` or more; a withheld cell there is labelled "fewer than 10, or
  to protect another cell", never one or the other: a reader told which
  withheld cells are small could work them out again (bullying 11; in care:
  fewer than 10; not in care: withheld to protect another, so at least 10;
  in care is then 1).

Pass ``total`` only when the cells partition it (single choice: each person
in exactly one cell). For multiple choice (a person in several cells) no sum
links the cells and primary suppression alone applies; give ``total=None``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

THRESHOLD = 10

K = TypeVar("K", bound=Hashable)


def threshold(configured: int | None) -> int:
    """The threshold in force: a council may raise it, never lower it below 10."""
    if configured is None:
        return THRESHOLD
    return max(THRESHOLD, int(configured))


def is_small(n: int | None, t: int = THRESHOLD) -> bool:
    """True for a count that must be withheld on its own (1 to t-1)."""
    return n is not None and 0 < n < t


def shown_total(total: int | None, t: int = THRESHOLD) -> int | None:
    """A total, or None when it is itself a small count."""
    return None if total is None or is_small(total, t) else total


def _secondary(values: Mapping[K, int], withheld: set[K], t: int) -> set[K]:
    """Grow ``withheld`` so that no withheld value follows from the line's sum.

    A line is cells whose sum is shown. The rule depends on the values only,
    never on the order of the keys, so swapping a small withheld value with a
    large one gives a table the rule treats in exactly the same way.
    """
    if not withheld:
        return withheld
    out = set(withheld)
    if len(out) >= 2 and any(values[k] >= t for k in out):
        return out  # a small value and a large one: they can be swapped
    large = [values[k] for k in values if k not in out and values[k] >= t]
    if large:
        least = min(large)
        out |= {k for k in values if values[k] == least}
    else:  # every non-zero count is small: hide the zeros as well
        out |= set(values)
    return out


def suppress_counts(
    cells: Mapping[K, int], total: int | None = None, t: int = THRESHOLD
) -> dict[K, int | None]:
    """Withhold small counts, and enough others that the total cannot reveal them.

    ``total`` is the number the cells add up to *as shown to the reader*
    (``None`` when no total is shown or when the cells overlap, e.g. multiple
    choice). If the cells add up to less than the total, the difference is
    treated as one more unseen cell; if to more, the cells overlap and only
    primary suppression applies.
    """
    t = threshold(t)
    if any(v < 0 for v in cells.values()):
        raise ValueError("counts cannot be negative")
    withheld = {k for k, v in cells.items() if is_small(v, t)}
    if total is not None:
        if is_small(total, t):
            return dict.fromkeys(cells)
        rest = total - sum(cells.values())
        if rest >= 0:
            line: dict[object, int] = dict(cells)
            marker = object()  # the people not in any listed cell, never shown
            if rest:
                line[marker] = rest
                if is_small(rest, t):
                    withheld.add(marker)  # type: ignore[arg-type]
            withheld = _secondary(line, withheld, t)  # type: ignore[arg-type]
    return {k: None if k in withheld else v for k, v in cells.items()}


def shares(
    shown: Mapping[K, int | None], base: int | None, digits: int = 1
) -> dict[K, float | None]:
    """Percentages of ``base`` for shown counts; withheld counts get no share."""
    if not base:
        return dict.fromkeys(shown)
    return {k: None if v is None else round(100 * v / base, digits) for k, v in shown.items()}
