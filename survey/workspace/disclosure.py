"""The figures about groups of respondents that any view may show: one release per snapshot.

Small-number suppression table by table is not enough when a reader can ask for many views:
the issue found counts of 3, 5 and 7 by subtracting a filtered view from the unfiltered one
("bullying: 57 children; girls: 50" gives the boys' 7 when there are two groups). So every
figure about a breakdown group, wherever it is shown (the breakdown tables, a filtered view,
the closed-question table of a breakdown question, the findings export with or without a
filter, for analysts and viewers alike), is read from one release made here, and the
release is made so that nothing a reader can add up across all those views pins down a
withheld count.

What a reader can see, and how it adds up:

* ``N``, the respondents (withheld below the threshold, and then everything is);
* ``c[x]``, the respondents raising theme x: themes overlap (one answer can raise several),
  so no sum links them and primary suppression alone applies;
* for each breakdown question G, the groups' sizes ``n[v]`` (a filter's base, and the
  question's own closed table) and the cells ``c[x][v]`` (a breakdown table's row, or theme
  x in the view filtered to v).

For a question where each respondent is in one group (single choice, age band, yes/no,
with "not answered" as a group of its own), the groups add up: ``sum(n[v]) = N`` and
``sum(c[x][v]) = c[x]``. Each of those is one line for ``suppression.suppress_counts``,
with the published total. The lines share only published totals (``N`` and ``c[x]``), never
a withheld cell, so suppressing each line well protects all of them together: whatever
views are combined, a withheld cell is only ever in its own line.

For a multiple-choice question the groups overlap (everyone who ticked "autism", whatever
else they ticked), so they do not add up; but each group has a complement anyone can work
out (``N - n[a]``, ``c[x] - c[x][a]``: those who did not tick it). Each group and its
complement is a line: a group is withheld when it, or its complement, is small.

A filter is offered, and answered, only when its group's size is shown in this release:
a filtered view then shows exactly the release's column for that group and its size as
the base, so it tells nothing the breakdown table does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis.reporting import suppression


@dataclass(frozen=True)
class Release:
    """Figures as they may be shown; None is withheld."""

    threshold: int
    respondents: int | None
    themes: dict[str, int | None]  # theme id -> respondents raising it
    groups: dict[str, dict[str, int | None]]  # question id -> group -> its size
    cells: dict[str, dict[str, dict[str, int | None]]]  # question -> theme -> group -> n

    def base(self, question: str, group: str) -> int | None:
        """The size of a group a view may be filtered to, or None when it may not be."""
        size = self.groups.get(question, {}).get(group)
        return size if size else None


def _line(cells: Mapping[str, int], total: int, overlapping: bool, t: int) -> dict[str, int | None]:
    """One line's cells as they may be shown, given the line's published total."""
    if not overlapping:
        return suppression.suppress_counts(cells, total, t)
    # Each overlapping group against its complement (the rest of the total), on its own.
    return {k: suppression.suppress_counts({k: n}, total, t)[k] for k, n in cells.items()}


def release(data: Mapping[str, Any], t: int) -> Release:
    """Everything about respondents and their groups that any view of ``data`` may show."""
    t = suppression.threshold(t)
    total = data["respondents"]
    shown_total = suppression.shown_total(total, t)
    raw = {theme["id"]: theme["respondents"] for theme in data["themes"]}
    if shown_total is None:  # fewer than t respondents: nothing about them is shown
        themes: dict[str, int | None] = dict.fromkeys(raw)
    else:
        themes = suppression.suppress_counts(raw, None, t)
    groups: dict[str, dict[str, int | None]] = {}
    cells: dict[str, dict[str, dict[str, int | None]]] = {}
    ticked = {c["id"] for c in data.get("closed", []) if c.get("multiple")}
    for gq, meta in data.get("groups", {}).items():
        sizes = data.get("group_totals", {}).get(gq, {})
        overlapping = bool(meta.get("multiple"))
        if gq in ticked and not overlapping:
            # A snapshot made before a multiple-choice question's groups were its options
            # (they were whole combinations): not shown as groups until analysed again.
            continue
        if shown_total is None:
            groups[gq] = dict.fromkeys(sizes)
            cells[gq] = {theme_id: dict.fromkeys(sizes) for theme_id in raw}
            continue
        groups[gq] = _line(sizes, total, overlapping, t)
        cells[gq] = {
            theme["id"]: _line(
                {v: theme["by_group"].get(gq, {}).get(v, 0) for v in sizes},
                theme["respondents"],
                overlapping,
                t,
            )
            for theme in data["themes"]
        }
    return Release(t, shown_total, themes, groups, cells)
