"""XLSForm import and export: the bundled questionnaires survive a round trip, forms
written as in ODK or Kobo come in, and whatever cannot be represented is refused
naming the sheet, row and column to change, with nothing written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from questionnaires import Questionnaire, QuestionnaireError, load_directory, load_file
from questionnaires.loader import definition_files
from questionnaires.xlsform import export_xlsform, import_xlsform

SETTINGS = [
    ["form_id", "form_title", "audience", "age_band", "intro", "thank_you", "default_language"],
    [
        "park-survey",
        "Our park",
        "child",
        "8-12",
        "We want to know about the park.",
        "Thanks.",
        "English (en)",
    ],
]


def form(
    tmp_path: Path,
    survey: list[list],
    choices: list[list] | None = None,
    settings: list[list] | None = None,
) -> Path:
    """An .xlsx written as an author would in a spreadsheet: header row, then rows."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None and title == "settings":
            rows = SETTINGS
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    path = tmp_path / "form.xlsx"
    book.save(path)
    return path


def problems(exc: pytest.ExceptionInfo) -> list[tuple[str, str, str, str]]:
    return [(p.code, p.path, p.message, p.fix) for p in exc.value.problems if not p.warning]


def bare(q: Questionnaire) -> Questionnaire:
    """Everything respondents meet: not where the file is, nor its exact YAML."""
    return dataclasses.replace(q, source="", content_hash="", raw=MappingProxyType({}))


@pytest.mark.parametrize("file", definition_files(), ids=lambda p: p.stem)
def test_every_bundled_questionnaire_comes_back_equal(tmp_path: Path, file: Path) -> None:
    original = load_file(file)
    exported = export_xlsform(original, tmp_path / "out.xlsx")
    result = import_xlsform(exported, tmp_path / "back")
    assert bare(result.questionnaire) == bare(original)
    assert result.notes == []
    written = sorted(p.name for p in (tmp_path / "back").iterdir())
    assert written == sorted(
        [file.name, *(f"{file.stem}.{loc}.yaml" for loc in original.locales[1:])]
    )


def test_the_export_is_an_xlsform_others_can_read(tmp_path: Path) -> None:
    q = load_directory()["children-8-12"]
    book = load_workbook(export_xlsform(q, tmp_path / "c.xlsx"))
    rows = list(book["survey"].iter_rows(values_only=True))
    head = rows[0]
    by_name = {r[1]: dict(zip(head, r, strict=True)) for r in rows[1:] if r[0] != "end_group"}
    assert head[:2] == ("type", "name")
    assert {"label::English (en)", "label::Welsh (cy)", "label::Arabic (ar)"} <= set(head)
    assert by_name["bullied_helped"]["type"] == "select_one bullied_helped"
    assert by_name["unkind-help"]["type"] == "begin_group"
    assert by_name["unkind-help"]["relevant"] == "${bullied} = 'yes'"
    assert by_name["unkind-help"]["appearance"] == "field-list"
    assert by_name["take_part"]["type"] == "acknowledge"
    assert by_name["take_part"]["required"] == "yes"
    assert by_name["change_one_thing"]["appearance"] == "multiline"
    assert by_name["change_one_thing"]["constraint"] == "string-length(.) <= 1000"
    assert by_name["feel_school"]["label::Welsh (cy)"] == "Sut wyt ti'n teimlo am yr ysgol?"
    choices = [r for r in book["choices"].iter_rows(values_only=True)]
    assert ("bullied", "prefer_not_to_say") in {r[:2] for r in choices}
    settings = list(book["settings"].iter_rows(values_only=True))
    values = dict(zip(settings[0], settings[1], strict=True))
    assert values["form_id"] == "children-8-12" and values["default_language"] == "English (en)"
    numbers = load_directory()["care-experienced"]
    book = load_workbook(export_xlsform(numbers, tmp_path / "n.xlsx"))
    head, *rows = book["survey"].iter_rows(values_only=True)
    constraints = {dict(zip(head, r, strict=True))["constraint"] for r in rows}
    assert ". >= 0 and . <= 30" in constraints


def test_a_form_written_as_in_odk_or_kobo_is_imported(tmp_path: Path) -> None:
    survey = [
        [
            "type",
            "name",
            "label::English (en)",
            "label::Welsh (cy)",
            "hint",
            "required",
            "relevant",
            "constraint",
            "appearance",
            "$kuid",
        ],
        ["start", "start", "", "", "", "", "", "", "", "a1"],
        ["note", "hello", "Hello", "Helo", "", "", "", "", "", "a2"],
        [
            "select_one yn",
            "visits",
            "Do you go to the park?",
            "Wyt ti'n mynd i'r parc?",
            "",
            "yes",
            "",
            "",
            "",
            "a3",
        ],
        [
            "begin_group",
            "more",
            "More",
            "Mwy",
            "",
            "",
            "${visits} = 'yes' or ${visits} = 'sometimes'",
            "",
            "field-list",
            "a4",
        ],
        [
            "select_multiple things",
            "likes",
            "What do you like?",
            "",
            "",
            "",
            "",
            "count-selected(.) <= 2",
            "",
            "a5",
        ],
        [
            "integer",
            "times",
            "How many times a week?",
            "",
            "",
            "",
            "",
            ". >= 0 and . < 8",
            "",
            "a6",
        ],
        ["end_group", "", "", "", "", "", "", "", "", ""],
        [
            "text",
            "better",
            "What would make it better?",
            "",
            "Write a few words",
            "",
            "selected(${likes}, 'swings')",
            "string-length(.) <= 300",
            "multiline",
            "a7",
        ],
        ["rank things", "order", "Put these in order", "", "", "", "", "", "minimal", "a8"],
    ]
    choices = [
        ["list_name", "name", "label::English (en)", "label::Welsh (cy)"],
        ["yn", "yes", "Yes", "Ydw"],
        ["yn", "sometimes", "Sometimes", "Weithiau"],
        ["yn", "no", "No", "Nac ydw"],
        ["yn", "prefer_not_to_say", "Rather not say", ""],
        ["things", "swings", "Swings", "Siglenni"],
        ["things", "slide", "Slide", "Llithren"],
        ["things", "trees", "Trees", "Coed"],
    ]
    result = import_xlsform(form(tmp_path, survey, choices), tmp_path / "out")
    q = result.questionnaire
    assert q.id == "park-survey" and q.status == "draft"  # tried by link before it is listed
    assert [p.id for p in q.pages] == ["hello", "visits", "more", "better", "order"]
    assert [x.type for x in q.questions] == [
        "statement",
        "single_choice",
        "multiple_choice",
        "number",
        "long_text",
        "ranking",
    ]
    visits = q.question("visits")
    assert visits.required and visits.prefer_not_to_say
    assert [o.value for o in visits.options] == ["yes", "sometimes", "no"]
    assert visits.text.get("cy") == "Wyt ti'n mynd i'r parc?"
    assert visits.options[2].label.get("cy") == "Nac ydw"
    assert q.page("more").show_if.equals == ("yes", "sometimes")
    assert q.page("more").title.get("cy") == "Mwy"
    assert q.question("likes").settings["max_choices"] == 2
    assert dict(q.question("times").settings) == {"min": 0, "max": 7}
    better = q.question("better")
    assert better.show_if.question == "likes" and better.show_if.equals == ("swings",)
    assert better.settings["max_length"] == 300 and better.hint.default == "Write a few words"
    assert [o.value for o in q.question("order").options] == ["swings", "slide", "trees"]
    said = " ".join(p.message for p in result.notes)
    assert "'start' was not imported" in said and "imported as a draft" in said
    assert "the appearance 'minimal' is not used" in said
    assert "$kuid" not in said  # Kobo's own bookkeeping, not content
    assert load_file(tmp_path / "out" / "park-survey.yaml").locales == ("en", "cy")
    translated = yaml.safe_load((tmp_path / "out" / "park-survey.cy.yaml").read_text())
    assert translated["questions.hello.text"] == "Helo"


def test_a_misspelt_type_names_its_row_and_the_fix(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["note", "hi", "Hi"], ["selct_one yn", "q", "Q?"]]
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(form(tmp_path, survey, [["list_name", "name", "label"]]), tmp_path / "out")
    assert problems(exc) == [
        (
            "HYS071",
            "survey sheet, row 3, column 'type'",
            "unknown type 'selct_one yn'",
            "did you mean 'select_one'?",
        )
    ]
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("date", "date of birth"),
        ("geopoint", "location"),
        ("begin_repeat", "once"),
        ("decimal", "whole numbers"),
        ("calculate", "calculations"),
    ],
)
def test_types_we_cannot_represent_are_refused_not_dropped(tmp_path, kind, why) -> None:
    survey = [["type", "name", "label"], ["text", "a", "A?"], [kind, "b", "B?"]]
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(form(tmp_path, survey), tmp_path / "out")
    [(code, place, message, fix)] = problems(exc)
    assert (code, place) == ("HYS071", "survey sheet, row 3, column 'type'")
    assert "cannot be represented" in message and why in fix


@pytest.mark.parametrize(
    ("expression", "column", "said"),
    [
        ("${a} = 'x' and ${a} = 'y'", "relevant", "'and'"),
        ("${a} = 'x' or ${b} = 'y'", "relevant", "two questions"),
        ("${a} > 3", "relevant", "cannot be expressed"),
        ("regex(., '[a-z]+')", "constraint", "cannot be expressed"),
    ],
)
def test_expressions_we_cannot_express_are_refused(tmp_path, expression, column, said) -> None:
    row = {"relevant": "", "constraint": ""} | {column: expression}
    survey = [
        ["type", "name", "label", "relevant", "constraint"],
        ["select_one ab", "a", "A?", "", ""],
        ["select_one ab", "b", "B?", "", ""],
        ["text", "c", "C?", row["relevant"], row["constraint"]],
    ]
    choices = [["list_name", "name", "label"], ["ab", "x", "X"], ["ab", "y", "Y"]]
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(form(tmp_path, survey, choices), tmp_path / "out")
    [(code, place, message, _fix)] = problems(exc)
    assert (code, place) == ("HYS072", f"survey sheet, row 4, column '{column}'")
    assert said in message


def test_problems_the_loader_finds_are_told_against_the_cell(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "relevant"],
        ["begin_group", "p", "", ""],
        ["select_one ab", "a", "A?", ""],
        ["text", "b", "Why?", "${a} = 'x'"],  # beside it on the same page: no JavaScript
        ["end_group", "", "", ""],
        ["text", "c", "More?", "${a} = 'z'"],  # not an option of a
        ["integer", "Bad Name", "How many?", ""],
    ]
    choices = [["list_name", "name", "label"], ["ab", "x", "X"], ["ab", "y", "Y"]]
    settings = [[c for c in SETTINGS[0] if c != "intro"], [v for v in SETTINGS[1] if v[:2] != "We"]]
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(form(tmp_path, survey, choices, settings), tmp_path / "out")
    found = {(code, place): fix for code, place, _message, fix in problems(exc)}
    assert (
        "fill in the column 'intro' on the settings sheet"
        in found[("HYS011", "settings sheet, row 2, column 'intro'")]
    )
    assert ("HYS030", "survey sheet, row 4, column 'relevant'") in found
    assert "use one of: x, y" in found[("HYS031", "survey sheet, row 6, column 'relevant'")]
    assert ("HYS012", "survey sheet, row 7, column 'name'") in found


def test_unknown_columns_and_languages(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "requried", "label::Martian", "notes for us"],
        ["text", "a", "A?", "yes", "", "check with Sam"],
    ]
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(form(tmp_path, survey), tmp_path / "out")
    assert [(c, p, f) for c, p, _m, f in problems(exc)] == [
        (
            "HYS073",
            "survey sheet, row 1, column 'label::Martian'",
            "write the language name and its code, e.g. 'label::Welsh (cy)'",
        ),
        ("HYS073", "survey sheet, row 2, column 'requried'", "did you mean 'required'?"),
    ]
    del survey[0][3:5], survey[1][3:5]
    result = import_xlsform(form(tmp_path, survey), tmp_path / "out")
    assert any("'notes for us' (1 rows) was not imported" in n.message for n in result.notes)


def test_an_existing_questionnaire_is_kept_unless_replace(tmp_path: Path) -> None:
    path = form(tmp_path, [["type", "name", "label"], ["text", "a", "A?"]])
    import_xlsform(path, tmp_path / "out")
    before = (tmp_path / "out" / "park-survey.yaml").read_text()
    path = form(tmp_path, [["type", "name", "label"], ["text", "a", "Another?"]])
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(path, tmp_path / "out")
    assert "use --replace" in problems(exc)[0][3]
    assert (tmp_path / "out" / "park-survey.yaml").read_text() == before
    result = import_xlsform(path, tmp_path / "out", replace=True)
    assert result.questionnaire.question("a").text.default == "Another?"


def test_cli_export_then_import(app, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    out = tmp_path / "partners.xlsx"
    result = runner.invoke(
        args=["questionnaires", "export", "partners", "--xlsform", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["questionnaires", "export", "partners", "--xlsform", "--output", str(out)]
    )
    assert again.exit_code == 1 and "use --replace" in again.output
    assert "--xlsform" in runner.invoke(args=["questionnaires", "export", "partners"]).output
    typo = runner.invoke(args=["questionnaires", "export", "partnrs", "--xlsform"])
    assert "did you mean 'partners'?" in typo.output
    folder = tmp_path / "imported"
    result = runner.invoke(
        args=[
            "questionnaires",
            "import",
            str(out),
            "--output",
            str(folder),
            "--id",
            "partners-copy",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "imported partners-copy" in result.output
    assert (
        load_file(folder / "partners-copy.yaml").questions == load_directory()["partners"].questions
    )


def test_cli_import_lists_every_problem_and_writes_nothing(app, tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [["type", "name", "label"], ["date", "dob", "Birthday?"], ["text", "a", "A?", "x"]],
    )
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path / "defs")
    result = app.test_cli_runner().invoke(args=["questionnaires", "import", str(path)])
    assert result.exit_code == 1
    assert "form.xlsx at survey sheet, row 2, column 'type': error HYS071" in result.output
    assert "problem(s) found; nothing was written" in result.output
    assert not (tmp_path / "defs").exists()


def test_a_file_that_is_not_a_workbook_is_told_so(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_text("type,name,label\ntext,a,A?\n")
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(path, tmp_path / "out")
    [(code, _place, message, fix)] = problems(exc)
    assert code == "HYS070" and "cannot be read" in message and ".xlsx" in fix
    book = Workbook()
    book.active.title = "questions"
    book.save(path)
    with pytest.raises(QuestionnaireError) as exc:
        import_xlsform(path, tmp_path / "out")
    assert "no sheet called 'survey'" in problems(exc)[0][2]
