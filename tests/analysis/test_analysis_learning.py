from __future__ import annotations

import json

import pytest

from analysis import analyse, learn
from analysis.learning import Correction, LearnedModel

TEXT = "my nan is not very well and I visit her at the weekend"
SIMILAR = "nan was not well at christmas"


def themes(run, ident):
    return next(r.themes for r in run.results if r.id == ident)


def test_corrections_change_the_next_run_and_persist(tmp_path, screen):
    """The lexicon's part of learning (the semantic model's part is tested below)."""
    path = tmp_path / "learned.json"
    before = analyse([{"id": "1", "text": SIMILAR}], screen=screen, semantic=False)
    assert "health" not in themes(before, "1")
    corrections = [
        {"text": TEXT, "themes": ["family", "health"]},
        {"text": "nan is poorly and in bed", "themes": ["family", "health"]},
    ]
    analyse([], corrections=corrections, learned_path=path, screen=screen)
    assert path.exists() and json.loads(path.read_text())["corrections"] == 2
    # a later run that only has the path uses what was learned
    after = analyse(
        [{"id": "1", "text": SIMILAR}, {"id": "2", "text": TEXT}],
        learned_path=path,
        screen=screen,
        semantic=False,
    )
    assert {"family", "health"} <= set(themes(after, "1"))
    assert set(themes(after, "2")) == {"family", "health"}
    assert next(r for r in after.results if r.id == "2").theming == "remembered"


def test_corrections_also_teach_the_semantic_model(screen):
    """Answers about something the codebook does not cover stay unthemed until analysts say
    what they are about; then answers like them get that theme."""
    new = {"id": "1", "text": "the tombola stall at the fete was rigged"}
    assert themes(analyse([new], screen=screen, emerging=False), "1") == []
    corrections = [
        {"text": text, "themes": ["community"]}
        for text in (
            "the tombola at the fete was rigged",
            "the fete tombola was rigged again",
            "the village fete raffle is always a fix",
            "nobody wins the raffle at the fete",
            "the summer fete needs a fairer tombola",
        )
    ]
    run = analyse([new], corrections=corrections, screen=screen, emerging=False)
    assert themes(run, "1") == ["community"]
    assert run.results[0].reasons["community"]["exemplar"]


def test_removed_keywords_are_quieted(screen):
    """The lexicon's part: a keyword analysts keep removing loses its weight there."""
    text = "the dinosaur club is on a tuesday"
    run = analyse([{"id": "1", "text": text}], screen=screen, semantic=False)
    assert "play" in themes(run, "1")
    corrections = [
        {"text": f"the {x} club is boring", "themes": ["school"]}
        for x in ("chess", "maths", "coding")
    ]
    model = learn(corrections)
    assert model.adjustments()[("club", "play")] < 0.5
    run = analyse(
        [{"id": "1", "text": "a new club opened"}],
        corrections=corrections,
        screen=screen,
        semantic=False,
    )
    assert "play" not in themes(run, "1")


def test_learning_is_idempotent(tmp_path):
    corrections = [{"text": TEXT, "themes": ["family"]}]
    first = learn(corrections, path=tmp_path / "a.json")
    second = learn(corrections, path=tmp_path / "b.json")
    assert first.extra_entries() == second.extra_entries()
    assert LearnedModel.load(tmp_path / "a.json").memory == first.memory


def test_unknown_theme_in_a_correction_is_an_error():
    with pytest.raises(ValueError, match="unknown theme"):
        learn([{"text": "x", "themes": ["not_a_theme"]}])


def test_a_corrected_answers_words_are_not_kept_in_the_cached_model(screen, monkeypatch, tmp_path):
    """Corrections train the semantic model's weights, but its cached file holds only words of
    the bundled data: an answer withheld later must not live on in the model file."""
    import numpy as np

    monkeypatch.setattr("analysis.pipeline.model_cache", lambda: tmp_path)
    corrections = [
        {"text": "the zorblatt club zorblatt is great", "themes": ["play"]},
        {"text": "zorblatt zorblatt every week", "themes": ["play"]},
    ]
    analyse([{"id": "1", "text": "hello"}], corrections=corrections, screen=screen)
    files = list(tmp_path.glob("themes-*.npz"))
    assert files
    with np.load(files[0]) as data:
        assert not any("zorblatt" in str(word) for word in data["vocabulary"])


def test_a_correction_keeps_the_theme_of_the_question_it_answered():
    given = Correction.of({"text": "more visits", "themes": ["family"], "context": ["care"]})
    assert (given.themes, given.context) == (("family",), ("care",))
    assert Correction.of({"text": "more visits", "themes": ["family"]}).context == ()
