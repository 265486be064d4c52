"""Exports of findings and responses, with the same suppression as the screen.

Spreadsheet formula injection is neutralised by ``analysis.reporting.exports``;
withheld answers (``survey.safeguarding.withholding``) are replaced by
"withheld - safeguarding", in the export sent at once and in the one the worker prepares.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any, BinaryIO

from analysis.reporting import exports, findings_export
from questionnaires import Question, Questionnaire
from survey.dates import local, when
from survey.db import db
from survey.models import Response
from survey.respond.answers import describe
from survey.safeguarding.withholding import withheld_pairs
from survey.workspace import breakdowns, presenting
from survey.workspace.models import FindingsSnapshot

# How exports write dates: en-GB words, times on the council's clock (survey.dates).
EXPORT_DATES = exports.Dates(when=when, local=local)

WITHHELD = "withheld - safeguarding"
EXPORT_BATCH = 2000  # responses read (and checked for safeguarding holds) at a time
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def findings_rows(view: dict[str, Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    """The themes table of a findings view, filtered or not, exactly as the page shows it,
    with a column per framework (the API's CSV too)."""
    return findings_export.themes(view, group_name(view))


def group_name(view: dict[str, Any]) -> str:
    """The group a findings view is filtered to, as an export names it ("Everyone" if none)."""
    gq, gv = view["filter"]
    if not gq:
        return "Everyone"
    meta = view["groups"].get(gq, {})
    return f"{meta.get('text', gq)}: {breakdowns.group_label(meta, gv)}"


CHANGE_METHOD = (
    "Two-proportion z-test, two-sided, 95% level (pooled standard error); "
    "significant only when p < 0.05"
)


def change_rows(view: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The page's "Change since <period>" tables as rows: themes, then each closed question.

    Withheld rows say so and give no share; a question asked in other words is flagged.
    """
    columns = [
        "earlier_period",
        "later_period",
        "question",
        "answer_or_theme",
        "earlier_percent",
        "later_percent",
        "change_points",
        "z",
        "p_value",
        "significant_95",
        "wording_changed",
        "method",
    ]
    ch = view.get("change")
    if not ch or ch["withheld"]:
        return columns, []
    t = view["threshold"]
    sections = [("Themes (share of respondents)", ch["themes"], ch["open_wording_changed"])]
    sections += [(c["text"], c["rows"], c["wording_changed"]) for c in ch["closed"]]
    rows = []
    for question, items, changed in sections:
        for r in items:
            shown = not r["withheld"]
            rows.append(
                {
                    "earlier_period": ch["before"]["name"],
                    "later_period": ch["after"]["name"],
                    "question": question,
                    "answer_or_theme": r["label"],
                    "earlier_percent": r["before"] if shown else f"withheld (fewer than {t})",
                    "later_percent": r["after"] if shown else "",
                    "change_points": r["change"] if shown else "",
                    "z": r["z"] if shown else "",
                    "p_value": r["p"] if shown else "",
                    "significant_95": ("yes" if r["significant"] else "no") if shown else "",
                    "wording_changed": "yes" if changed else "no",
                    "method": CHANGE_METHOD,
                }
            )
    return columns, rows


def _cells() -> Callable[[Question, Any], str]:
    """A cell maker that describes each distinct closed answer once per export.

    ``describe`` rebuilds a question's translated option labels on every call (about
    0.2 ms); over a million responses and a dozen questions that was most of the export's
    time. Free text and numbers are never cached: they are mostly unique.
    """
    cache: dict[tuple[str, Any], str] = {}

    def cell(question: Question, value: Any) -> str:
        if question.kind.answer == "text" and isinstance(value, str):
            return value  # what describe gives, without building the labels
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            key: Any = (question.id, tuple(value))
        elif isinstance(value, str | int | bool) or value is None:
            key = (question.id, type(value), value)
        else:
            return "; ".join(describe(question, value))
        if key not in cache:
            cache[key] = "; ".join(describe(question, value))
        return cache[key]

    return cell


def response_rows(q: Questionnaire) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """One row per response, answers in words; nothing flagged shown.

    Rows are generated as responses stream from the database (a few thousand at a time)
    rather than loading every response first, and safeguarding holds are looked up per
    batch: one query naming a million ids is over PostgreSQL's limit of 65,535 bound
    parameters (and SQLite's, 32,766 in most builds).
    """
    questions = [x for x in q.questions if x.kind.answer != "none"]  # nothing to export
    # page_languages: the language each answered page was shown in, "page=xx; ..." (a child
    # may switch mid-way); empty for responses stored before pages recorded it.
    # audience: the response's; answered_by: who answered each answer of a section given to
    # someone else, "question=child 8-12; ..." (a child's answers in a parent's questionnaire).
    columns = [
        "response",
        "submitted_on",
        "locale",
        "page_languages",
        "audience",
        "answered_by",
        *[x.id for x in questions],
    ]
    cell = _cells()

    def rows() -> Iterator[dict[str, Any]]:
        result = db.session.execute(
            db.select(
                Response.id,
                Response.submitted_on,
                Response.locale,
                Response.page_locales,
                Response.audience,
                Response.answered_by,
                Response.answers,
            )
            .where(Response.questionnaire_id == q.id, Response.quarantine == "")
            .order_by(Response.id)
            .execution_options(yield_per=EXPORT_BATCH)
        )
        for batch in result.partitions():
            hidden = withheld_pairs(r.id for r in batch)
            for r in batch:
                row: dict[str, Any] = {
                    "response": r.id,
                    "submitted_on": r.submitted_on,  # en-GB in the file (exports.py)
                    "locale": r.locale,
                    "page_languages": "; ".join(
                        f"{page}={locale}" for page, locale in (r.page_locales or {}).items()
                    ),
                    "audience": r.audience,
                    "answered_by": "; ".join(
                        f"{qid}={who['audience']} {who['age_band']}"
                        for qid, who in (r.answered_by or {}).items()
                    ),
                }
                for x in questions:
                    if (r.id, x.id) in hidden:
                        row[x.id] = WITHHELD
                    elif x.kind.answer == "number":
                        row[x.id] = r.answers.get(x.id, "")
                    else:
                        row[x.id] = cell(x, r.answers.get(x.id))
                yield row

    return columns, rows()


def build(
    q: Questionnaire,
    snap: FindingsSnapshot,
    kind: str,
    fmt: str,
    configured: int | None,
    args: Mapping[str, str] | None = None,
) -> tuple[bytes, str]:
    """An export in memory, for the sizes sent straight to the browser."""
    out = io.BytesIO()
    mimetype = write(q, snap, kind, fmt, configured, out, args)
    return out.getvalue(), mimetype


def write(
    q: Questionnaire,
    snap: FindingsSnapshot,
    kind: str,
    fmt: str,
    configured: int | None,
    out: BinaryIO,
    args: Mapping[str, str] | None = None,
) -> str:
    """An export written into ``out`` as its rows stream in; returns its media type.

    A findings export follows the page's group filter (``args``), through the same view
    and so the same disclosure control as the page.
    """
    sheets: dict[str, tuple[list[str], Any]]
    if kind == "responses":
        sheets = {kind: response_rows(q)}
    else:
        view = presenting.findings_view(snap.data, args or {}, configured)
        sheets = {"change": change_rows(view), "closed": findings_export.closed(view)}
        if kind == "findings":
            # Every table the page shows; the XLSX also carries "Change since <period>" as a
            # sheet of its own (the CSV has its own export, change.csv).
            sheets = findings_export.sheets(view, group_name(view)) | (
                {"change": sheets["change"]} if view.get("change") else {}
            )
            if fmt == "csv":
                sheets = {kind: findings_export.combined(view, group_name(view))}
    if fmt == "csv":
        columns, rows = sheets[kind]
        exports.write_csv(rows, columns, out, dates=EXPORT_DATES)
    else:
        exports.write_xlsx(sheets, out, dates=EXPORT_DATES)
    return MIMETYPES[fmt]
