"""Counts, Borda rankings, cross-tabs and wave comparisons, checked by hand."""

from __future__ import annotations

import pytest

from analysis.reporting import stats
from analysis.reporting.stats import (
    breakdown,
    closed_question_counts,
    compare_waves,
    ranking_order,
)
from questionnaires.model import Option, Question, Text
from questionnaires.types import FACES_5, YES_NO


def q(qid: str, qtype: str, options, **kw) -> Question:
    opts = tuple(Option(v, Text(label)) for v, label, *_ in options)
    return Question(qid, qtype, Text(qid), options=opts, **kw)


SINGLE = q(
    "travel",
    "single_choice",
    [("bus", "Bus"), ("walk", "Walk"), ("car", "Car")],
    prefer_not_to_say=True,
)
MULTI = q(
    "help",
    "multiple_choice",
    [("money", "Money"), ("friends", "Friends"), ("items", "Basic items")],
)


def test_single_choice_counts_and_percent_of_answered():
    answers = [
        {"travel": "bus"},
        {"travel": "bus"},
        {"travel": "walk"},
        {"travel": "prefer_not_to_say"},
        {},
        {"travel": ""},
    ]
    c = closed_question_counts(SINGLE, answers)
    assert [(o.value, o.count, o.percent) for o in c.options] == [
        ("bus", 2, 50.0),
        ("walk", 1, 25.0),
        ("car", 0, 0.0),
        ("prefer_not_to_say", 1, 25.0),
    ]
    assert (c.answered, c.skipped, c.multiple) == (4, 2, False)
    assert c.count("bus") == 2 and c.count("nope") == 0


def test_multiple_choice_counts_people_once_and_percents_can_exceed_100_in_total():
    answers = [
        {"help": ["money", "friends"]},
        {"help": ["money", "money"]},
        {"help": []},
        {"help": ["items"]},
    ]
    c = closed_question_counts(MULTI, answers)
    assert {o.value: o.count for o in c.options} == {"money": 2, "friends": 1, "items": 1}
    assert c.answered == 3 and c.skipped == 1 and c.multiple
    assert sum(o.percent for o in c.options) > 100


def test_builtin_options_and_unknown_values_kept():
    feelings = q("feel", "feelings", FACES_5)
    c = closed_question_counts(
        feelings, [{"feel": "5"}, {"feel": "5"}, {"feel": "1"}, {"feel": "9"}]
    )
    assert [o.value for o in c.options] == ["1", "2", "3", "4", "5", "9"]
    assert c.count("5") == 2 and c.count("9") == 1
    yn = q("safe", "yes_no", YES_NO)
    assert closed_question_counts(yn, [{"safe": "not_sure"}]).count("not_sure") == 1


def test_counts_refuse_open_questions_and_serialise():
    with pytest.raises(ValueError):
        closed_question_counts(q("t", "long_text", []), [])
    d = stats.counts_as_dict(closed_question_counts(SINGLE, [{"travel": "car"}]))
    assert d["counts"]["car"] == 1 and d["labels"]["car"] == "Car"
    assert d["answered"] == 1 and d["percents"]["car"] == 100.0


RANK = q(
    "priorities",
    "ranking",
    [
        ("bereavement", "Bereavement support"),
        ("p2p", "Parent-to-parent support"),
        ("ot", "OT assessment"),
        ("clubs", "After-school clubs"),
    ],
    settings={"other": True},
)


def test_borda_count_by_hand():
    # m = 4 items + the "other" slot = 5: 1st 5 points, 2nd 4, 3rd 3 ...
    answers = [
        {"priorities": {"order": ["ot", "p2p", "clubs"]}},  # ot 5, p2p 4, clubs 3
        {"priorities": {"order": ["p2p", "ot"]}},  # p2p 5, ot 4
        {"priorities": {"order": ["other", "clubs"], "other": "Respite care"}},  # clubs 4
        {"priorities": "not a ranking"},
        {},
    ]
    res = ranking_order(RANK, answers)
    got = [(i.value, i.points, i.first, i.ranked) for i in res.items]
    # ot and p2p tie on points and on first places: the questionnaire's order decides
    assert got == [("p2p", 9, 1, 2), ("ot", 9, 1, 2), ("clubs", 7, 0, 2), ("bereavement", 0, 0, 0)]
    assert res.respondents == 3
    assert res.others == ("Respite care",)
    assert not res.weighted


def test_borda_tie_break_is_first_places_then_questionnaire_order():
    answers = [
        {"priorities": {"order": ["ot", "clubs"]}},  # ot 5 clubs 4
        {"priorities": {"order": ["clubs", "p2p", "ot"]}},
    ]  # clubs 5 p2p 4 ot 3
    res = ranking_order(RANK, answers)
    assert [(i.value, i.points) for i in res.items][:2] == [("clubs", 9), ("ot", 8)]
    tie = [{"priorities": {"order": ["ot"]}}, {"priorities": {"order": ["p2p"]}}]
    assert [i.value for i in ranking_order(RANK, tie).items][:2] == ["p2p", "ot"]


def test_weights_multiply_points_but_not_head_counts():
    answers = [
        {"priorities": {"order": ["ot"]}},  # a single parent
        {"priorities": {"order": ["clubs"]}},
    ]  # a forum answering for 40
    res = ranking_order(RANK, answers, weights=[1, 40])
    assert res.items[0].value == "clubs" and res.items[0].points == 200
    assert res.items[0].first == 1 and res.weighted
    with pytest.raises(ValueError):
        ranking_order(RANK, answers, weights=[1])
    listed = stats.ranking_as_list(res)
    assert listed[0]["value"] == "clubs" and listed[0]["first"] == 1


def test_other_without_text_and_repeats_are_ignored():
    answers = [{"priorities": {"order": ["other", "ot", "ot"], "other": "  "}}]
    res = ranking_order(RANK, answers)
    assert res.others == ()
    ot = next(i for i in res.items if i.value == "ot")
    assert (ot.points, ot.ranked) == (4, 1)


def test_breakdown_partition_and_not_given():
    values = {1: "bus", 2: "bus", 3: "walk", 4: "car"}
    groups = {1: "11-15", 2: "5-10", 3: "11-15"}
    b = breakdown(values, groups, groups=["5-10", "11-15"])
    assert b.groups == ("5-10", "11-15", stats.NOT_GIVEN)
    assert b.cells["bus"] == {"5-10": 1, "11-15": 1, stats.NOT_GIVEN: 0}
    assert b.cells["car"][stats.NOT_GIVEN] == 1
    assert b.group_totals == {"5-10": 1, "11-15": 2, stats.NOT_GIVEN: 1}
    assert b.partition
    assert b.as_rows()["walk"]["11-15"] == 1


def test_breakdown_of_themes_overlaps():
    values = {1: ["money", "family"], 2: ["money"], 3: []}
    groups = {1: "care", 2: "care", 3: "not_in_care"}
    b = breakdown(values, groups, rows=["money", "family", "transport"])
    assert b.cells["money"] == {"care": 2, "not_in_care": 0}
    assert b.cells["transport"] == {"care": 0, "not_in_care": 0}
    assert b.group_totals == {"care": 2, "not_in_care": 1}
    assert not b.partition


def test_compare_waves_sorted_by_distance_travelled():
    earlier = {"money": 40, "transport": 20.0, "friends": 30, "gone": 5, "hidden": None}
    later = {"money": 25.5, "transport": 35, "friends": 31, "new": 12, "hidden": 20}
    changes = compare_waves(earlier, later)
    assert [(c.key, c.change, c.direction) for c in changes] == [
        ("transport", 15.0, "rose"),
        ("money", -14.5, "fell"),
        ("friends", 1.0, "rose"),
        ("gone", None, "gone"),
        ("hidden", None, "unknown"),
        ("new", None, "new"),
    ]
    assert compare_waves({"a": 10}, {"a": 10})[0].direction == "same"
