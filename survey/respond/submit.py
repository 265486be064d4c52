"""Storing a response exactly once, whatever the network or the child's thumb does.

The submission token is unique in the database: a double click, a refresh or
a replay finds the response already stored and gets the same confirmation;
the same token with different answers is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict

from questionnaires import Questionnaire
from survey.db import db
from survey.models import Draft, QuestionnaireVersion, Response


class TokenReused(Conflict):
    """A submission token came back with answers different from those stored (HTTP 409)."""


def digest(answers: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()


def version_row(questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The stored snapshot of exactly this definition, made on first use."""
    query = db.select(QuestionnaireVersion).where(
        QuestionnaireVersion.questionnaire_id == questionnaire.id,
        QuestionnaireVersion.content_hash == questionnaire.content_hash,
    )
    row = db.session.execute(query).scalar_one_or_none()
    if row is not None:
        return row
    row = QuestionnaireVersion(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        definition=dict(questionnaire.raw),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # another request stored it first
        row = db.session.execute(query).scalar_one()
    return row


def by_token(token: str) -> Response | None:
    return db.session.execute(
        db.select(Response).where(Response.submission_token == token)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Pending:
    """What is about to be sent, read from the draft once.

    Other steps commit before the response is stored (screening records cases),
    and a parallel replay may delete the draft meanwhile: working from this copy
    means the draft row is never read again.
    """

    token: str
    draft_id: int
    code_hash: str
    locale: str
    answers: dict[str, Any]

    @classmethod
    def of(cls, questionnaire: Questionnaire, draft: Draft) -> Pending:
        return cls(
            draft.submission_token,
            draft.id,
            draft.code_hash,
            draft.locale,
            questionnaire.prune(draft.answers or {}),
        )


def submit(questionnaire: Questionnaire, pending: Pending, quarantine: str = "") -> Response:
    """Store the pending answers as a response and remove the draft, in one transaction."""
    existing = by_token(pending.token)
    if existing is not None:
        return same_or_refuse(existing, pending.answers)
    response = Response(
        submission_token=pending.token,
        answers_digest=digest(pending.answers),
        code_hash=pending.code_hash,
        questionnaire_id=questionnaire.id,
        version_id=version_row(questionnaire).id,
        audience=questionnaire.audience,
        locale=pending.locale,
        answers=pending.answers,
        quarantine=quarantine,
    )
    try:
        db.session.add(response)
        # A plain DELETE: a replay that lost the race finds no draft, and that is fine.
        db.session.execute(delete(Draft).where(Draft.id == pending.draft_id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = by_token(pending.token)
        if existing is None:
            raise
        return same_or_refuse(existing, pending.answers)
    return response


def same_or_refuse(existing: Response, answers: dict[str, Any]) -> Response:
    """The stored response if these are its answers; a 409 Conflict if the token is reused."""
    if existing.answers_digest != digest(answers):
        raise TokenReused(existing.submission_token)
    return existing
