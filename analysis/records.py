"""Reading answers from JSON Lines or CSV, and the result rows written back.

A bad row in an export of 10,000 answers must not stop the other 9,999 being heard, so bad rows
are reported with their line number and skipped, never raised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIENCES = ("child", "young_person", "parent_carer", "partner")


@dataclass(frozen=True)
class Response:
    id: str
    text: str
    audience: str | None = None
    age_band: str | None = None
    locale: str | None = None
    # Theme ids the question itself is about (its ``themes:``), as a human coder would know
    # them: an answer to "What would make being in care better?" is about care.
    context: tuple[str, ...] = ()
    # Who gave the answer, when one person gave several: findings count people, not answers.
    respondent: str | None = None


@dataclass(frozen=True)
class RecordProblem:
    line: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}{'; skipped' if self.skipped else ''}"


def to_response(row: Any, line: int) -> tuple[Response | None, list[RecordProblem]]:
    """Validate one row; returns the response (or None) and the problems found."""
    if isinstance(row, Response):
        return row, []
    if not isinstance(row, Mapping):
        return None, [RecordProblem(line, "row is not an object with id and text")]
    ident, text = row.get("id"), row.get("text")
    if ident is None or (isinstance(ident, str) and not ident.strip()) or isinstance(ident, bool):
        return None, [RecordProblem(line, "missing 'id'")]
    if not isinstance(ident, str | int):
        return None, [
            RecordProblem(line, f"'id' must be a string or number, got {type(ident).__name__}")
        ]
    if text is None:
        return None, [RecordProblem(line, f"id {ident}: missing 'text'")]
    if not isinstance(text, str):
        return None, [RecordProblem(line, f"id {ident}: 'text' must be a string")]
    problems = []
    audience = row.get("audience") or None
    if audience is not None and audience not in AUDIENCES:
        problems.append(
            RecordProblem(
                line, f"id {ident}: unknown audience {audience!r} (kept, as unknown)", False
            )
        )
        audience = None

    def optional(key: str) -> str | None:
        value = row.get(key)
        return str(value) if value not in (None, "") else None

    context = row.get("context") or ()
    if isinstance(context, str):  # CSV: "care, voice" or "care voice"
        context = context.replace(",", " ").split()
    if not isinstance(context, list | tuple) or not all(isinstance(c, str) for c in context):
        problems.append(RecordProblem(line, f"id {ident}: 'context' must be theme ids", False))
        context = ()
    response = Response(
        str(ident),
        text,
        audience,
        optional("age_band"),
        optional("locale"),
        tuple(context),
        optional("respondent"),
    )
    return response, problems


def _rows(path: Path) -> Iterator[tuple[int, Any]]:
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"id", "text"} <= set(reader.fieldnames):
                yield 1, ValueError("CSV header must include 'id' and 'text'")
                return
            for row in reader:
                if None in row:  # more cells than headers
                    yield reader.line_num, ValueError("more cells than the header has columns")
                    continue
                yield reader.line_num, row
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, ValueError(f"not valid JSON ({exc.msg})")


def read_records(path: str | Path) -> tuple[list[Response], list[RecordProblem]]:
    """Responses from a .jsonl (default) or .csv file, and every problem found."""
    responses: list[Response] = []
    problems: list[RecordProblem] = []
    seen: set[str] = set()
    try:
        rows = list(_rows(Path(path)))
    except UnicodeDecodeError as exc:
        return [], [RecordProblem(0, f"file is not UTF-8 text ({exc.reason})")]
    for line, row in rows:
        if isinstance(row, Exception):
            problems.append(RecordProblem(line, str(row)))
            continue
        response, found = to_response(row, line)
        problems += found
        if response is None:
            continue
        if response.id in seen:
            problems.append(RecordProblem(line, f"duplicate id {response.id}"))
            continue
        seen.add(response.id)
        responses.append(response)
    return responses, problems
