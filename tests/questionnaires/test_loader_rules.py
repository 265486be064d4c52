"""Later loader rules: each problem reported once, in words an author can act on."""

from __future__ import annotations

from pathlib import Path

from questionnaire_builders import definition, load, one_question, problems_of, write


def codes(path: Path) -> list[str]:
    return [p.code for p in problems_of(path)]


def test_unknown_type_reports_only_the_type(tmp_path: Path) -> None:
    path = write(tmp_path, one_question({"id": "q", "type": "feeling", "scale": 3, "text": "T"}))
    assert codes(path) == ["HYS020"]


def test_option_labels_in_other_scripts_get_values(tmp_path: Path) -> None:
    q = load(
        tmp_path,
        one_question(
            {
                "id": "q",
                "type": "single_choice",
                "text": "T",
                "options": ["Ysgol â", "مدرسة", "Parc"],
            }
        ),
    )
    assert [o.value for o in q.question("q").options] == ["ysgol_a", "option-2", "parc"]
    assert [str(o.label) for o in q.question("q").options] == ["Ysgol â", "مدرسة", "Parc"]


def test_bare_number_value_says_to_quote_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        one_question(
            {"id": "q", "type": "age_band", "text": "T", "options": [{"value": 8, "label": "8"}]}
        ),
    )
    (problem,) = problems_of(path)
    assert problem.code == "HYS012" and "put a number in quotes" in problem.fix


def test_equals_on_a_question_without_options_is_refused(tmp_path: Path) -> None:
    pages = [
        {"id": "p1", "questions": [{"id": "words", "type": "short_text", "text": "T"}]},
        {
            "id": "p2",
            "show_if": {"question": "words", "equals": "yes"},
            "questions": [{"id": "q2", "type": "yes_no", "text": "T"}],
        },
    ]
    (problem,) = problems_of(write(tmp_path, definition(pages=pages)))
    assert problem.code == "HYS031" and "answered: true" in problem.fix


def test_group_size_needs_a_number_and_statements_cannot_be_required(tmp_path: Path) -> None:
    pages = [
        {
            "id": "p1",
            "questions": [
                {"id": "members", "type": "short_text", "text": "T", "purpose": "group_size"},
                {"id": "note", "type": "statement", "text": "T", "required": True},
            ],
        }
    ]
    problems = problems_of(write(tmp_path, definition(pages=pages)))
    assert [(p.code, p.path) for p in problems] == [
        ("HYS041", "pages[0].questions[0].purpose"),
        ("HYS041", "pages[0].questions[1].required"),
    ]


def test_a_forum_name_needs_short_text_and_a_district_single_choice(tmp_path: Path) -> None:
    pages = [
        {
            "id": "p1",
            "questions": [
                {"id": "forum", "type": "long_text", "text": "T", "purpose": "forum_name"},
                {
                    "id": "area",
                    "type": "multiple_choice",
                    "text": "T",
                    "purpose": "district",
                    "options": ["North", "South"],
                },
                {"id": "name", "type": "short_text", "text": "T", "purpose": "forum_name"},
                {
                    "id": "where",
                    "type": "single_choice",
                    "text": "T",
                    "purpose": "district",
                    "options": ["North", "South"],
                },
            ],
        }
    ]
    problems = problems_of(write(tmp_path, definition(pages=pages)))
    assert [(p.code, p.path) for p in problems] == [
        ("HYS041", "pages[0].questions[0].purpose"),
        ("HYS041", "pages[0].questions[1].purpose"),
    ]
    assert "short_text" in problems[0].message and "single_choice" in problems[1].message
