"""Long nonsense is not a disclosure (issue 15). The meaning layer reads each word's letter
pieces, and letters it has not seen together leaned toward a disclosure (the languages it reads
as letters are where most of its disclosures are); summed over a few hundred made-up words
they sent about half of such answers to the safeguarding lead, most as self-harm. The layer
now learns made-up answers as everyday ones, and past ``PIECE_CAP`` an answer's pieces weigh
as their mean, so their part stays bounded however long the answer."""

from __future__ import annotations

import random

import pytest

from analysis.safeguarding import meaning
from analysis.safeguarding.augment import made_up
from analysis.safeguarding.screener import default_screener
from analysis.semantic.logistic import group_weight


def test_made_up_answers_are_the_same_each_time_and_as_long_as_asked():
    answers = made_up(30, (3, 8), seed=5)
    assert answers == made_up(30, (3, 8), seed=5)  # the model's cache key holds
    assert answers != made_up(30, (3, 8), seed=6)
    for answer in answers:
        words = answer.split()
        assert 3 <= len(words) <= 8
        assert all(2 <= len(w) <= 9 and w.isalpha() and w.islower() for w in words)


def test_a_group_weighs_as_a_square_root_up_to_the_cap_and_as_a_mean_past_it():
    assert group_weight(16) == pytest.approx(0.25)
    assert group_weight(16, cap=100) == pytest.approx(0.25)
    assert group_weight(100, cap=100) == pytest.approx(0.1)
    # Past the cap, equal weights add up to the same part however many there are.
    assert 400 * group_weight(400, cap=100) == pytest.approx(10.0)
    assert 4000 * group_weight(4000, cap=100) == pytest.approx(10.0)


@pytest.fixture(scope="module")
def screener():
    screen = default_screener()
    assert screen.meaning is not None  # make setup builds the table; CI must not skip this
    return screen


def _flagged(screener, answers: list[str]) -> list[str]:
    results = screener.screen_many(answers, [None] * len(answers), [None] * len(answers))
    return [a for a, r in zip(answers, results, strict=True) if r.flag]


def _hex_answers(count: int, words: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join(rng.randbytes(3).hex() for _ in range(words)) for _ in range(count)]


@pytest.mark.parametrize("words", [60, 200, 600])
def test_long_made_up_answers_are_seldom_flagged(screener, words):
    # Another seed than the layer learns from, and lengths it learned (up to 200) and not.
    # Random letters make real words now and then ("hit", "is"), so a rare one may be flagged:
    # about 1 in 200 at 60 or 200 words, 1 in 40 at 600; before, 1 in 3 at 200 words.
    answers = made_up(40, (words, words), seed=99)
    assert len(_flagged(screener, answers)) <= 4


def test_long_hex_strings_are_seldom_flagged(screener):
    # Unlike anything the layer learns: the screen reads their digits as letters ("3" -> "e").
    answers = _hex_answers(40, 200)
    assert len(_flagged(screener, answers)) <= 4  # before: more than half


def test_a_disclosure_after_long_nonsense_is_still_found_by_meaning(screener):
    # The answer is read whole and sentence by sentence, so nonsense before it hides nothing.
    (filler,) = made_up(1, (300, 300), seed=3)
    text = f"{filler}. i dont want to wake up tomorrow"
    assert meaning.PIECE_CAP is not None
    assert not screener.screen(text, meaning=False).flag  # no rule: the layer finds it
    assert screener.screen(text).flag
