"""An option that means "none of these" (``exclusive: true``) on a multiple_choice question."""

from __future__ import annotations

from pathlib import Path

from questionnaire_builders import line_of, load, one_question, problems_of, write


def _multiple(*options: object, qtype: str = "multiple_choice") -> dict:
    return one_question({"id": "q", "type": qtype, "text": "T", "options": list(options)})


def test_exclusive_option_is_marked_and_the_others_are_not(tmp_path: Path) -> None:
    q = load(
        tmp_path, _multiple("Sport", "Music", {"value": "none", "label": "None", "exclusive": True})
    )
    assert [(o.value, o.exclusive) for o in q.question("q").options] == [
        ("sport", False),
        ("music", False),
        ("none", True),
    ]


def test_two_exclusive_options_are_refused_at_the_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _multiple(
            "Sport",
            {"value": "none", "label": "None", "exclusive": True},
            {"value": "dont_know", "label": "Don't know", "exclusive": True},
        ),
    )
    (problem,) = problems_of(path)
    assert problem.code == "HYS042"
    assert "'none'" in problem.message
    assert problem.path == "pages[0].questions[0].options[2].exclusive"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "exclusive" in lines[problem.line - 1] and line_of(path, "exclusive") < problem.line


def test_exclusive_on_a_single_choice_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _multiple("Yes", {"value": "no", "label": "No", "exclusive": True}, qtype="single_choice"),
    )
    (problem,) = problems_of(path)
    assert problem.code == "HYS042" and "remove 'exclusive: true'" in problem.fix


def test_exclusive_must_be_true_or_false(tmp_path: Path) -> None:
    path = write(tmp_path, _multiple("Sport", {"value": "none", "label": "N", "exclusive": "yes"}))
    (problem,) = problems_of(path)
    assert problem.code == "HYS012" and "true or false" in problem.fix


def test_misspelt_exclusive_gets_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, _multiple("Sport", {"value": "none", "label": "N", "exclusve": True}))
    (problem,) = problems_of(path)
    assert problem.code == "HYS010" and "did you mean 'exclusive'?" in problem.fix
