"""Storing a response exactly once, whatever the network or the child's thumb does.

The submission token is unique in the database: a double click, a refresh or
a replay finds the response already stored and gets the same confirmation;
the same token with different answers is refused.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from questionnaires import Questionnaire
from survey.db import db
from survey.models import Draft, QuestionnaireVersion, Response


class TokenReused(Exception):
    """A submission token came back with answers different from those stored."""


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


def submit(questionnaire: Questionnaire, draft: Draft, quarantine: str = "") -> Response:
    """Store the draft as a response and remove the draft, in one transaction."""
    answers = questionnaire.prune(draft.answers or {})
    token, draft_id = draft.submission_token, draft.id
    existing = by_token(token)
    if existing is not None:
        return _same_or_refuse(existing, answers)
    response = Response(
        submission_token=token,
        answers_digest=digest(answers),
        code_hash=draft.code_hash,
        questionnaire_id=questionnaire.id,
        version_id=version_row(questionnaire).id,
        audience=questionnaire.audience,
        locale=draft.locale,
        answers=answers,
        quarantine=quarantine,
    )
    try:
        db.session.add(response)
        # A plain DELETE: a replay that lost the race finds no draft, and that is fine.
        db.session.execute(delete(Draft).where(Draft.id == draft_id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = by_token(token)
        if existing is None:
            raise
        return _same_or_refuse(existing, answers)
    return response


def _same_or_refuse(existing: Response, answers: dict[str, Any]) -> Response:
    if existing.answers_digest != digest(answers):
        raise TokenReused(existing.submission_token)
    return existing
