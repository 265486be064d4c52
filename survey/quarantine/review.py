"""What a quarantined response is, and the two decisions staff can make about one.

``response.quarantine`` holds why a response looked automated ("too_fast", "honeypot");
every count, analysis run and export takes only responses whose value is "". Releasing one
sets it to "", so it is counted from the next analysis run, which screens its free text for
safeguarding with the rules in force exactly as it screens every other response (a concern
becomes a case and the answer is withheld). Confirming one as junk marks it "junk:<why>",
which keeps it out of everything as before; it stays listed under "Confirmed as junk" and
can still be released if that was a mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func

from questionnaires.model import EMPTY
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.answers import describe
from survey.safeguarding.withholding import withheld_pairs

JUNK = "junk:"
PAGE_SIZE = 100


@dataclass(frozen=True)
class Row:
    """One quarantined response as the list shows it: never its answers' words."""

    id: int
    questionnaire_id: str
    submitted_on: dt.date
    reason: str
    fill_seconds: int | None
    answers: int
    junk: bool


def reason_of(value: str) -> str:
    return value.removeprefix(JUNK)


def _answered(answers: dict[str, Any]) -> int:
    return sum(1 for v in answers.values() if v not in EMPTY)


def _where(junk: bool, questionnaire_id: str = "", day: dt.date | None = None) -> list:
    if junk:
        where = [Response.quarantine.startswith(JUNK)]
    else:
        where = [Response.quarantine != "", ~Response.quarantine.startswith(JUNK)]
    if questionnaire_id:
        where.append(Response.questionnaire_id == questionnaire_id)
    if day is not None:
        where.append(Response.submitted_on == day)
    return where


def listed(
    junk: bool, questionnaire_id: str = "", day: dt.date | None = None, page: int = 1
) -> tuple[list[Row], bool]:
    """A page of quarantined (or confirmed junk) responses, newest first; and whether more."""
    rows = db.session.execute(
        db.select(
            Response.id,
            Response.questionnaire_id,
            Response.submitted_on,
            Response.quarantine,
            Response.fill_seconds,
            Response.answers,
        )
        .where(*_where(junk, questionnaire_id, day))
        .order_by(Response.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    out = [
        Row(
            r.id,
            r.questionnaire_id,
            r.submitted_on,
            reason_of(r.quarantine),
            r.fill_seconds,
            _answered(r.answers or {}),
            r.quarantine.startswith(JUNK),
        )
        for r in rows[:PAGE_SIZE]
    ]
    return out, len(rows) > PAGE_SIZE


def counts() -> dict[str, int]:
    """How many wait for review and how many were confirmed as junk."""
    waiting, junk = (
        db.session.execute(db.select(func.count(Response.id)).where(*_where(j))).scalar_one()
        for j in (False, True)
    )
    return {"waiting": waiting, "junk": junk}


def quarantined(response_id: int) -> Response | None:
    """The response, if it is quarantined or confirmed junk; None for a counted one."""
    row = db.session.get(Response, response_id)
    return row if row is not None and row.quarantine else None


def answers_shown(response: Response) -> list[tuple[str, list[str] | None]]:
    """(question, answer lines) in question order; None for an answer withheld for safeguarding.

    A withheld answer is read only in the safeguarding queue, here as everywhere else.
    """
    q = catalogue.all_questionnaires().get(response.questionnaire_id)
    if q is None:
        return []
    hidden = {question for _r, question in withheld_pairs([response.id])}
    out = []
    for question in q.questions:
        value = response.answers.get(question.id)
        if question.kind.answer == "none" or question.kind.is_empty(value):
            continue
        lines = None if question.id in hidden else describe(question, value)
        out.append((str(question.text), lines))
    return out


def release(responses: Iterable[Response]) -> set[str]:
    """Count these responses from the next analysis run; returns their questionnaires.

    How long each took is forgotten: it was kept only for this review.
    """
    touched = set()
    for response in responses:
        response.quarantine = ""
        response.fill_seconds = None
        touched.add(response.questionnaire_id)
    return touched


def confirm_junk(responses: Iterable[Response]) -> None:
    for response in responses:
        if not response.quarantine.startswith(JUNK):
            response.quarantine = JUNK + response.quarantine
