"""One sentence of disclosure inside a long answer about something else: the meaning layer
judges the whole answer and each of its sentences, so the rest does not average it away."""

from __future__ import annotations

from stub_layer import StubLayer

from analysis.safeguarding.meaning import MeaningFlag
from analysis.safeguarding.normalise import sentences_of
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR, Screener

BURIED = "Sometimes I wonder how long I can keep pretending everything is fine"
ANSWER = (
    "The number 12 bus is always late and the driver shouts at us. "
    f"{BURIED}. Please put on more buses at the weekend."
)


def only_one_sentence() -> StubLayer:
    """The meaning layer stands in: it recognises one sentence, alone or beside a neighbour,
    but not the whole answer, as a model whose score for the whole answer is diluted by the
    talk about buses."""
    found = MeaningFlag(0.9, "suicidal_thoughts", "nobody would miss me", 0.8)
    return StubLayer(lambda text: found if BURIED in text and text != ANSWER else None)


def _screener(meaning: StubLayer) -> Screener:
    return Screener(load_directory(RULES_DIR), meaning)  # type: ignore[arg-type]


def test_an_answer_is_read_whole_and_sentence_by_sentence():
    pieces = sentences_of(ANSWER)
    assert pieces[0] == ANSWER
    assert f"{BURIED}." in pieces and len(pieces) == 4


def test_short_or_single_sentence_answers_are_read_whole_only():
    assert sentences_of("ok. thanks!") == ["ok. thanks!"]
    assert sentences_of(BURIED) == [BURIED]


def test_a_buried_sentence_flags_the_whole_answer_in_one_and_in_many():
    meaning = only_one_sentence()
    screener = _screener(meaning)
    one = screener.screen(ANSWER, audience="young_person")
    many = screener.screen_many([ANSWER, "The buses are fine."], [None, None], [None, None])
    for result in (one, many[0]):
        assert result.flag and result.categories == ("suicidal_thoughts",)
        assert result.matches[0].rule_id == "meaning"
    assert not many[1].flag
    assert ANSWER in meaning.seen and f"{BURIED}." in meaning.seen


def test_matches_come_in_the_same_order_in_every_process():
    """Rules that tie are ordered in full (seriousness, language, place, rule), not by the
    order of a set of words, which changes with Python's hash seed from process to process."""
    import os
    import subprocess
    import sys

    script = (
        "from analysis.safeguarding.rules import load_directory\n"
        "from analysis.safeguarding.screener import RULES_DIR, Screener\n"
        "s = Screener(load_directory(RULES_DIR))\n"
        "for t in ['dad hits me and mum and says he will kill us if i tell',\n"
        "          'mae dad yn taro fi, he hits me, bije mnie',\n"
        "          'kms lol he cut me and took pics of me']:\n"
        "    r = s.screen(t)\n"
        "    print([(m.rule_id, m.start, m.end) for m in r.matches], r.language)\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(1, 6)
    }
    assert len(seen) == 1
