"""A matrix in XLSForm: a note and a select_one per row (no repeat), and back again."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

from openpyxl import load_workbook
from questionnaire_builders import definition, load, one_question, write
from test_matrix import SCALE, matrix, piped

from questionnaires import QuestionnaireError, load_file
from questionnaires.xlsform import export_xlsform, import_xlsform


def _survey(path: Path) -> list[dict]:
    rows = list(load_workbook(path)["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _bare(q):
    return dataclasses.replace(q, source="", content_hash="", raw=MappingProxyType({}))


def test_piped_rows_are_a_select_one_each_asked_when_ticked(tmp_path: Path) -> None:
    rate = matrix(rows_from="used", scale=SCALE, required=True)
    rate["show_if"] = {"question": "used", "answered": True}
    q = load(tmp_path, piped(rate))
    survey = _survey(export_xlsform(q, tmp_path / "out.xlsx"))
    note = next(r for r in survey if r["name"] == "rate")
    assert (note["type"], note["hys_type"], note["rows_from"]) == ("note", "matrix", "used")
    rows = [r for r in survey if r.get("matrix") == "rate"]
    assert [r["name"] for r in rows] == ["rate-short_breaks", "rate-ot", "rate-camhs", "rate-other"]
    assert {r["type"] for r in rows} == {"select_one rate"}
    assert rows[1]["relevant"] == "selected(${used}, 'ot') and (${used} != '')"
    assert rows[3]["label::English (en)"] == "Other" and {r["required"] for r in rows} == {"yes"}
    assert not [r for r in survey if "repeat" in str(r["type"])]
    back = import_xlsform(tmp_path / "out.xlsx", tmp_path / "back")
    assert _bare(back.questionnaire) == _bare(q)


def test_fixed_rows_and_their_translations_come_back(tmp_path: Path) -> None:
    q_file = write(tmp_path, one_question(matrix(rows=["Parks", "Buses"], scale=SCALE)))
    (tmp_path / "demo.cy.yaml").write_text(
        'questions.rate.rows.parks: "Parciau"\nquestions.rate.scale.good: "Da"\n', "utf-8"
    )
    q = load_file(q_file)
    back = import_xlsform(export_xlsform(q, tmp_path / "out.xlsx"), tmp_path / "back")
    assert _bare(back.questionnaire) == _bare(q)
    rows = back.questionnaire.question("rate").settings["rows"]
    assert rows[0].label.get("cy") == "Parciau"


def test_a_matrix_row_without_its_matrix_names_the_cell(tmp_path: Path) -> None:
    q = load(tmp_path, definition())
    form = export_xlsform(q, tmp_path / "out.xlsx")
    book = load_workbook(form)
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=1, column=len(header) + 1, value="matrix")
    sheet.append(["select_one q1", "stray-a", "Stray"] + [None] * (len(header) - 3) + ["nope"])
    book.save(form)
    try:
        import_xlsform(form, tmp_path / "back")
    except QuestionnaireError as exc:
        found = [p for p in exc.problems if p.code == "HYS070"]
    else:
        raise AssertionError("a stray matrix row was imported")
    assert found and "'nope'" in found[0].message and "column 'matrix'" in found[0].path
