"""Our labelled answers: well formed, large enough, and the rules meet the targets on them."""

from __future__ import annotations

import pytest

from analysis.safeguarding import CATEGORIES
from analysis.safeguarding.evaluate import PARTS, load_examples, score


@pytest.fixture(scope="module")
def parts():
    return {part: load_examples(part) for part in PARTS}


def test_the_set_is_large_varied_and_split(parts):
    everything = [e for examples in parts.values() for e in examples]
    assert len(everything) >= 200
    assert len(parts["held_out"]) >= 60
    assert len({e.id for e in everything}) == len(everything)
    assert len({e.text for e in everything}) == len(everything)
    assert {e.language for e in everything} == {"en", "cy", "gd", "pl", "ar", "ur"}
    assert {e.audience for e in everything} == {"child", "young_person", "parent_carer", "partner"}
    negatives = [e for e in everything if not e.disclosure]
    assert len(negatives) >= 80


def test_every_category_has_several_disclosures(parts):
    everything = [e for examples in parts.values() for e in examples]
    for category in CATEGORIES:
        assert sum(category in e.categories for e in everything) >= 3, category


@pytest.mark.parametrize("part", PARTS)
def test_no_missed_disclosure_and_at_most_ten_percent_false_alarms(parts, part):
    report = score(parts[part])
    assert report.overall.missed == []
    assert report.overall.false_alarm_rate <= 0.10, report.overall.alarms
