"""A reader who combines views of the findings to work out withheld counts.

Written apart from the app's own rule (``survey.workspace.disclosure``) so that it can catch
it out. The reader knows everything any view they asked for showed, how the figures add up,
and that no count is negative or larger than a total it is part of; they do not know which
withheld cells are small (the labels do not say). From that they narrow every unknown count
to the smallest range the sums allow (bounds propagation over every sum, to a fixed point:
subtracting one view from another is the simplest case). A count of 1 to ``t - 1`` that
narrows to a single value is recovered: a leak.

Unknowns are keyed:

* ``("N",)`` respondents; ``("theme", x)`` respondents raising theme x;
* ``("group", q, v)`` the size of group v of breakdown question q;
* ``("cell", q, x, v)`` respondents in group v raising theme x;
* ``("rest", ...)`` for a multiple-choice question, the complement of a group (those who did
  not tick v), which no view shows but anyone can work out;
* ``("answered", q)`` how many answered question q (everyone but its "not_answered" group),
  which a share of those who answered gives away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

WITHHELD = None
Key = tuple


def truth(data: Mapping[str, Any]) -> dict[Key, int]:
    """Every count the reader might try to find, from a findings snapshot's raw data."""
    out: dict[Key, int] = {("N",): data["respondents"]}
    for theme in data["themes"]:
        out[("theme", theme["id"])] = theme["respondents"]
    for q, sizes in data["group_totals"].items():
        multiple = data["groups"][q].get("multiple", False)
        out[("answered", q)] = data["respondents"] - sizes.get("not_answered", 0)
        for v, n in sizes.items():
            out[("group", q, v)] = n
            if multiple:
                out[("rest", "group", q, v)] = data["respondents"] - n
            for theme in data["themes"]:
                c = theme["by_group"].get(q, {}).get(v, 0)
                out[("cell", q, theme["id"], v)] = c
                if multiple:
                    out[("rest", "cell", q, theme["id"], v)] = theme["respondents"] - c
    return out


def sums(data: Mapping[str, Any]) -> list[tuple[list[Key], Key]]:
    """How the figures add up, as (parts, total): what any reader knows of the method."""
    out: list[tuple[list[Key], Key]] = []
    for q, sizes in data["group_totals"].items():
        if "not_answered" in sizes:
            out.append(([("answered", q), ("group", q, "not_answered")], ("N",)))
        if data["groups"][q].get("multiple", False):
            for v in sizes:
                out.append(([("group", q, v), ("rest", "group", q, v)], ("N",)))
                for theme in data["themes"]:
                    x = theme["id"]
                    out.append(([("cell", q, x, v), ("rest", "cell", q, x, v)], ("theme", x)))
        else:
            out.append(([("group", q, v) for v in sizes], ("N",)))
            for theme in data["themes"]:
                x = theme["id"]
                out.append(([("cell", q, x, v) for v in sizes], ("theme", x)))
    return out


def observe(seen: dict[Key, int | None], key: Key, value: int | None) -> None:
    """Add one figure a view showed; a figure shown anywhere is known everywhere."""
    if value is not None or key not in seen:
        seen[key] = value if value is not None else seen.get(key)


def recovered(
    data: Mapping[str, Any], seen: Mapping[Key, int | None], t: int, small: Iterable[Key] = ()
) -> list[tuple[Key, int]]:
    """Withheld counts of 1 to t - 1 that the reader narrows to one value: the leaks.

    ``small`` are keys the reader knows to be 1 to t - 1 when withheld (a list with no total,
    where only small counts are ever withheld, such as the themes).
    """
    real = truth(data)
    top = real[("N",)]
    low = {k: 0 for k in real}
    high = {k: top for k in real}
    for key, value in seen.items():
        if key not in real:  # an option nobody chose, shown as 0 in its closed table
            assert value in (0, None), (key, value)
            continue
        if value is not None:
            if value != real[key]:
                raise AssertionError(f"a view showed {key} as {value}, not {real[key]}")
            low[key] = high[key] = value
    for key in small:
        if seen.get(key, 0) is None:
            low[key], high[key] = max(low[key], 1), min(high[key], t - 1)
    for key in real:  # a group's count of a theme is at most the group and at most the theme
        if key[0] == "cell":
            _, q, x, v = key
            high[key] = min(high[key], high[("group", q, v)], high[("theme", x)])
    lines = sums(data)
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            lo_sum = sum(low[p] for p in parts)
            hi_sum = sum(high[p] for p in parts)
            new = {total: (max(low[total], lo_sum), min(high[total], hi_sum))}
            for p in parts:
                new[p] = (
                    max(low[p], low[total] - (hi_sum - high[p])),
                    min(high[p], high[total] - (lo_sum - low[p])),
                )
            for key, (lo, hi) in new.items():
                if (lo, hi) != (low[key], high[key]):
                    low[key], high[key] = lo, hi
                    changed = True
    leaks = []
    for key, value in real.items():
        if seen.get(key) is not None:
            continue  # shown: not a secret
        assert low[key] <= value <= high[key], (key, value, low[key], high[key])
        if 0 < value < t and low[key] == high[key]:
            leaks.append((key, value))
    return leaks
