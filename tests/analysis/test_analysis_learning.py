from __future__ import annotations

import json

import pytest

from analysis import analyse, learn
from analysis.learning import LearnedModel

TEXT = "my nan is not very well and I visit her at the weekend"
SIMILAR = "nan was not well at christmas"


def themes(run, ident):
    return next(r.themes for r in run.results if r.id == ident)


def test_corrections_change_the_next_run_and_persist(tmp_path, screen):
    path = tmp_path / "learned.json"
    before = analyse([{"id": "1", "text": SIMILAR}], screen=screen)
    assert "health" not in themes(before, "1")
    corrections = [
        {"text": TEXT, "themes": ["family", "health"]},
        {"text": "nan is poorly and in bed", "themes": ["family", "health"]},
    ]
    analyse([], corrections=corrections, learned_path=path, screen=screen)
    assert path.exists() and json.loads(path.read_text())["corrections"] == 2
    # a later run that only has the path uses what was learned
    after = analyse(
        [{"id": "1", "text": SIMILAR}, {"id": "2", "text": TEXT}], learned_path=path, screen=screen
    )
    assert {"family", "health"} <= set(themes(after, "1"))
    assert set(themes(after, "2")) == {"family", "health"}
    assert next(r for r in after.results if r.id == "2").theming == "remembered"


def test_removed_keywords_are_quieted(screen):
    text = "the dinosaur club is on a tuesday"
    assert "play" in themes(analyse([{"id": "1", "text": text}], screen=screen), "1")
    corrections = [
        {"text": f"the {x} club is boring", "themes": ["school"]}
        for x in ("chess", "maths", "coding")
    ]
    model = learn(corrections)
    assert model.adjustments()[("club", "play")] < 0.5
    run = analyse(
        [{"id": "1", "text": "a new club opened"}], corrections=corrections, screen=screen
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
