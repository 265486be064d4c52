"""Reading an XLSForm workbook into rows of cells, each knowing its sheet, row and column.

Kept apart from the mapping in ``importer`` so that every problem, wherever it
is found, can name the cell an author has to change.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from questionnaires.errors import Problem
from questionnaires.xlsform.common import SECTIONS_SHEET, language_code


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int
    column: str | None = None

    def __str__(self) -> str:
        where = f"{self.sheet} sheet, row {self.row}"
        return where + (f", column '{self.column}'" if self.column else "")


@dataclass
class Row:
    """One row: ``cells[base][language]``, language None for a column with no '::'."""

    sheet: str
    number: int
    cells: dict[str, dict[str | None, str]] = field(default_factory=dict)
    headers: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def place(self, base: str | None = None, language: str | None = None) -> Place:
        return Place(self.sheet, self.number, self.headers.get((base, language), base))

    def get(self, base: str) -> str:
        found = self.cells.get(base, {})
        return found.get(None) or next(iter(found.values()), "")


@dataclass
class Sheet:
    name: str
    columns: list[tuple[str, str | None, str]]  # base, language, the header as written
    rows: list[Row]


def cell_text(value: object) -> str:
    """A cell as text: 8.0 -> '8', TRUE -> 'true', empty -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


class Workbook:
    """The survey, choices and settings sheets of one file, and the problems met reading it."""

    def __init__(self, file: Path):
        self.file = file
        self.problems: list[Problem] = []
        self.sheets: dict[str, Sheet] = {}
        try:
            book = load_workbook(file, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            self.error(
                None,
                "HYS070",
                f"this cannot be read as an .xlsx workbook ({exc.__class__.__name__})",
                "open it in a spreadsheet program and save it as Excel Workbook (.xlsx)",
            )
            return
        try:
            for title in book.sheetnames:
                if title.strip().lower() in ("survey", "choices", "settings", SECTIONS_SHEET):
                    self.sheets[title.strip().lower()] = self._read(
                        title.strip().lower(), book[title]
                    )
        finally:
            book.close()

    def error(self, place: Place | None, code: str, message: str, fix: str, warning=False) -> None:
        where = str(place) if place else ""
        self.problems.append(Problem(code, str(self.file), where, message, fix, None, warning))

    def _read(self, name: str, worksheet) -> Sheet:
        rows = list(worksheet.iter_rows(values_only=True))
        written = [cell_text(v) for v in (rows[0] if rows else ())]
        columns: list[tuple[str, str | None, str]] = []
        for text in written:
            base, _, suffix = text.partition("::")
            language = None
            if suffix:
                language = language_code(suffix)
                if language is None:
                    self.error(
                        Place(name, 1, text),
                        "HYS073",
                        f"cannot tell which language '{suffix}' is",
                        f"write the language name and its code, e.g. '{base}::Welsh (cy)'",
                    )
                    language = suffix
            columns.append((base.strip(), language, text))
        out = Sheet(name, columns, [])
        unnamed: set[int] = set()
        for number, values in enumerate(rows[1:], start=2):
            row = Row(name, number)
            for index, value in enumerate(values):
                base, language, text = columns[index] if index < len(columns) else ("", None, "")
                value = cell_text(value)
                if value and not base and index not in unnamed:
                    unnamed.add(index)
                    self.error(
                        Place(name, number, f"number {index + 1}"),
                        "HYS074",
                        "this column has no heading, so it was not imported",
                        "give the column a heading such as 'hint', or clear it",
                        warning=True,
                    )
                if base and value:
                    row.cells.setdefault(base, {})[language] = value
                    row.headers[(base, language)] = text
            if row.cells:
                out.rows.append(row)
        return out
