"""The screen's part of the lead's second-look list: an answer its meaning layer finds close to
a disclosure but below the threshold is clear (no flag, no case, no help page) and carries
``second_look`` for the list; the analysis keeps it; the benchmark counts what the list holds.
The list itself is tested in tests/survey/test_safeguarding_second_look.py."""

from __future__ import annotations

import numpy as np
import pytest
from stub_layer import StubLayer

from analysis import analyse, evalsets
from analysis.safeguarding.evaluate import Example, load_examples, score
from analysis.safeguarding.meaning import SECOND_LOOK, THRESHOLD, MeaningFlag
from analysis.safeguarding.reading import judged, pieces_of
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR, Screener, default_screener

CLOSE = MeaningFlag(0.58, "neglect", "there is never any food at home", 0.66, True)
SURE = MeaningFlag(0.91, "neglect", "there is never any food at home", 0.8)


def _screener(found: MeaningFlag | None) -> Screener:
    """The meaning layer stands in: the same finding for every piece of every text."""
    return Screener(load_directory(RULES_DIR), StubLayer(lambda _: found))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def real() -> Screener:
    screener = default_screener()
    assert screener.meaning is not None  # make setup builds the table; CI must not skip this
    return screener


def test_close_but_below_the_threshold_is_clear_and_marked_for_a_second_look():
    screener = _screener(CLOSE)
    text = "we do not get much for tea most days"
    for result in (screener.screen(text), screener.screen_many([text], [None], [None])[0]):
        assert (result.status, result.flag, result.categories) == ("clear", False, ())
        assert result.second_look == CLOSE
    assert screener.meaning.asked[-1] is True  # the screen asks for close answers too


def test_at_the_threshold_it_is_a_flag_with_no_second_look():
    result = _screener(SURE).screen("we do not get much for tea most days")
    assert result.flag and result.categories == ("neglect",) and result.second_look is None


def test_a_rule_flag_never_carries_a_second_look():
    result = _screener(CLOSE).screen("my dad hits me with his belt")
    assert result.flag and result.second_look is None


def test_an_adult_about_no_one_in_particular_is_not_listed_either():
    """The same rule as for a flag: a parent carer describing services is not a disclosure."""
    screener = _screener(CLOSE)
    services = "families round here struggle to afford food at the end of the month"
    assert screener.screen(services, audience="parent_carer").second_look is None
    own = "my son does not want to go to his dads at weekends any more"
    assert screener.screen(own, audience="parent_carer").second_look == CLOSE


def test_the_real_layer_marks_exactly_the_answers_between_the_two_figures(real):
    meaning = real.meaning
    texts = [e.text for e in load_examples("blind_dev10")]
    p = meaning.probabilities(texts)
    plain = meaning.check_many(texts)
    wide = meaning.check_many(texts, with_second_look=True)
    band = (p >= SECOND_LOOK) & (p < THRESHOLD)
    assert band.sum() >= 5  # the test has something to check
    for i in range(len(texts)):
        assert (plain[i] is not None) == bool(p[i] >= THRESHOLD)
        assert (wide[i] is not None) == bool(p[i] >= SECOND_LOOK)
        if wide[i] is not None:
            assert wide[i].second_look == bool(band[i])
            assert wide[i].probability == pytest.approx(p[i], abs=1e-3)


def test_the_real_screen_lists_every_clear_answer_close_enough_and_no_other(real):
    """A child's answer no rule or meaning flags is listed when the answer or one of its
    sentences (weighed beside its neighbours) is at least SECOND_LOOK likely: the same reading as
    for a flag. Everyday
    answers (the theme evaluation split, never learned from) and a blind development set."""
    listed = 0
    texts = [row["text"] for row in evalsets.real_rows()]
    texts += [e.text for e in load_examples("blind_dev10") if e.audience in (None, "child")]
    for text in texts:
        result = real.screen(text, audience="child")
        if result.flag or len(text.split()) < 2:
            assert result.second_look is None
            continue
        pieces, (read,) = pieces_of([text])
        best = judged(read, real.meaning.probabilities(pieces))[0]
        assert best < THRESHOLD + 1e-6  # else the layer would have flagged it
        assert (result.second_look is not None) == (best >= SECOND_LOOK), text
        if result.second_look is not None:
            assert result.second_look.probability == pytest.approx(best, abs=1e-3)
            listed += 1
    assert listed >= 5  # the test has something to check


def test_the_analysis_keeps_the_second_look_for_the_web_app():
    screener = _screener(CLOSE)
    run = analyse(
        [
            {"id": "a", "text": "we do not get much for tea most days", "audience": "child"},
            {"id": "b", "text": "my dad hits me with his belt", "audience": "child"},
        ],
        screen=screener,
        emerging=False,
    )
    rows = {r.id: r.row() for r in run.results}
    assert rows["a"]["safeguarding"]["flag"] is False
    assert rows["a"]["safeguarding"]["second_look"] == CLOSE.summary()
    assert rows["a"]["safeguarding"]["second_look"]["probability"] == 0.58
    assert rows["b"]["safeguarding"]["flag"] is True
    assert rows["b"]["safeguarding"]["second_look"] is None


def test_the_benchmark_counts_what_the_list_holds():
    examples = [
        Example("d1", "we do not get much for tea most days", "en", "child", True, ("neglect",)),
        Example("d2", "my dad hits me with his belt", "en", "child", True, ("physical_abuse",)),
        Example("n1", "the chips at school are cold", "en", "child", False, ()),
        Example("n2", "ok", "en", "child", False, ()),  # one word: left to the rules
    ]
    report = score(examples, _screener(CLOSE))
    o = report.overall
    assert (o.caught, len(o.missed), o.missed_listed) == (1, 1, 1)
    assert (o.false_alarms, o.negatives_listed) == (0, 1)
    assert o.recall == 0.5 and o.recall_with_list == 1.0
    assert np.isclose(report.by_language["en"].recall_with_list, 1.0)


def test_a_council_may_widen_the_list_and_that_flags_nothing_more(real):
    """``default_screener(0.4)``: the same rules, model and flags, and a list that also holds
    the clear answers from 0.4 up to the shipped floor; the shipped floor is the shipped
    screener itself."""
    assert default_screener(SECOND_LOOK) is real
    wider = default_screener(0.4)
    assert wider is default_screener(0.4) and wider.ruleset is real.ruleset
    rows = load_examples("blind_dev10")
    everyday = [row["text"] for row in evalsets.real_rows()]  # never learned from
    texts = [e.text for e in rows] + everyday
    languages = [e.language for e in rows] + ["en"] * len(everyday)
    audiences = [e.audience for e in rows] + ["child"] * len(everyday)
    shipped = real.screen_many(texts, languages, audiences)
    widened = wider.screen_many(texts, languages, audiences)
    added = 0
    for before, after in zip(shipped, widened, strict=True):
        assert (after.status, after.flag, after.categories) == (
            before.status,
            before.flag,
            before.categories,
        )
        if before.second_look is not None:
            assert after.second_look == before.second_look
        elif after.second_look is not None:
            # The probability shown is rounded to three places: just under the floor shows as it.
            assert 0.4 - 1e-6 <= after.second_look.probability <= SECOND_LOOK
            added += 1
    assert added >= 3  # the test has something to check


@pytest.mark.parametrize("floor", [0.0, -0.1, THRESHOLD + 0.01, 1.5])
def test_a_floor_outside_the_band_is_refused(real, floor):
    with pytest.raises(ValueError, match="second_look"):
        real.meaning.with_second_look(floor)
