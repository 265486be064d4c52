"""Everyday answers are not disclosures. The blind sets' negatives all share words with
disclosures, so a layer trained on them alone came to flag whatever did not look like such a
look-alike ("no", "home", "not sure what to put"): a quarter of everyday answers about services.
It now also learns from everyday answers (``training.everyday_answers``), and one word is left to
the rules."""

from __future__ import annotations

import pytest
from stub_layer import StubLayer

from analysis.safeguarding.meaning import MeaningFlag
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR, Screener, default_screener
from analysis.safeguarding.training import everyday_answers

# Written for this test: what children and parent carers write in a box about services.
EVERYDAY = [
    "no",
    "home",
    "kept",
    "none",
    "i dont know",
    "not really",
    "my mum",
    "at home with my family",
    "the bus home takes ages",
    "nothing to add",
    "more clubs in the holidays please",
    "not sure what to put",
    "my nan looks after me after school",
    "i want more things to do at weekends",
    "the youth club shut down",
    "my dad takes me to football",
    "i live with my mum and my brother",
    "school is ok i guess",
    "home is where i feel safest",
    "nobody really asks us",
    "nothing much happens round here",
    "waiting lists are too long",
    "my mum works nights so my aunt has us",
]


def flags_everything() -> StubLayer:
    return StubLayer(lambda _: MeaningFlag(0.99, "neglect", "x", 0.9))


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_answer_is_clear(text):
    screener = default_screener()
    assert screener.meaning is not None  # make setup builds the table; CI must not skip this
    assert not screener.screen(text).flag


def test_one_word_is_left_to_the_rules():
    screener = Screener(load_directory(RULES_DIR), flags_everything())  # type: ignore[arg-type]
    assert not screener.screen("home").flag
    assert screener.screen("home alone again").flag  # two words: the layer judges
    assert screener.screen("kms").flag  # a rule, whatever the length


def test_everyday_answers_leave_out_what_the_rules_flag():
    rules = Screener(load_directory(RULES_DIR))
    rows = everyday_answers(lambda text: rules.screen(text, meaning=False).flag)
    assert len(rows) > 1000 and not any(r.disclosure for r in rows)
    assert not any(rules.screen(r.text, meaning=False).flag for r in rows[:200])


@pytest.mark.parametrize(
    "text",
    ["my step dad is nice to me", "my stepdad is really nice to me", "my step mum is kind to me"],
)
def test_good_words_about_a_stepparent_are_not_a_flag(text):
    """The layer had learned "step dad ... me" from the many disclosures about stepfathers and
    flagged a child's good word about one; look-alikes of our own now teach it otherwise."""
    assert not default_screener().screen(text, audience="child").flag


def test_a_stepparent_nice_only_when_nobody_is_looking_is_still_a_flag():
    text = "my step dad is nice to me when mum is there but not when shes out"
    assert default_screener().screen(text, audience="child").flag


# Written for this test: "nothing much", "nothing", "don't know", "no idea", "nothing else" in
# the other languages. The layer had learned everyday answers in English only, and flagged the
# Polish and Arabic ones (round 16).
SHORT_ELSEWHERE = [
    "nic takiego",
    "nic nie",
    "nie wiem",
    "لا شي",
    "ما بعرف",
    "کچھ نہیں",
    "kuch nahi",
    "pata nahi",
    "dim byd",
    "dim syniad",
    "chan eil dad",
    "chan eil fhios agam",
]


@pytest.mark.parametrize("text", SHORT_ELSEWHERE)
def test_a_short_everyday_answer_in_another_language_is_clear(text):
    assert not default_screener().screen(text).flag


def test_short_everyday_answers_are_learned_in_every_language():
    rows = everyday_answers(lambda text: False)
    languages = {r.language for r in rows if not r.disclosure}
    assert {"en", "cy", "gd", "pl", "ar", "ur"} <= languages
