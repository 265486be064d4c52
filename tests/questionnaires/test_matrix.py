"""A matrix question: rows rated on one scale, the rows written by the author or piped
from the options ticked on an earlier multiple_choice (``rows_from``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_builders import (
    assert_problem,
    definition,
    line_of,
    load,
    one_question,
    only,
    problems_of,
    write,
)

from questionnaires.loader import translation_keys

SCALE = [{"value": "good", "label": "Good"}, {"value": "poor", "label": "Poor"}]
USED = {
    "id": "used",
    "type": "multiple_choice",
    "text": "Which services have you used?",
    "options": [
        {"value": "short_breaks", "label": "Short breaks"},
        {"value": "ot", "label": "Occupational therapy"},
        {"value": "camhs", "label": "CAMHS"},
        {"value": "none", "label": "None of these", "exclusive": True},
    ],
    "other": True,
}


def matrix(**keys: object) -> dict:
    return {"id": "rate", "type": "matrix", "text": "How good was each?", **keys}


def piped(rate: dict | None = None, *, first: dict | None = None, **top: object) -> dict:
    """``used`` on the first page, the matrix on the second, then a last page."""
    return definition(
        pages=[
            {"id": "p1", "questions": [first or USED]},
            {"id": "p2", "questions": [rate or matrix(rows_from="used", scale=SCALE)]},
            {"id": "p3", "questions": [{"id": "end", "type": "yes_no", "text": "Done?"}]},
        ],
        **top,
    )


def test_rows_come_from_the_options_ticked_in_the_questionnaires_order(tmp_path: Path) -> None:
    q = load(tmp_path, piped())
    rate = q.question("rate")
    ticked = {"used": {"choices": ["other", "camhs", "short_breaks"], "other": "Youth club"}}
    rows = rate.matrix_rows(ticked)
    assert [r.value for r in rows] == ["short_breaks", "camhs", "other"]
    assert [r.typed for r in rows] == ["", "", "Youth club"]  # Other is named as written
    assert [o.value for o in rate.options] == ["good", "poor"]


def test_an_exclusive_none_of_these_is_never_a_row(tmp_path: Path) -> None:
    rate = load(tmp_path, piped()).question("rate")
    assert "none" not in [o.value for o in rate.settings["rows"]]
    assert rate.matrix_rows({"used": ["none"]}) == ()


def test_the_page_is_skipped_when_nothing_was_ticked(tmp_path: Path) -> None:
    q = load(tmp_path, piped())
    assert [p.id for p in q.visible_pages({})] == ["p1", "p3"]
    assert [p.id for p in q.visible_pages({"used": ["none"]})] == ["p1", "p3"]
    assert [p.id for p in q.visible_pages({"used": ["ot"]})] == ["p1", "p2", "p3"]


def test_ratings_of_rows_unticked_later_are_not_kept(tmp_path: Path) -> None:
    q = load(tmp_path, piped())
    answers = {"used": ["ot", "camhs"], "rate": {"ot": "good", "camhs": "poor"}}
    assert q.prune(answers)["rate"] == {"ot": "good", "camhs": "poor"}
    assert q.prune({**answers, "used": ["camhs"]})["rate"] == {"camhs": "poor"}
    assert "rate" not in q.prune({**answers, "used": ["none"]})


def test_fixed_rows_are_always_asked_and_translated_by_key(tmp_path: Path) -> None:
    q = load(tmp_path, one_question(matrix(rows=["Parks", "Buses"], scale=SCALE)))
    rate = q.question("rate")
    assert [r.value for r in rate.matrix_rows({})] == ["parks", "buses"]
    keys = translation_keys(q)
    assert {"questions.rate.rows.parks", "questions.rate.scale.good"} <= keys


def test_rows_from_an_unknown_question_suggests_the_nearest(tmp_path: Path) -> None:
    path = write(tmp_path, piped(matrix(rows_from="usd", scale=SCALE)))
    problem = only(problems_of(path), "HYS032")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].rows_from",
        fix="did you mean 'used'?",
        line=line_of(path, "rows_from"),
        message="'usd'",
    )


def test_rows_from_a_later_question_is_refused(tmp_path: Path) -> None:
    data = piped(matrix(rows_from="used", scale=SCALE))
    data["pages"][0], data["pages"][1] = data["pages"][1], data["pages"][0]
    path = write(tmp_path, data)
    problem = only(problems_of(path), "HYS032")
    assert "not on an earlier page" in problem.message
    assert problem.path == "pages[0].questions[0].rows_from" and "move 'used'" in problem.fix


def test_rows_from_a_question_beside_it_is_refused(tmp_path: Path) -> None:
    page = {"id": "p1", "questions": [USED, matrix(rows_from="used", scale=SCALE)]}
    path = write(tmp_path, definition(pages=[page]))
    assert "not on an earlier page" in only(problems_of(path), "HYS032").message


def test_rows_from_a_question_that_is_not_multiple_choice_is_refused(tmp_path: Path) -> None:
    first = {"id": "used", "type": "single_choice", "text": "Pick", "options": ["A", "B"]}
    path = write(tmp_path, piped(first=first))
    problem = only(problems_of(path), "HYS032")
    assert "single_choice" in problem.message and "'rows'" in problem.fix


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        ({"rows": ["A"], "rows_from": "used"}, "both 'rows' and 'rows_from'"),
        ({}, "needs its rows"),
    ],
)
def test_rows_and_rows_from_exactly_one(tmp_path: Path, keys: dict, said: str) -> None:
    path = write(tmp_path, piped(matrix(scale=SCALE, **keys)))
    problem = only(problems_of(path), "HYS043")
    assert said in problem.message and problem.path == "pages[1].questions[0]"


@pytest.mark.parametrize("scale", [None, [], [{"value": "good", "label": "Good"}], "Good"])
def test_a_scale_of_fewer_than_two_answers_is_refused(tmp_path: Path, scale: object) -> None:
    rate = matrix(rows_from="used") | ({} if scale is None else {"scale": scale})
    path = write(tmp_path, piped(rate))
    problem = only(problems_of(path), "HYS043")
    assert problem.path == "pages[1].questions[0].scale" and "add 'scale:'" in problem.fix


def test_options_on_a_matrix_point_to_scale(tmp_path: Path) -> None:
    path = write(tmp_path, piped(matrix(rows_from="used", scale=SCALE, options=["A", "B"])))
    assert "rename 'options' to 'scale'" in only(problems_of(path), "HYS040").fix


def test_show_if_cannot_match_a_matrix_value(tmp_path: Path) -> None:
    data = piped()
    data["pages"][2]["show_if"] = {"question": "rate", "equals": "good"}
    problem = only(problems_of(write(tmp_path, data)), "HYS031")
    assert "answered: true" in problem.fix
    data["pages"][2]["show_if"] = {"question": "rate", "answered": True}
    q = load(tmp_path, data)
    assert [p.id for p in q.visible_pages({"used": ["ot"], "rate": {"ot": "good"}})][-1] == "p3"


def test_a_misspelt_type_with_a_matrix_scale_reports_the_type_alone(tmp_path: Path) -> None:
    path = write(tmp_path, piped(matrix(type="matrx", rows_from="used", scale=SCALE)))
    (problem,) = problems_of(path)
    assert problem.code == "HYS020" and "did you mean 'matrix'?" in problem.fix


def test_prefer_not_to_say_is_never_a_row(tmp_path: Path) -> None:
    rate = load(tmp_path, piped(first={**USED, "prefer_not_to_say": True})).question("rate")
    assert rate.matrix_rows({"used": ["prefer_not_to_say"]}) == ()
