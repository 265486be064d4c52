from __future__ import annotations

import json
from pathlib import Path

import pytest
from textblob import TextBlob

from analysis.sentiment import FastSentiment, label_for, mean_label

EVAL = Path(__file__).resolve().parents[2] / "analysis" / "evaluation" / "dev.jsonl"


@pytest.fixture(scope="module")
def plain():
    return FastSentiment(overlay=None, extra_negations=False)


def english_texts():
    with EVAL.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [r["text"] for r in rows if r.get("language", "en") == "en"]


def test_agrees_with_textblob_pattern_analyzer(plain):
    """Same lexicon, same rules: scores should match TextBlob's closely on our answers."""
    texts = english_texts()
    close = 0
    for text in texts:
        ours = plain.score(text).score
        theirs = TextBlob(text).sentiment.polarity
        close += abs(ours - theirs) <= 0.05
    assert close / len(texts) >= 0.9


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the youth club is brilliant", "positive"),
        ("the youth club is awful", "negative"),
        ("the youth club is on a tuesday", "neutral"),
        ("the staff are brilliant but the building is awful", "mixed"),
    ],
)
def test_labels_a_commissioner_can_read(text, label):
    assert FastSentiment().score(text).label == label


def test_negation_turns_and_softens(plain):
    good = plain.score("the school is good").score
    not_good = plain.score("the school is not good").score
    assert good > 0 > not_good and abs(not_good) < good


def test_domain_overlay_and_textspeak_negation():
    fast = FastSentiment()
    assert fast.score("I get bullied every day").score < 0
    assert fast.score("i dont feel happy").score < 0
    assert FastSentiment(overlay=None).score("I get bullied every day").score == 0


def test_group_sentiment_is_mixed_when_both_sides_are_strong():
    assert mean_label([0.8, -0.7, 0.6, -0.5]).label == "mixed"
    assert mean_label([0.5, 0.4]).label == "positive"
    assert mean_label([]).label == "neutral"
    assert label_for(-0.3, 0.0, -0.3) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "my social worker keeps changing",
        "they talk about me like I'm not there",
        "they talk about me like im not in the room",
        "nobody listens to us",
    ],
)
def test_being_passed_around_and_talked_over_reads_as_negative(text):
    assert FastSentiment().score(text).label == "negative"
