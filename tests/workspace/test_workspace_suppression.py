"""Small-number suppression, with brute-force proofs that nothing withheld can be recovered."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from analysis.reporting import suppression as s

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


# --- labels -------------------------------------------------------------------


def test_telling_small_cells_from_protecting_ones_would_give_small_ones_away():
    """Why every withheld cell of a line carries the same words (docs/privacy.md).

    Published with "fewer than 10" on small cells and "to protect another cell" on the
    others, a reader learns which are small, and the line's total then pins some of them:
    bullying 11, in care "fewer than 10", not in care "protecting" (so 10 or more): 1.
    """
    seen: dict[tuple, list[tuple]] = defaultdict(list)
    top = 40
    for cells in itertools.product(range(top + 1), repeat=2):
        total = sum(cells)
        if total > top:
            continue
        shown = s.suppress_counts(dict(enumerate(cells)), total)
        labelled = tuple(
            ("small" if s.is_small(cells[i]) else "protect") if shown[i] is None else shown[i]
            for i in range(2)
        )
        seen[(total, labelled)].append(cells)
    pinned = {
        tables[0]
        for (_total, shown), tables in seen.items()
        for i, v in enumerate(shown)
        if v == "small" and len({t[i] for t in tables}) == 1
    }
    assert (1, 10) in pinned and (9, 19) not in pinned
    # ...while with one label for both, the same rule pins nothing
    assert _leaks(lambda cells, total: s.suppress_counts(cells, total), 2, top) == []
