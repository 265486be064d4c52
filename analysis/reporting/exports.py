"""CSV and Excel exports that cannot run as spreadsheet formulas.

Free text in an export was typed by the public. A cell beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return may be run as a formula by
Excel, LibreOffice or Google Sheets when a commissioner opens the file
(CSV/formula injection: ``=HYPERLINK(...)`` leaking data, DDE commands). Such
text is written with a leading single quote, which spreadsheets treat as
"this is text"; in XLSX it is also stored as a string cell, never a formula.
Real numbers stay numbers, so sums and charts still work: ``-3`` the integer is
a number, ``"-3"`` the text a child typed is text. Dates are en-GB ("3 December 2026"):
words in a CSV, and in XLSX real dates (so they sort) shown in the same UK format.

How a date reads depends on the web app's settings (the council's time zone), so the
writers take a :class:`Dates` from the caller (``survey.workspace.exporting.EXPORT_DATES``) and this
module needs no Flask.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


class Dates(NamedTuple):
    """How an export writes a date: passed in, because the time zone is the app's setting."""

    when: Callable[..., str]  # survey.dates.when: (value, style, language=...) -> words
    local: Callable[[datetime], datetime]  # a stored UTC time on the council's clock, no zone


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel also acts on full-width forms of the same characters.
_FULLWIDTH = ("＝", "＋", "－", "＠")

Columns = Sequence[str] | Sequence[tuple[str, str]]


def neutralise(text: str) -> str:
    """Text as it may go in a spreadsheet cell: never the start of a formula.

    Leading spaces are looked through, because some spreadsheets trim them
    before deciding what a cell is.
    """
    stripped = text.lstrip(" ")
    if stripped.startswith(TRIGGERS + _FULLWIDTH) or text.startswith(TRIGGERS):
        return "'" + text
    return text


def _columns(columns: Columns) -> list[tuple[str, str]]:
    """``columns`` as (key, heading) pairs; a bare key is its own heading."""
    return [(c, c) if isinstance(c, str) else (str(c[0]), str(c[1])) for c in columns]


def _plain(value: Any, dates: Dates) -> Any:
    """A value as a cell holds it: numbers stay numbers, everything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return dates.when(value, "datetime", language="en")
    if isinstance(value, date):
        return dates.when(value, "date", language="en")
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_csv(
    rows: Iterable[Mapping[str, Any]], columns: Columns, out: BinaryIO, *, dates: Dates
) -> None:
    """Rows as CSV into ``out``, row by row: UTF-8 with a byte order mark, CRLF line ends.

    The byte order mark is there because Excel on Windows otherwise reads a
    CSV as the local code page and shows Welsh (ŵ, ŷ), Arabic and Urdu as
    mojibake; every other reader ignores it. Columns not in ``columns`` are
    left out (an export shows what it says it shows, nothing more). Rows are
    written as they come, so a million responses never sit in memory at once.
    """
    cols = _columns(columns)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([neutralise(heading) for _key, heading in cols])
        for row in rows:
            cells = []
            for key, _heading in cols:
                value = _plain(row.get(key), dates)
                cells.append(neutralise(value) if isinstance(value, str) else repr_number(value))
            writer.writerow(cells)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


def repr_number(value: int | float) -> str:
    """A number as text a spreadsheet reads back as the same number."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, used: set[str]) -> str:
    """An Excel-legal, unique sheet title (31 characters, no []:*?/\\)."""
    base = _SHEET_BAD.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


# Excel's own formats for the same en-GB dates as the pages: "3 December 2026", "3 Dec 2026, 14:05".
XLSX_DATE = "d mmmm yyyy"
XLSX_DATETIME = "d mmm yyyy, hh:mm"


def _cell(ws, value: Any, dates: Dates, bold: Font | None = None) -> WriteOnlyCell | int | float:
    if isinstance(value, date):  # a real date, so a spreadsheet sorts and filters it
        is_datetime = isinstance(value, datetime)
        cell = WriteOnlyCell(ws, value=dates.local(value) if is_datetime else value)
        cell.number_format = XLSX_DATETIME if is_datetime else XLSX_DATE
        return cell
    value = _plain(value, dates)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(ws, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)))
    cell.data_type = "s"  # a string, whatever openpyxl guessed
    if bold is not None:
        cell.font = bold
    return cell


EXCEL_MAX_ROWS = 1_048_576


def write_xlsx(
    sheets: Mapping[str, tuple[Columns, Iterable[Mapping[str, Any]]]],
    out: BinaryIO,
    max_rows: int = EXCEL_MAX_ROWS - 1,
    *,
    dates: Dates,
) -> None:
    """A workbook with one sheet per entry, headings in bold, nothing a formula.

    Characters XML cannot carry (control characters pasted from elsewhere)
    become U+FFFD rather than failing the whole export. The workbook is
    written in openpyxl's write-only mode, row by row, so its memory stays flat
    however many responses there are. A sheet holds at most ``max_rows`` rows
    under its heading; more go on to "<name> (2)" and so on, each with the heading.
    """
    wb = Workbook(write_only=True)
    wb.properties.creator = "Have Your Say"
    used: set[str] = set()
    bold = Font(bold=True)
    for name, (columns, rows) in sheets.items():
        cols = _columns(columns)

        def new_sheet(name: str = name, cols: list[tuple[str, str]] = cols):
            ws = wb.create_sheet(_sheet_title(name, used))
            ws.freeze_panes = "A2"
            ws.append([_cell(ws, heading, dates, bold) for _key, heading in cols])
            return ws

        ws, filled = new_sheet(), 0
        for row in rows:
            if filled == max_rows:  # Excel stops at 1,048,576 rows: carry on in a new sheet
                ws, filled = new_sheet(), 0
            ws.append([_cell(ws, row.get(key), dates) for key, _heading in cols])
            filled += 1
    if not used:
        wb.create_sheet("Empty")
    wb.save(out)
