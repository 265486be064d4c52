"""The loader: one test per error code, each checking what an author sees.

A council officer fixes a definition from the message alone, so every test
checks the file, the path inside it, the line where the loader knows it, and
the fix text, not only the code.
"""

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

from questionnaires import QuestionnaireError, load_directory, load_file
from questionnaires.loader import definition_files, translation_keys

# A definition as an author would type it: fixed layout so lines can be asserted.
TEXT = """\
id: demo
version: 1
title: Demo
audience: child
age_band: "8-12"
intro: What this is for.
thank_you: Thank you.
pages:
  - id: first
    title: First
    questions:
      - id: pet
        type: single_choice
        text: Do you have a pet?
        options:
          - {value: dog, label: A dog}
          - {value: cat, label: A cat}
  - id: second
    questions:
      - id: pet_name
        type: short_text
        text: What is it called?
        show_if: {question: pet, equals: dog}
"""


# --- the pipeline ----------------------------------------------------------


def test_a_valid_file_builds_frozen_objects(tmp_path: Path) -> None:
    """The app, the analysis and the workspace read these objects; they must not change."""
    q = load(tmp_path, TEXT)
    assert (q.id, q.version, q.audience, q.age_band) == ("demo", 1, "child", "8-12")
    assert [p.id for p in q.pages] == ["first", "second"]
    assert q.question("pet").options[1].label.default == "A cat"
    assert q.page("second").questions[0].show_if.equals == ("dog",)
    assert q.source == str(tmp_path / "demo.yaml")
    assert q.language == "en" and q.status == "open" and q.retention_days == 730
    assert q.locales == ("en",)
    with pytest.raises(AttributeError):
        q.title = "changed"  # type: ignore[misc]


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """An author fixes a file in one pass, not one error per run."""
    data = definition(audience="kids", version=0)
    data["pages"][0]["questions"][0]["type"] = "yes_or_no"
    del data["intro"]
    codes = sorted(p.code for p in problems_of(write(tmp_path, data)))
    assert codes == ["HYS011", "HYS012", "HYS013", "HYS020"]


def test_definition_files_skip_translations(tmp_path: Path) -> None:
    write(tmp_path, definition("demo"))
    write(tmp_path, "title: Teitl\n", "demo.cy.yaml")
    assert definition_files(tmp_path) == [tmp_path / "demo.yaml"]


def test_translation_keys_list_every_text(tmp_path: Path) -> None:
    """Translators are given exactly these keys; a missing one shows English to a child."""
    q = load(
        tmp_path,
        definition(
            summary="S",
            privacy="P",
            pages=[
                {
                    "id": "p1",
                    "title": "Page",
                    "questions": [
                        {"id": "ok", "type": "consent", "text": "T", "label": "L", "hint": "H"},
                        {
                            "id": "f",
                            "type": "feelings",
                            "text": "T",
                            "scale": 3,
                            "labels": ["a", "b", "c"],
                        },
                        {
                            "id": "n",
                            "type": "number",
                            "text": "T",
                            "unit": "cm",
                            "privacy_note": "N",
                        },
                        {"id": "c", "type": "single_choice", "text": "T", "options": ["Red"]},
                        {"id": "y", "type": "yes_no", "text": "T"},
                    ],
                }
            ],
        ),
    )
    assert translation_keys(q) == {
        "title",
        "summary",
        "intro",
        "privacy",
        "thank_you",
        "pages.p1.title",
        "questions.ok.text",
        "questions.ok.hint",
        "questions.ok.label",
        "questions.f.text",
        "questions.f.labels.1",
        "questions.f.labels.2",
        "questions.f.labels.3",
        "questions.n.text",
        "questions.n.unit",
        "questions.n.privacy_note",
        "questions.c.text",
        "questions.c.options.red",
        "questions.y.text",
    }


def test_translations_attach_to_texts_and_fall_back(tmp_path: Path) -> None:
    """A missing translation shows the original words, never an empty label."""
    path = write(tmp_path, TEXT)
    write(tmp_path, "title: Teitl\nquestions.pet.options.dog: Ci\n", "demo.cy.yaml")
    q = load_file(path)
    assert q.locales == ("en", "cy")
    assert q.title.get("cy") == "Teitl" and q.title.get("fr") == "Demo" and q.title.get() == "Demo"
    pet = q.question("pet")
    assert pet.option("dog").label.get("cy") == "Ci"
    assert pet.option("cat").label.get("cy") == "A cat"
    assert pet.text.get("cy") == "Do you have a pet?"


# --- HYS001: not YAML --------------------------------------------------------


def test_hys001_yaml_syntax_gives_the_line(tmp_path: Path) -> None:
    broken = TEXT.replace("title: First", "title: [First")
    path = write(tmp_path, broken)
    problem = only(problems_of(path), "HYS001")
    expected = line_of(path, "title: [First")
    assert problem.line in (expected, expected + 1)  # PyYAML notices on the line or just after
    assert_problem(
        problem, file=path, path="", fix="indentation and quotes", message="not valid YAML"
    )
    assert f"{path}:{problem.line}" in str(problem)


def test_hys001_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_bytes(TEXT.replace("Demo", "D\xe9mo").encode("latin-1"))
    problem = only(problems_of(path), "HYS001")
    assert_problem(problem, file=path, path="", fix="save it as UTF-8", message="cannot read")


# --- HYS010..HYS013: keys and values ---------------------------------------------


def test_hys010_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("    title: First", "    titel: First"))
    problem = only(problems_of(path), "HYS010")
    assert_problem(
        problem,
        file=path,
        path="pages[0].titel",
        fix="did you mean 'title'?",
        line=line_of(path, "titel:"),
        message="unknown key 'titel'",
    )


def test_hys010_unknown_key_without_a_near_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TEXT.replace(
            "        text: What is it called?", "        text: What is it called?\n        zzz: 1"
        ),
    )
    problem = only(problems_of(path), "HYS010")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].zzz",
        fix="allowed keys here",
        line=line_of(path, "zzz:"),
    )
    assert "max_length" in problem.fix  # the type's own keys are allowed too


def test_hys011_missing_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("intro: What this is for.\n", ""))
    problem = only(problems_of(path), "HYS011")
    assert_problem(
        problem, file=path, path="intro", fix="add 'intro:'", line=1, message="missing 'intro'"
    )


def test_hys011_choice_question_without_options(tmp_path: Path) -> None:
    path = write(tmp_path, one_question({"id": "c", "type": "single_choice", "text": "T"}))
    problem = only(problems_of(path), "HYS011")
    assert_problem(
        problem, file=path, path="pages[0].questions[0].options", fix="add a list of options"
    )


def test_hys012_wrong_type_of_value(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("version: 1", "version: one"))
    problem = only(problems_of(path), "HYS012")
    assert_problem(
        problem,
        file=path,
        path="version",
        fix="whole number of 1 or more",
        line=2,
        message="positive int",
    )


@pytest.mark.parametrize(
    ("old", "new", "where", "fix"),
    [
        ("id: pet\n", "id: Pet Name\n", "pages[0].questions[0].id", "lower-case letters"),
        ("title: Demo", "title: ''", "title", "write the words as text"),
        ("pages:\n", "language: English\npages:\n", "language", "language code"),
        (
            "text: Do you have a pet?",
            "text: Do you have a pet?\n        uncrc: [12, 99]",
            "pages[0].questions[0].uncrc",
            "1 to 54",
        ),
        (
            "text: Do you have a pet?",
            "text: Do you have a pet?\n        required: maybe",
            "pages[0].questions[0].required",
            "true or false",
        ),
        (
            "text: Do you have a pet?",
            "text: Do you have a pet?\n        themes: family",
            "pages[0].questions[0].themes",
            "list of words",
        ),
    ],
)
def test_hys012_each_kind_of_value_has_its_own_fix(
    tmp_path: Path, old: str, new: str, where: str, fix: str
) -> None:
    path = write(tmp_path, TEXT.replace(old, new, 1))
    assert_problem(only(problems_of(path), "HYS012"), file=path, path=where, fix=fix)


def test_hys012_a_page_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, definition(pages=["just words"]))
    problem = only(problems_of(path), "HYS012")
    assert_problem(
        problem,
        file=path,
        path="pages[0]",
        fix="'key: value' lines",
        line=line_of(path, "just words"),
    )


def test_hys013_bad_enum_value_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("audience: child", "audience: childs"))
    problem = only(problems_of(path), "HYS013")
    assert_problem(
        problem,
        file=path,
        path="audience",
        fix="did you mean 'child'?",
        line=line_of(path, "audience:"),
        message="not a valid audience",
    )


def test_hys013_without_a_near_match_lists_the_allowed_values(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("pages:\n", "status: zzz\npages:\n"))
    problem = only(problems_of(path), "HYS013")
    assert_problem(problem, file=path, path="status", fix="use one of: open, closed, draft")


# --- HYS020, HYS021: types and ids --------------------------------------------------


def test_hys020_unknown_type_suggests_a_registered_one(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("type: single_choice", "type: single_choise"))
    problem = only(problems_of(path), "HYS020")
    assert_problem(
        problem,
        file=path,
        path="pages[0].questions[0].type",
        fix="did you mean 'single_choice'?",
        line=line_of(path, "single_choise"),
        message="unknown question type 'single_choise'",
    )


def test_hys020_unknown_type_without_a_near_match_lists_every_type(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("type: short_text", "type: essay"))
    problem = only(problems_of(path), "HYS020")
    assert "use one of:" in problem.fix and "long_text" in problem.fix


def test_hys021_duplicate_page_id(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("id: second", "id: first"))
    problem = only(problems_of(path), "HYS021")
    second = path.read_text().splitlines().index("  - id: first", 9) + 1
    assert_problem(
        problem,
        file=path,
        path="pages[1].id",
        fix="give each page its own id",
        line=second,
        message="page id 'first' is used twice",
    )


def test_hys021_duplicate_question_id_on_a_later_page(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("id: pet_name", "id: pet"))
    problem = only(problems_of(path), "HYS021")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].id",
        fix="give each question its own id",
        line=line_of(path, "What is it called") - 2,
        message="question id 'pet' is used twice",
    )


def test_hys021_duplicate_question_id_on_the_same_page(tmp_path: Path) -> None:
    question = {"id": "same", "type": "yes_no", "text": "T"}
    path = write(tmp_path, definition(pages=[{"id": "p1", "questions": [question, question]}]))
    assert_problem(
        only(problems_of(path), "HYS021"),
        file=path,
        path="pages[0].questions[1].id",
        fix="its own id",
    )


# --- HYS030, HYS031: show_if ---------------------------------------------------------


def test_hys030_show_if_names_an_unknown_question(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("{question: pet,", "{question: pets,"))
    problem = only(problems_of(path), "HYS030")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].show_if.question",
        fix="did you mean 'pet'?",
        line=line_of(path, "show_if"),
        message="not on an earlier page",
    )


def test_hys030_show_if_cannot_use_a_question_on_the_same_page(tmp_path: Path) -> None:
    """Pages work without JavaScript, so a question cannot depend on its neighbour."""
    data = definition(
        pages=[
            {
                "id": "p1",
                "questions": [
                    {"id": "a", "type": "yes_no", "text": "A?"},
                    {
                        "id": "b",
                        "type": "short_text",
                        "text": "B?",
                        "show_if": {"question": "a", "equals": "yes"},
                    },
                ],
            }
        ]
    )
    path = write(tmp_path, data)
    problem = only(problems_of(path), "HYS030")
    assert_problem(
        problem, file=path, path="pages[0].questions[1].show_if.question", fix="earlier page"
    )


def test_hys030_show_if_needs_exactly_one_test(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("equals: dog}", "equals: dog, answered: true}"))
    problem = only(problems_of(path), "HYS030")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].show_if",
        fix="'equals: <option value>' or 'answered: true'",
        line=line_of(path, "show_if"),
    )


def test_hys031_show_if_value_that_is_not_an_option(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("equals: dog}", "equals: dgo}"))
    problem = only(problems_of(path), "HYS031")
    assert_problem(
        problem,
        file=path,
        path="pages[1].questions[0].show_if.equals",
        fix="did you mean 'dog'?",
        line=line_of(path, "show_if"),
        message="'dgo' is not an option of 'pet'",
    )


def test_hys031_unquoted_yes_is_read_as_true(tmp_path: Path) -> None:
    """YAML reads a bare yes as true: the loader must say so, not show the page to nobody."""
    data = definition(
        pages=[
            {"id": "p1", "questions": [{"id": "a", "type": "yes_no", "text": "A?"}]},
            {
                "id": "p2",
                "show_if": {"question": "a", "equals": True},
                "questions": [{"id": "b", "type": "short_text", "text": "B?"}],
            },
        ]
    )
    path = write(tmp_path, data)
    problem = only(problems_of(path), "HYS031")
    assert_problem(problem, file=path, path="pages[1].show_if.equals", fix="use one of: no")


def test_hys011_show_if_without_a_question(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.replace("{question: pet, equals: dog}", "{equals: dog}"))
    assert_problem(
        only(problems_of(path), "HYS011"),
        file=path,
        path="pages[1].questions[0].show_if.question",
        fix="add 'question:'",
    )


# --- HYS040, HYS041: options and type settings -------------------------------------


@pytest.mark.parametrize(
    ("question", "fix"),
    [
        ({"type": "yes_no", "options": ["Yes", "No"]}, "remove 'options'"),
        ({"type": "feelings", "options": ["Sad", "Happy"]}, "use 'labels' to reword them"),
        ({"type": "short_text", "options": ["A"]}, "remove 'options'"),
        ({"type": "single_choice", "options": ["Red", "red"]}, "give each option its own value"),
        (
            {"type": "single_choice", "options": [{"value": "prefer_not_to_say", "label": "P"}]},
            "set 'prefer_not_to_say: true'",
        ),
    ],
)
def test_hys040_options(tmp_path: Path, question: dict, fix: str) -> None:
    path = write(tmp_path, one_question({"id": "q", "text": "T", **question}))
    problem = only(problems_of(path), "HYS040")
    assert_problem(problem, file=path, fix=fix, path=problem.path)
    assert problem.path.startswith("pages[0].questions[0].options")
    assert problem.line is not None and problem.line >= line_of(path, "options")


@pytest.mark.parametrize(
    ("question", "key", "fix"),
    [
        ({"type": "feelings", "scale": 4}, "scale", "'scale: 3' or 'scale: 5'"),
        ({"type": "feelings", "scale": 3, "labels": ["a", "b"]}, "labels", "exactly 3 labels"),
        ({"type": "number", "min": 10, "max": 1}, "min", "swap them"),
        ({"type": "long_text", "max_length": 0}, "max_length", "raise it"),
        (
            {"type": "multiple_choice", "options": ["A"], "max_choices": 0},
            "max_choices",
            "raise it",
        ),
        ({"type": "ranking", "options": ["A"], "max_ranked": 0}, "max_ranked", "raise it"),
        (
            {"type": "short_text", "prefer_not_to_say": True},
            "prefer_not_to_say",
            "every question is optional",
        ),
    ],
)
def test_hys041_type_settings(tmp_path: Path, question: dict, key: str, fix: str) -> None:
    path = write(tmp_path, one_question({"id": "q", "text": "T", **question}))
    assert_problem(
        only(problems_of(path), "HYS041"),
        file=path,
        path=f"pages[0].questions[0].{key}",
        fix=fix,
        line=line_of(path, f"{key}:"),
    )


def test_hys012_feelings_labels_that_are_not_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, one_question({"id": "q", "type": "feelings", "text": "T", "labels": 5}))
    assert only(problems_of(path), "HYS012").path == "pages[0].questions[0].labels"


def test_hys020_type_written_as_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, one_question({"id": "q", "type": ["yes_no"], "text": "T"}))
    assert only(problems_of(path), "HYS020").path == "pages[0].questions[0].type"


# --- HYS050: file name ----------------------------------------------------------------


def test_hys050_id_must_match_the_file_name(tmp_path: Path) -> None:
    """Responses are stored against the id; the file name is how an officer finds it."""
    path = write(tmp_path, TEXT, "other.yaml")
    problem = only(problems_of(path), "HYS050")
    assert_problem(
        problem,
        file=path,
        path="id",
        line=1,
        fix="rename the file to demo.yaml or set 'id: other'",
        message="does not match the file name",
    )


# --- HYS060..HYS062: translations -----------------------------------------------------


def test_hys060_translation_that_is_not_key_value_lines(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    tfile = write(tmp_path, "- title\n- Teitl\n", "demo.cy.yaml")
    problem = only(problems_of(path), "HYS060")
    assert_problem(problem, file=tfile, path="", fix="questions.<id>.text: ...", line=1)


def test_hys060_translation_value_that_is_not_words(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    tfile = write(tmp_path, "title: Teitl\nquestions.pet.text: [Ci]\n", "demo.cy.yaml")
    assert_problem(
        only(problems_of(path), "HYS060"),
        file=tfile,
        path="questions.pet.text",
        fix="questions.<id>.text",
        line=2,
        message="'questions.pet.text' is not words",
    )


def test_hys060_translation_file_named_without_a_language_code(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    tfile = write(tmp_path, "title: Teitl\n", "demo.Welsh.yaml")
    problem = only(problems_of(path), "HYS060")
    assert_problem(
        problem,
        file=tfile,
        path="",
        fix="e.g. demo.cy.yaml",
        message="'Welsh' is not a language code",
    )


def test_hys001_in_a_translation_file(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    tfile = write(tmp_path, "title: Teitl\nintro: 'unclosed\n", "demo.cy.yaml")
    problem = only(problems_of(path), "HYS001")
    assert problem.file == str(tfile) and problem.line is not None


def test_hys061_translation_key_that_is_not_in_the_definition(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    tfile = write(
        tmp_path, "title: Teitl\nquestions.pet.txt: Oes gen ti anifail?\n", "demo.cy.yaml"
    )
    problem = only(problems_of(path), "HYS061")
    assert_problem(
        problem,
        file=tfile,
        path="questions.pet.txt",
        fix="did you mean 'questions.pet.text'?",
        line=2,
        message="is not a text of demo.yaml",
    )


def test_hys061_translation_of_an_option_that_was_removed(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    write(tmp_path, "questions.pet.options.hamster: Bochdew\n", "demo.cy.yaml")
    assert only(problems_of(path), "HYS061").path == "questions.pet.options.hamster"


def test_empty_translation_is_reported_not_shown_blank(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    write(tmp_path, "title: ''\n", "demo.cy.yaml")
    assert only(problems_of(path), "HYS060").file.endswith("demo.cy.yaml")


def test_hys062_translation_without_a_definition(tmp_path: Path) -> None:
    write(tmp_path, TEXT)
    orphan = write(tmp_path, "title: Teitl\n", "demmo.cy.yaml")
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(tmp_path)
    problem = only(caught.value.problems, "HYS062")
    assert_problem(problem, file=orphan, path="", fix="rename it to match a questionnaire file")


def test_load_directory_reports_every_broken_file(tmp_path: Path) -> None:
    """``validate`` lists all problems of all files, so nothing goes live half-checked."""
    write(tmp_path, definition("good"))
    bad_a = write(tmp_path, definition("bad-a", audience="kids"))
    bad_b = write(tmp_path, "id: [\n", "bad-b.yaml")
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(tmp_path)
    assert {(p.file, p.code) for p in caught.value.problems} == {
        (str(bad_a), "HYS013"),
        (str(bad_b), "HYS001"),
    }
    assert "fix:" in str(caught.value)


def test_load_directory_returns_questionnaires_by_id(tmp_path: Path) -> None:
    write(tmp_path, definition("one"))
    write(tmp_path, definition("two"))
    assert sorted(load_directory(tmp_path)) == ["one", "two"]


def test_empty_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    problem = only(problems_of(path), "HYS012")
    assert problem.file == str(path) and "mapping" in problem.message
