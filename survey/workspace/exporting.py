"""Exports of findings and responses, with the same suppression as the screen.

Spreadsheet formula injection is neutralised by ``survey.workspace.exports``;
safeguarding-flagged answers are replaced by "withheld - safeguarding".
"""

from __future__ import annotations

from typing import Any

from questionnaires import Questionnaire
from survey.db import db
from survey.models import Response
from survey.respond.answers import describe
from survey.safeguarding.screening import withheld
from survey.workspace import exports, presenting
from survey.workspace.models import FindingsSnapshot

WITHHELD = "withheld - safeguarding"
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def findings_rows(view: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    columns = ["theme", "respondents", "share_percent", "sentiment", "uncrc_articles"]
    rows = [
        {
            "theme": t["name"],
            "respondents": t["n"]
            if t["n"] is not None
            else f"withheld (fewer than {view['threshold']})",
            "share_percent": t["share"] if t["share"] is not None else "",
            "sentiment": t["sentiment_shown"] if t["sentiment_shown"] is not None else "",
            "uncrc_articles": ", ".join(str(a["id"]) for a in t["frameworks"].get("uncrc", [])),
        }
        for t in view["themes"]
    ]
    return columns, rows


def response_rows(q: Questionnaire) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per response, answers in words; nothing flagged shown."""
    responses = (
        db.session.execute(
            db.select(Response)
            .where(Response.questionnaire_id == q.id, Response.quarantine == "")
            .order_by(Response.id)
        )
        .scalars()
        .all()
    )
    hidden = withheld([r.id for r in responses])
    questions = [x for x in q.questions if x.type != "statement"]
    columns = ["response", "submitted_on", "locale", *[x.id for x in questions]]
    rows = []
    for r in responses:
        row: dict[str, Any] = {
            "response": r.id,
            "submitted_on": r.submitted_on.isoformat(),
            "locale": r.locale,
        }
        for x in questions:
            if (r.id, x.id) in hidden:
                row[x.id] = WITHHELD
            elif x.type == "number":
                row[x.id] = r.answers.get(x.id, "")
            else:
                row[x.id] = "; ".join(describe(x, r.answers.get(x.id)))
        rows.append(row)
    return columns, rows


def build(
    q: Questionnaire, snap: FindingsSnapshot, kind: str, fmt: str, configured: int | None
) -> tuple[bytes, str]:
    if kind == "findings":
        columns, rows = findings_rows(presenting.findings_view(snap.data, {}, configured))
    else:
        columns, rows = response_rows(q)
    if fmt == "csv":
        return exports.to_csv(rows, columns), MIMETYPES["csv"]
    return exports.to_xlsx({kind: (columns, rows)}), MIMETYPES["xlsx"]
