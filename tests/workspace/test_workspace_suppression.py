"""Small-number suppression, with brute-force proofs that nothing withheld can be recovered."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import pytest

from survey.workspace import suppression as s

T = s.THRESHOLD


def test_threshold_can_only_be_raised():
    assert s.threshold(None) == 10
    assert s.threshold(3) == 10
    assert s.threshold(0) == 10
    assert s.threshold(-5) == 10
    assert s.threshold(15) == 15
    # even a caller passing a low threshold straight in gets 10
    assert s.suppress_counts({"a": 5, "b": 40}, None, 3) == {"a": None, "b": 40}


def test_primary_suppression_withholds_1_to_9_and_shows_zero():
    shown = s.suppress_counts({"a": 0, "b": 1, "c": 9, "d": 10, "e": 200})
    assert shown == {"a": 0, "b": None, "c": None, "d": 10, "e": 200}


def test_raised_threshold_is_used():
    assert s.suppress_counts({"a": 12, "b": 15}, None, 15) == {"a": None, "b": 15}


def test_lone_withheld_cell_takes_the_next_smallest_with_it():
    shown = s.suppress_counts({"a": 3, "b": 15, "c": 20, "d": 0}, total=38)
    assert shown == {"a": None, "b": None, "c": 20, "d": 0}


def test_ties_are_all_withheld_so_no_tie_break_leaks():
    shown = s.suppress_counts({"a": 12, "b": 12, "c": 9}, total=33)
    assert shown == {"a": None, "b": None, "c": None}


def test_two_small_cells_still_need_a_large_one():
    # 1 + 1 = 2 with zeros shown would pin both cells to 1
    shown = s.suppress_counts({"a": 1, "b": 1, "c": 30}, total=32)
    assert shown == {"a": None, "b": None, "c": None}


def test_small_total_withholds_everything():
    assert s.suppress_counts({"a": 3, "b": 0}, total=3) == {"a": None, "b": None}
    assert s.shown_total(3) is None
    assert s.shown_total(0) == 0
    assert s.shown_total(10) == 10


def test_no_total_means_primary_only():
    assert s.suppress_counts({"a": 3, "b": 15}, None) == {"a": None, "b": 15}


def test_unlisted_remainder_counts_as_a_hidden_cell():
    # 25 answered, 3 of them in no listed cell: the 3 is never shown, and
    # the listed cells must not give it away: 25 - 10 - 12 = 3
    assert s.suppress_counts({"a": 10, "b": 12}, total=25) == {"a": None, "b": 12}


def test_overlapping_cells_get_primary_suppression_only():
    # multiple choice: 30 answered, cells add up to more
    assert s.suppress_counts({"a": 25, "b": 20, "c": 4}, total=30) == {
        "a": 25,
        "b": 20,
        "c": None,
    }


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        s.suppress_counts({"a": -1})


def test_shares_of_withheld_counts_are_withheld():
    shown = s.suppress_counts({"a": 3, "b": 20, "c": 30}, total=53)
    assert s.shares(shown, 53) == {"a": None, "b": None, "c": 56.6}
    assert s.shares({"a": 1}, 0) == {"a": None}


# --- brute force: the attacker knows the rule ---------------------------------


def _leaks(rule, n: int, top: int) -> list[tuple]:
    """Tables whose published form pins down a withheld value.

    Enumerates every table of ``n`` cells with values 0..top, publishes each
    with ``rule`` (shown cells + total) and groups the tables that publish
    identically: that group is everything an attacker who knows the shown
    cells, the total, the threshold and the rule itself could believe. A
    withheld cell holding the same value across the whole group is a leak.
    Only totals <= top are judged, so every candidate was enumerated.
    """
    seen: dict[tuple, list[tuple]] = defaultdict(list)
    for cells in itertools.product(range(top + 1), repeat=n):
        total = sum(cells)
        if total > top:
            continue
        shown = rule(dict(enumerate(cells)), total)
        key = (total, tuple(shown[i] for i in range(n)))
        seen[key].append(cells)
    leaks = []
    for (_total, shown), tables in seen.items():
        for i, v in enumerate(shown):
            if v is None and len({t[i] for t in tables}) == 1:
                leaks.append((tables[0], i))
    return leaks


@pytest.mark.parametrize(("n", "top"), [(2, 60), (3, 45), (4, 26)])
def test_brute_force_no_withheld_value_is_recoverable(n, top):
    assert _leaks(lambda cells, total: s.suppress_counts(cells, total), n, top) == []


def test_brute_force_unlisted_remainder_is_protected_too():
    """Cells that do not cover the total (people in no listed cell): the
    remainder is never shown, and neither it nor a withheld cell is pinned."""
    seen: dict[tuple, list[tuple]] = defaultdict(list)
    top = 34
    for cells in itertools.product(range(top + 1), repeat=3):  # two listed + remainder
        total = sum(cells)
        if total > top:
            continue
        shown = s.suppress_counts({0: cells[0], 1: cells[1]}, total)
        seen[(total, shown[0], shown[1])].append(cells)
    for (_total, *shown), tables in seen.items():
        for i in (0, 1):
            if shown[i] is None:
                assert len({t[i] for t in tables}) > 1, tables
        rests = {t[2] for t in tables}
        assert len(rests) > 1 or not s.is_small(next(iter(rests))), tables


def _compositions(total: int, n: int):
    for bars in itertools.combinations(range(total + n - 1), n - 1):
        edges = (-1, *bars, total + n - 1)
        yield tuple(edges[i + 1] - edges[i] - 1 for i in range(n))


def test_ten_options_each_chosen_once_are_not_pinned():
    """Ten people, ten options, one each: with zeros always shown the attacker
    would know every withheld cell is 1. Zeros are withheld in such a row."""
    ones = dict.fromkeys(range(10), 1)
    published = s.suppress_counts(ones, 10)
    assert set(published.values()) == {None}
    same = [
        t for t in _compositions(10, 10) if s.suppress_counts(dict(enumerate(t)), 10) == published
    ]
    assert all(len({t[i] for t in same}) > 1 for i in range(10))


def _first_wins(cells: dict, total: int) -> dict:
    """The naive rule: add the first-listed smallest large cell until the
    withheld cells hold 10 or more. Kept to show the brute force has teeth."""
    withheld = {k for k, v in cells.items() if 0 < v < T}
    if total < T:
        return dict.fromkeys(cells)
    while withheld and sum(cells[k] for k in withheld) < T:
        rest = [k for k in cells if k not in withheld and cells[k] > 0]
        if not rest:
            break
        withheld.add(min(rest, key=lambda k: (cells[k], k)))
    return {k: None if k in withheld else v for k, v in cells.items()}


def test_brute_force_catches_a_naive_rule():
    leaks = _leaks(_first_wins, 3, 40)
    assert ((12, 12, 9), 2) in leaks  # a tie broken by position gives the 9 away
    assert ((10, 9, 9), 1) in leaks  # 9 + 9 >= 10 "is enough": both pinned to 9


# --- tables ---------------------------------------------------------------------


def test_table_suppresses_both_axes():
    rows = {"r1": {"a": 3, "b": 20, "c": 25}, "r2": {"a": 30, "b": 22, "c": 40}}
    full = s.suppress_table_full(rows)
    assert full.cells["r1"]["a"] is None
    # the 3 cannot be had from its row or its column
    assert full.cells["r1"]["b"] is None  # row partner (smallest large)
    assert full.cells["r2"]["a"] is None  # column partner
    assert full.cells["r2"]["b"] is None  # closes the rectangle
    assert full.cells["r1"]["c"] == 25 and full.cells["r2"]["c"] == 40
    assert full.row_totals == {"r1": 48, "r2": 92}
    assert full.col_totals == {"a": 33, "b": 42, "c": 65}
    assert full.grand_total == 140
    assert s.suppress_table(rows) == full.cells


def test_table_with_small_margin_suppresses_margin_and_partner():
    rows = {"r1": {"a": 2, "b": 3}, "r2": {"a": 30, "b": 40}, "r3": {"a": 25, "b": 22}}
    full = s.suppress_table_full(rows)
    assert full.row_totals["r1"] is None  # 5 people
    assert full.cells["r1"] == {"a": None, "b": None}
    assert None in full.row_totals.values() and list(full.row_totals.values()).count(None) >= 2


def _table_solutions_pin(rows: dict, full: s.SuppressedTable) -> list:
    """Withheld small counts (cells or margins) the linear system pins to one value.

    The attacker knows every shown cell and total, that rows and columns add
    up, and that a withheld cell holds at least 1 (0 when the true table
    withheld a zero, so the true table is always a candidate).
    """
    rk, ck = list(rows), list(next(iter(rows.values())))
    unknown = [(r, c) for r in rk for c in ck if full.cells[r][c] is None]
    lower = 0 if any(rows[r][c] == 0 for r, c in unknown) else 1
    grand = sum(sum(rows[r].values()) for r in rk)
    values: dict[tuple, set] = defaultdict(set)

    def record(table: dict) -> None:
        rt = {r: sum(table[r].values()) for r in rk}
        ct = {c: sum(table[r][c] for r in rk) for c in ck}
        if any(full.col_totals[c] not in (None, ct[c]) for c in ck):
            return
        if full.grand_total not in (None, sum(rt.values())):
            return
        for r, c in unknown:
            values[(r, c)].add(table[r][c])
        for r in rk:
            values[("row", r)].add(rt[r])
        for c in ck:
            values[("col", c)].add(ct[c])

    def parts(total: int, n: int, cap: int):
        """Ways to write ``total`` as ``n`` values in lower..cap."""
        if n == 0:
            if total == 0:
                yield ()
            return
        for v in range(lower, min(cap, total) + 1):
            for rest in parts(total - v, n - 1, cap):
                yield (v, *rest)

    def rows_from(i: int, table: dict) -> None:
        if i == len(rk):
            record(table)
            return
        r = rk[i]
        holes = [c for c in ck if full.cells[r][c] is None]
        known = sum(v for v in full.cells[r].values() if v is not None)
        if full.row_totals[r] is not None:
            options = parts(full.row_totals[r] - known, len(holes), grand)
        else:
            options = itertools.product(range(lower, grand + 1), repeat=len(holes))
        for combo in options:
            row = dict(full.cells[r]) | dict(zip(holes, combo, strict=True))
            table[r] = row
            if all(
                full.col_totals[c] is None
                or sum(table[x][c] for x in rk[: i + 1]) <= full.col_totals[c]
                for c in ck
            ):
                rows_from(i + 1, table)
        table.pop(r, None)

    if full.grand_total is not None:  # every table that keeps the grand total
        known = sum(v for row in full.cells.values() for v in row.values() if v is not None)
        for combo in parts(full.grand_total - known, len(unknown), grand):
            table = {r: dict(full.cells[r]) for r in rk}
            for (r, c), v in zip(unknown, combo, strict=True):
                table[r][c] = v
            if all(full.row_totals[r] in (None, sum(table[r].values())) for r in rk):
                record(table)
    else:
        rows_from(0, {})
    truth = {(r, c): rows[r][c] for r, c in unknown}
    truth |= {("row", r): sum(rows[r].values()) for r in rk if full.row_totals[r] is None}
    truth |= {("col", c): sum(rows[r][c] for r in rk) for c in ck if full.col_totals[c] is None}
    assert all(v in values[k] for k, v in truth.items())  # the truth is a candidate
    return [k for k, v in truth.items() if s.is_small(v) and len(values[k]) < 2]


def _random_tables(count: int, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(count):
        nr, nc = rng.choice([(2, 2), (2, 3), (3, 2)])
        yield {
            f"r{i}": {f"c{j}": rng.choice([0, 1, 2, 5, 9, 10, 11, 14]) for j in range(nc)}
            for i in range(nr)
        }


def test_table_brute_force_nothing_pinned():
    checked = 0
    for rows in _random_tables(120):
        full = s.suppress_table_full(rows)
        if not any(v is None for row in full.cells.values() for v in row.values()):
            continue
        unknown = sum(v is None for row in full.cells.values() for v in row.values())
        if unknown > 4:
            continue  # keep the enumeration quick; smaller systems are the risky ones
        checked += 1
        assert _table_solutions_pin(rows, full) == [], rows
    assert checked >= 20


def test_table_without_secondary_would_leak():
    """The checker has teeth: primary-only publication of a table pins a cell."""
    rows = {"r1": {"a": 3, "b": 20}, "r2": {"a": 30, "b": 22}}
    primary = s.SuppressedTable(
        cells={"r1": {"a": None, "b": 20}, "r2": {"a": 30, "b": 22}},
        row_totals={"r1": 23, "r2": 52},
        col_totals={"a": 33, "b": 42},
        grand_total=75,
    )
    assert _table_solutions_pin(rows, primary) == [("r1", "a")]


# --- filters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "filtered", "ok"),
    [
        (100, 40, True),
        (100, 9, False),  # the group is small
        (100, 95, False),  # the 5 left out would show by subtraction
        (100, 90, True),
        (100, 100, True),  # same people: nothing new
        (100, 0, False),
        (20, 30, False),  # nonsense: a filter cannot add people
    ],
)
def test_safe_filter(base, filtered, ok):
    assert s.safe_filter(base, filtered) is ok


def test_safe_filter_respects_raised_threshold():
    assert s.safe_filter(100, 12, 10)
    assert not s.safe_filter(100, 12, 15)


def test_safe_filter_pair():
    assert s.safe_filter_pair(40, 30, 15)
    assert s.safe_filter_pair(40, 30, 0)
    assert not s.safe_filter_pair(40, 30, 4)  # 4 people in both
    assert not s.safe_filter_pair(40, 30, 25)  # only 5 in B alone
    assert not s.safe_filter_pair(40, 8, 0)
    with pytest.raises(ValueError):
        s.safe_filter_pair(10, 12, 20)
