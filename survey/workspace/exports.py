"""CSV and Excel exports that cannot run as spreadsheet formulas.

Free text in an export was typed by the public. A cell beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return may be run as a formula by
Excel, LibreOffice or Google Sheets when a commissioner opens the file
(CSV/formula injection: ``=HYPERLINK(...)`` leaking data, DDE commands). Such
text is written with a leading single quote, which spreadsheets treat as
"this is text"; in XLSX it is also stored as a string cell, never a formula.
Real numbers stay numbers, so sums and charts still work: ``-3`` the integer is
a number, ``"-3"`` the text a child typed is text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

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


def _plain(value: Any) -> Any:
    """A value as a cell holds it: numbers stay numbers, everything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Columns) -> bytes:
    """Rows as CSV bytes: UTF-8 with a byte order mark, CRLF line ends.

    The byte order mark is there because Excel on Windows otherwise reads a
    CSV as the local code page and shows Welsh (ŵ, ŷ), Arabic and Urdu as
    mojibake; every other reader ignores it. Columns not in ``columns`` are
    left out (an export shows what it says it shows, nothing more).
    """
    cols = _columns(columns)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(heading) for _key, heading in cols])
    for row in rows:
        cells = []
        for key, _heading in cols:
            value = _plain(row.get(key))
            cells.append(neutralise(value) if isinstance(value, str) else repr_number(value))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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


def _set(cell, value: Any) -> None:
    value = _plain(value)
    if isinstance(value, str):
        cell.value = neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"  # a string, whatever openpyxl guessed
    else:
        cell.value = value


def to_xlsx(sheets: Mapping[str, tuple[Columns, Sequence[Mapping[str, Any]]]]) -> bytes:
    """A workbook with one sheet per entry, headings in bold, nothing a formula.

    Characters XML cannot carry (control characters pasted from elsewhere)
    become U+FFFD rather than failing the whole export.
    """
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Have Your Say"
    used: set[str] = set()
    for name, (columns, rows) in sheets.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        cols = _columns(columns)
        bold = Font(bold=True)
        for j, (_key, heading) in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j)
            _set(cell, heading)
            cell.font = bold
        for i, row in enumerate(rows, start=2):
            for j, (key, _heading) in enumerate(cols, start=1):
                _set(ws.cell(row=i, column=j), row.get(key))
        ws.freeze_panes = "A2"
    if not wb.sheetnames:
        wb.create_sheet("Empty")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
