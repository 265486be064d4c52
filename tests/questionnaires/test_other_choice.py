"""'Other, please say' on a multiple_choice: an option the loader adds, free text beside it."""

from __future__ import annotations

from pathlib import Path

from questionnaire_builders import load, one_question, problems_of, write

from questionnaires.model import Condition, chosen


def _question(**extra: object) -> dict:
    return one_question(
        {"id": "q", "type": "multiple_choice", "text": "T", "options": ["Sport", "Art"], **extra}
    )


def test_other_adds_a_builtin_option_last_and_makes_the_question_free_text(
    tmp_path: Path,
) -> None:
    question = load(tmp_path, _question(other=True)).question("q")
    assert [o.value for o in question.options] == ["sport", "art", "other"]
    assert question.options[-1].builtin and str(question.options[-1].label) == "Other"
    assert question.is_free_text


def test_without_other_a_multiple_choice_is_not_free_text(tmp_path: Path) -> None:
    question = load(tmp_path, _question()).question("q")
    assert [o.value for o in question.options] == ["sport", "art"]
    assert not question.is_free_text


def test_an_own_other_option_beside_other_true_is_refused(tmp_path: Path) -> None:
    data = _question(other=True)
    data["pages"][0]["questions"][0]["options"].append({"value": "other", "label": "Else"})
    (problem,) = problems_of(write(tmp_path, data))
    assert problem.code == "HYS040" and problem.path.endswith("options[2].value")


def test_other_must_be_true_or_false(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, _question(other="yes please")))
    assert problem.code == "HYS012" and problem.path.endswith(".other")


def test_chosen_reads_every_stored_shape() -> None:
    assert chosen(["a", "other"]) == ["a", "other"]
    assert chosen({"choices": ["a", "other"], "other": "words"}) == ["a", "other"]
    assert chosen("a") == ["a"]
    assert chosen(None) == []
    condition = Condition("q", ("other",))
    assert condition.holds({"q": {"choices": ["other"], "other": "words"}})
    assert not condition.holds({"q": {"choices": ["a"], "other": ""}})
