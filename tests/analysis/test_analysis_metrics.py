from __future__ import annotations

import pytest

from analysis.metrics import evaluate, labelling, sample_f1


def test_per_label_counts_and_scores_by_hand():
    gold = [["a", "b"], ["a"], ["c"], []]
    pred = [["a"], ["a", "c"], [], []]
    report = evaluate(gold, pred)
    by = {s.label: s for s in report.labels}
    assert (by["a"].tp, by["a"].fp, by["a"].fn) == (2, 0, 0)
    assert (by["b"].tp, by["b"].fp, by["b"].fn) == (0, 0, 1)
    assert (by["c"].tp, by["c"].fp, by["c"].fn) == (0, 1, 1)
    # micro: tp=2 fp=1 fn=2 -> p=2/3, r=1/2 -> f1=4/7
    assert report.micro_f1 == pytest.approx(4 / 7)
    # macro over a (1.0), b (0.0), c (0.0)
    assert report.macro_f1 == pytest.approx(1 / 3)
    # samples: 2*1/3, 2*1/3, 0, 1 (both empty)
    assert report.samples_f1 == pytest.approx((2 / 3 + 2 / 3 + 0 + 1) / 4)


def test_both_empty_is_a_correct_abstention_but_one_empty_is_not():
    assert sample_f1(set(), set()) == 1.0
    assert sample_f1({"a"}, set()) == 0.0
    assert sample_f1(set(), {"a"}) == 0.0


def test_fixed_label_list_includes_unseen_labels_with_zero_support():
    report = evaluate([["a"]], [["a"]], labels=["a", "z"])
    assert [s.label for s in report.labels] == ["a", "z"]
    assert report.labels[1].support == 0
    assert report.macro_f1 == 1.0  # labels never seen nor predicted do not drag the mean


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="2 gold rows but 1"):
        evaluate([["a"], []], [["a"]])


def test_labelling_says_whether_wrong_or_missed_themes_cost_more():
    gold = [["a", "b"], ["a"], ["c"], []]
    pred = [["a"], ["a", "c"], ["b"], []]
    found = labelling(gold, pred)
    assert (found.given, found.gold) == (1.0, 1.0)
    assert (found.over, found.under) == (1, 1)
    # wrong themes dropped: 2/3, 1, 0 (c missed, nothing right), 1
    assert found.without_wrong == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)
    # missed themes added: 1, 2/3 (a, c against a), 2/3 (b, c against c), 1
    assert found.without_missed == pytest.approx((1 + 2 / 3 + 2 / 3 + 1) / 4)
    # the only answer with a theme both missed and wrongly given: c missed, b given instead
    assert found.confusions == (("c", "b", 1),)


def test_labelling_of_nothing_is_empty():
    assert labelling([], []).confusions == ()
