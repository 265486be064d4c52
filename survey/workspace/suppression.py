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
* **Filters** (looking at one group) are refused when the group, or the people
  the filter leaves out, number fewer than the threshold (:func:`safe_filter`):
  otherwise subtracting the two views reveals a small group.

Pass ``total`` only when the cells partition it (single choice: each person
in exactly one cell). For multiple choice (a person in several cells) no sum
links the cells and primary suppression alone applies; give ``total=None``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

THRESHOLD = 10

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


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


@dataclass(frozen=True)
class SuppressedTable:
    """A 2-D breakdown as it may be shown: cells and both sets of totals."""

    cells: dict
    row_totals: dict
    col_totals: dict
    grand_total: int | None


_TOTAL = ("__total__",)


def suppress_table_full(rows: Mapping[R, Mapping[C, int]], t: int = THRESHOLD) -> SuppressedTable:
    """Suppress a rows x columns table shown with row, column and grand totals.

    The table and its margins form one grid; every row (cells + row total)
    and every column (cells + column total) is a line with a known sum, and
    so are the row totals and the column totals against the grand total.
    The line rule of :func:`suppress_counts` is applied to each line in turn
    until nothing changes (a cell withheld for its row can expose its column).
    Tested by brute force against an attacker who solves the row and column
    sums over whole numbers (withheld cells at least 1): no withheld count
    below the threshold comes out as a single possible value.
    """
    t = threshold(t)
    row_keys = list(rows)
    col_keys: list = []
    for r in row_keys:
        for c in rows[r]:
            if c not in col_keys:
                col_keys.append(c)
    grid: dict[tuple, int] = {}
    for r in row_keys:
        for c in col_keys:
            v = int(rows[r].get(c, 0))
            if v < 0:
                raise ValueError("counts cannot be negative")
            grid[(r, c)] = v
    for r in row_keys:
        grid[(r, _TOTAL)] = sum(grid[(r, c)] for c in col_keys)
    for c in col_keys:
        grid[(_TOTAL, c)] = sum(grid[(r, c)] for r in row_keys)
    grid[(_TOTAL, _TOTAL)] = sum(grid[(r, _TOTAL)] for r in row_keys)
    all_rows, all_cols = [*row_keys, _TOTAL], [*col_keys, _TOTAL]
    lines = [[(r, c) for c in all_cols] for r in all_rows]
    lines += [[(r, c) for r in all_rows] for c in all_cols]
    withheld = {k for k, v in grid.items() if is_small(v, t)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = withheld.intersection(line)
            grown = _secondary({k: grid[k] for k in line}, inside, t)
            if grown != inside:
                withheld |= grown
                changed = True

    def show(k: tuple) -> int | None:
        return None if k in withheld else grid[k]

    return SuppressedTable(
        cells={r: {c: show((r, c)) for c in col_keys} for r in row_keys},
        row_totals={r: show((r, _TOTAL)) for r in row_keys},
        col_totals={c: show((_TOTAL, c)) for c in col_keys},
        grand_total=show((_TOTAL, _TOTAL)),
    )


def suppress_table(rows: Mapping[R, Mapping[C, int]], t: int = THRESHOLD) -> dict:
    """The cells of :func:`suppress_table_full`, as ``{row: {column: n or None}}``.

    Suppresses as though row, column and grand totals were all shown, which
    is the safe assumption whatever the page then shows.
    """
    return suppress_table_full(rows, t).cells


def safe_filter(base_n: int, filtered_n: int, t: int = THRESHOLD) -> bool:
    """May a view filtered to a group be shown beside (or after) its parent view?

    Refused when the group has fewer than ``t`` people, or when the people it
    leaves out number 1 to ``t - 1``: subtracting the filtered view from the
    parent would then describe that small group. A filter that leaves nobody
    out (same people) reveals nothing a 0 in a table would not, so it is allowed.
    """
    t = threshold(t)
    if filtered_n < t or filtered_n > base_n:
        return False
    return not is_small(base_n - filtered_n, t)


def safe_filter_pair(a_n: int, b_n: int, overlap_n: int, t: int = THRESHOLD) -> bool:
    """May two overlapping groups (e.g. "in care" and "disabled") be shown together?

    Each group must be safe on its own, and the three parts they make (only A,
    only B, both) must each be empty or at least ``t``: differences between
    the two views reveal exactly those parts.
    """
    t = threshold(t)
    if overlap_n < 0 or overlap_n > min(a_n, b_n):
        raise ValueError("the overlap cannot be larger than either group")
    if a_n < t or b_n < t:
        return False
    return not any(is_small(n, t) for n in (a_n - overlap_n, b_n - overlap_n, overlap_n))
