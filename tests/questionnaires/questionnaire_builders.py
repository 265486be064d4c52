"""Small definitions written to ``tmp_path``, and a way to pick one problem out of an error.

Each test builds the smallest file that shows one behaviour, so a failure names
the rule that broke rather than a line somewhere in a bundled questionnaire.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from questionnaires import Problem, Questionnaire, QuestionnaireError, load_file


def definition(qid: str = "demo", pages: list[dict] | None = None, **top: Any) -> dict:
    """A valid definition; ``pages`` and any top-level key can be replaced."""
    data: dict[str, Any] = {
        "id": qid,
        "version": 1,
        "title": "Demo",
        "audience": "child",
        "age_band": "8-12",
        "intro": "What this is for.",
        "thank_you": "Thank you.",
        "pages": pages
        if pages is not None
        else [{"id": "p1", "questions": [{"id": "q1", "type": "yes_no", "text": "Yes?"}]}],
    }
    data.update(top)
    return data


def one_question(question: dict, qid: str = "demo") -> dict:
    """A definition with a single page holding ``question``."""
    return definition(qid, [{"id": "p1", "questions": [copy.deepcopy(question)]}])


def write(directory: Path, data: dict | str, name: str | None = None) -> Path:
    """Write ``data`` (a mapping, or YAML text as an author would type it)."""
    if isinstance(data, dict):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        name = name or f"{data['id']}.yaml"
    else:
        text = data
        name = name or "demo.yaml"
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load(directory: Path, data: dict | str, name: str | None = None) -> Questionnaire:
    return load_file(write(directory, data, name))


def line_of(path: Path, needle: str) -> int:
    """The 1-based line where ``needle`` first appears, so tests do not hard-code layout."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


def problems_of(path: Path) -> tuple[Problem, ...]:
    """Every problem the loader reports for ``path``; fails if it loads."""
    with pytest.raises(QuestionnaireError) as caught:
        load_file(path)
    return caught.value.problems


def only(problems: tuple[Problem, ...], code: str) -> Problem:
    """The single problem with ``code``; an author should get one message per mistake."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, f"expected one {code}, got: {[str(p) for p in problems]}"
    return found[0]


def assert_problem(
    problem: Problem,
    *,
    file: Path,
    path: str,
    fix: str,
    line: int | None = None,
    message: str = "",
) -> None:
    """What an author needs to act: the file, the place, the line and the fix."""
    assert problem.file == str(file)
    assert problem.path == path
    assert fix in problem.fix, problem.fix
    if message:
        assert message in problem.message, problem.message
    if line is not None:
        assert problem.line == line, (problem.line, line)
    text = str(problem)
    assert str(file) in text and problem.code in text and f"fix: {problem.fix}" in text
    if path:
        assert f"at {path}" in text
