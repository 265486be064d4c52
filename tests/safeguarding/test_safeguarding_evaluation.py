"""The labelled answers: well formed, large enough, kept apart, and the rules meet the targets
on the rule authors' own sets (the blind sets' figures are benchmarks, not tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.safeguarding import CATEGORIES
from analysis.safeguarding.evaluate import PARTS, UNSEEN, load_examples, score
from analysis.safeguarding.normalise import tokens

OWN = ("dev", "held_out")
LANGUAGES = {"en", "cy", "gd", "pl", "ar", "ur"}
SAFEGUARDING = Path(__file__).resolve().parents[2] / "analysis" / "safeguarding"


@pytest.fixture(scope="module")
def parts():
    return {part: load_examples(part) for part in PARTS}


def test_our_own_set_is_large_varied_and_split(parts):
    everything = [e for part in OWN for e in parts[part]]
    assert len(everything) >= 200
    assert len(parts["held_out"]) >= 60
    assert len({e.id for e in everything}) == len(everything)
    assert len({e.text for e in everything}) == len(everything)
    assert {e.language for e in everything} == LANGUAGES
    assert {e.audience for e in everything} == {"child", "young_person", "parent_carer", "partner"}
    assert sum(not e.disclosure for e in everything) >= 80


ALL_BUT_ENGLISH = LANGUAGES - {"en"}


# Categories an intake dropped every row of, as close to a text the screen was built on.
DROPPED_BY_INTAKE = {
    "blind_check9": {"scared_to_go_home"},
    "blind_check11": {"scared_to_go_home"},
}


@pytest.mark.parametrize(
    ("part", "size", "languages"),
    [
        ("blind_dev", 250, LANGUAGES),
        ("blind_dev2", 250, LANGUAGES),
        ("blind_dev3", 200, LANGUAGES),
        ("blind_dev4", 200, LANGUAGES),
        ("blind_dev5", 200, ALL_BUT_ENGLISH),
        ("blind_dev6", 250, LANGUAGES),
        ("blind_check", 240, LANGUAGES),
        ("blind_check2", 200, LANGUAGES),
        ("blind_dev7", 250, LANGUAGES),
        ("blind_check3", 200, LANGUAGES),
        ("blind_dev8", 120, {"ar", "gd", "pl"}),
        ("blind_check4", 200, LANGUAGES),
        ("blind_check5", 200, LANGUAGES),
        ("blind_check6", 200, LANGUAGES),
        ("blind_check7", 200, LANGUAGES),
        ("blind_check8", 200, LANGUAGES),
        ("blind_check9", 200, LANGUAGES),
        ("blind_check10", 120, LANGUAGES),
        ("blind_check11", 105, {"ar", "ur", "gd"}),
        ("blind_check12", 105, {"cy", "pl", "en"}),
        ("blind_check13", 220, LANGUAGES),
        ("blind_check14", 220, LANGUAGES),
        ("blind_check15", 220, LANGUAGES),
        ("blind_dev9", 250, LANGUAGES),
        ("blind_dev10", 250, LANGUAGES),
        ("blind_dev11", 250, LANGUAGES - {"cy"}),
        ("blind_dev12", 250, LANGUAGES),
        ("blind_dev13", 250, LANGUAGES),
        ("blind_dev14", 120, {"ar", "ur", "gd"}),
        ("blind_dev15", 200, LANGUAGES),
        ("blind_dev16", 200, LANGUAGES),
        ("blind_dev17", 120, LANGUAGES),
        ("blind_dev18", 120, LANGUAGES),
        ("blind_dev19", 110, {"ar", "ur", "gd"}),
        ("blind_dev20", 110, {"cy", "pl", "en"}),
        ("blind_dev21", 75, {"en", "ar"}),
        ("blind_test", 300, LANGUAGES),
    ],
)
def test_each_blind_set_has_disclosures_and_hard_negatives_in_its_languages(
    parts, part, size, languages
):
    """The test set is the issue's 300 disclosures and 300 hard negatives; the development set
    lost a few rows that, by chance, another writer also wrote into the test set; the second
    development set (two more blind writers, more Welsh, Arabic and Urdu) is as large; the third
    and fourth (one more writer each) are smaller and weighted to the languages read least
    well, and the fifth holds only those; the sixth and seventh (two writers each) and the second
    and third check sets (one each) cover all six languages again; the eighth holds Arabic, Gaelic
    and Polish, the languages the check sets showed weakest; the fourth check set was written
    language by language, not translated from one plan; the thirteenth holds Arabic and Urdu in
    one part and the other four languages in the other, as the eighth check set has English,
    Welsh and Gaelic in one and Polish, Arabic and Urdu in the other; the fourteenth holds
    Arabic, Urdu and Gaelic, with hints more than statements; the fifteenth, written to the eighth
    check set's brief, is split the same way, as is the ninth check set, whose intake dropped
    every "scared to go home" row as close to a text the screen was built on; the seventeenth
    and eighteenth development sets and the tenth check set hold only long answers, 20
    disclosures and 20 look-alikes a language; the eleventh check set and the
    nineteenth development set hold Arabic, Urdu and Gaelic again, every length; the check set
    lost its "scared to go home" rows at intake, as the ninth did; the twelfth check set and
    the twentieth development set hold the other three languages to the same brief."""
    examples = parts[part]
    assert len({e.id for e in examples}) == len(examples)
    assert sum(e.disclosure for e in examples) >= size
    assert sum(not e.disclosure for e in examples) >= size
    assert {e.language for e in examples} == languages
    for language in languages:
        mine = [e for e in examples if e.language == language]
        assert sum(e.disclosure for e in mine) >= 20, language
        assert sum(not e.disclosure for e in mine) >= 20, language
    missing = set(CATEGORIES) - {c for e in examples for c in e.categories}
    assert missing == DROPPED_BY_INTAKE.get(part, set())


def _seen_by_rule_authors() -> set[tuple[str, ...]]:
    """Every text the rules and exemplars were written from or hold as examples."""
    texts: list[str] = []
    for path in sorted((SAFEGUARDING / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            texts += rule.get("examples", []) + rule.get("not_examples", [])
    for path in sorted((SAFEGUARDING / "exemplars").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [t for group in data.get("disclosure", {}).values() for t in group]
        texts += data.get("not_disclosure", [])
    return {tuple(tokens(t)) for t in texts}


def test_no_blind_test_text_is_in_the_rules_the_exemplars_or_another_set(parts):
    """The test set measures only while nobody has tuned on it: none of its texts may turn up
    as a rule example, an exemplar, or in a set that is tuned on."""
    unseen = {tuple(tokens(e.text)) for part in UNSEEN for e in parts[part]}
    tuned = {tuple(tokens(e.text)) for part in PARTS if part not in UNSEEN for e in parts[part]}
    # Counts only: a failure must not print test texts to whoever runs the tests.
    shared_with_sets = len(unseen & tuned)
    shared_with_rules = len(unseen & _seen_by_rule_authors())
    assert shared_with_sets == 0, f"{shared_with_sets} blind test texts are in tuned sets"
    assert shared_with_rules == 0, f"{shared_with_rules} blind test texts are rule examples"


def test_every_category_has_several_disclosures(parts):
    everything = [e for part in OWN for e in parts[part]]
    for category in CATEGORIES:
        assert sum(category in e.categories for e in everything) >= 3, category


@pytest.mark.parametrize("part", OWN)
def test_no_missed_disclosure_and_at_most_ten_percent_false_alarms(parts, part):
    report = score(parts[part])
    assert report.overall.missed == []
    assert report.overall.false_alarm_rate <= 0.10, report.overall.alarms
