"""A rule's match in a long answer that the semantic layer, reading the answer whole, finds
unlike a disclosure is set aside: the answer is clear (no case, no help page) and goes to the
lead's second-look list naming the rule and the words it matched. Short answers never are:
there the layer is too often sure and wrong ("might just end it after mocks")."""

from __future__ import annotations

import pytest
from stub_layer import StubLayer

from analysis.safeguarding import screener as screener_module
from analysis.safeguarding.meaning import MeaningFlag
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR, SET_ASIDE_WORDS, Screener, default_screener

PAST = (
    "I'm 19 and I've got my own flat now through leaving care. When I was small my real dad "
    "used to hit me so I went into foster care, but that was years ago and I'm doing well now. "
    "I'd like housing benefit to be quicker."
)
LESSON = (
    "We've been doing a unit on self-harm in PSHE, about how to help a friend who cuts "
    "themselves and who to tell. It was actually useful. Apart from that I'd like more netball "
    "at lunch and the canteen to do cheaper pasta."
)
SHORT = "my dad hits me when he's been drinking"


def _layer(probability: float) -> StubLayer:
    return StubLayer(lambda _: MeaningFlag(probability, "physical_abuse", "x", 0.5))


def _screener(probability: float | None) -> Screener:
    meaning = None if probability is None else _layer(probability)
    return Screener(load_directory(RULES_DIR), meaning)  # type: ignore[arg-type]


def _both(screener: Screener, text: str):
    return [screener.screen(text), screener.screen_many([text], [None], [None])[0]]


def test_the_answer_is_long_and_a_rule_matches_it():
    assert len(PAST.split()) >= SET_ASIDE_WORDS
    result = Screener(load_directory(RULES_DIR)).screen(PAST)
    assert result.flag and "physical_abuse" in result.categories


def test_a_long_answer_the_layer_finds_unlike_a_disclosure_is_set_aside():
    for result in _both(_screener(0.02), PAST):
        assert (result.status, result.flag, result.categories) == ("clear", False, ())
        listed = result.second_look
        assert listed is not None and listed.second_look and listed.rule
        assert listed.category == "physical_abuse" and listed.probability == 0.02
        assert listed.words and listed.words.lower() in PAST.lower()
        assert listed.rule in listed.reason() and listed.words in listed.reason()
        assert listed.summary()["rule"] == listed.rule


def test_a_long_answer_the_layer_is_unsure_of_stays_a_flag():
    for result in _both(_screener(0.3), PAST):
        assert result.flag and result.second_look is None


def test_a_short_answer_is_never_set_aside():
    for result in _both(_screener(0.0), SHORT):
        assert result.flag and "physical_abuse" in result.categories


def test_without_the_layer_or_with_setting_aside_off_the_rule_stands(monkeypatch):
    assert all(r.flag for r in _both(_screener(None), PAST))
    monkeypatch.setattr(screener_module, "SET_ASIDE_BELOW", None)
    assert all(r.flag for r in _both(_screener(0.0), PAST))


@pytest.fixture(scope="module")
def real() -> Screener:
    screener = default_screener()
    assert screener.meaning is not None  # make setup builds the table; CI must not skip this
    return screener


@pytest.mark.parametrize("text", [PAST, LESSON])
def test_the_real_layer_sets_a_look_alike_aside(real, text):
    result = real.screen(text)
    assert not result.flag and result.second_look is not None and result.second_look.rule


def test_the_real_layer_leaves_a_disclosure_among_other_things_flagged(real):
    own = (
        "I like English and I got a merit for my essay this term. My dad hits me and my "
        "brother with his belt when he gets in from the pub. I would like the library to "
        "open on Saturdays."
    )
    assert len(own.split()) >= SET_ASIDE_WORDS
    assert real.screen(own).flag
