"""Storing a response exactly once, whatever the network or the child's thumb does.

The submission token is unique in the database: a double click, a refresh or
a replay finds the response already stored and gets the same confirmation;
the same token with different answers is refused.

Everything a submission writes (the rate-limit count, the response, the
draft's removal, the link from any safeguarding case) goes in one
transaction with one commit: nothing half-stored, and one disk flush per child.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict

from questionnaires import Questionnaire
from survey.db import db
from survey.models import Draft, QuestionnaireVersion, Response, today
from survey.safeguarding.models import SafeguardingCase
from survey.serving import ratelimit


class TokenReused(Conflict):
    """A submission token came back with answers different from those stored (HTTP 409)."""


@dataclass(frozen=True)
class Stored:
    """What a confirmation needs of a stored response."""

    id: int
    submission_token: str
    questionnaire_id: str
    answers_digest: str


class RateLimited(Exception):
    """Too many submissions from one address this minute; nothing was stored."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


_RESPONSES = Response.__table__
_BY_TOKEN = select(
    _RESPONSES.c.id,
    _RESPONSES.c.submission_token,
    _RESPONSES.c.questionnaire_id,
    _RESPONSES.c.answers_digest,
).where(_RESPONSES.c.submission_token == bindparam("token"))
_INSERT = insert(_RESPONSES)
_DELETE_DRAFT = delete(Draft.__table__).where(Draft.__table__.c.id == bindparam("draft_id"))
_CASES = SafeguardingCase.__table__
_LINK_CASES = (
    update(_CASES)
    .where(_CASES.c.draft_code_hash == bindparam("code_hash"), _CASES.c.response_id.is_(None))
    .values(response_id=bindparam("response_id"))
)


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


def version_id(questionnaire: Questionnaire) -> int:
    """The snapshot's id, remembered per process: a snapshot row never changes once written."""
    known = current_app.extensions.setdefault("hys_version_ids", {})
    key = (questionnaire.id, questionnaire.content_hash)
    if key not in known:
        found = version_row(questionnaire).id
        db.session.commit()  # remembered only once committed: another thread may use it at once
        known[key] = found
    return known[key]


def by_token(token: str) -> Stored | None:
    row = db.session.connection().execute(_BY_TOKEN, {"token": token}).first()
    return Stored(*row) if row is not None else None


class DraftLike(Protocol):
    id: int
    code_hash: str
    locale: str
    submission_token: str
    answers: dict[str, Any] | None
    page_locales: dict[str, str] | None


@dataclass(frozen=True)
class Pending:
    """What is about to be sent, read from the draft once.

    A parallel replay may delete the draft meanwhile: working from this copy
    means the draft row is never read again.
    """

    token: str
    draft_id: int
    code_hash: str
    locale: str
    answers: dict[str, Any]
    page_locales: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, questionnaire: Questionnaire, draft: DraftLike) -> Pending:
        answers = questionnaire.prune(draft.answers or {})
        return cls(
            draft.submission_token,
            draft.id,
            draft.code_hash,
            draft.locale,
            answers,
            answered_page_locales(questionnaire, answers, draft.page_locales or {}),
        )


def answered_page_locales(
    questionnaire: Questionnaire, answers: dict[str, Any], page_locales: dict[str, str]
) -> dict[str, str]:
    """The language of each page that holds a kept answer: pages skipped or hidden say nothing."""
    return {
        page.id: page_locales[page.id]
        for page in questionnaire.pages
        if page.id in page_locales and any(q.id in answers for q in page.questions)
    }


def response_row(
    questionnaire: Questionnaire, answers: dict[str, Any], token: str, version: int, **fields: Any
) -> dict[str, Any]:
    """A response's columns as stored: the answers' digest, the questionnaire's version and
    audience, a child's section's answers marked as the child's. The respondent journey, the
    demo data and the tests all build rows here, so they cannot drift apart; ``fields`` adds
    or replaces columns (the draft's resume code, locale, page languages, quarantine)."""
    return {
        "submission_token": token,
        "answers_digest": digest(answers),
        "code_hash": None,
        "questionnaire_id": questionnaire.id,
        "version_id": version,
        "audience": questionnaire.audience,
        "locale": "en",
        "answers": answers,
        "answered_by": questionnaire.answered_by(answers),
        "submitted_on": today(),
    } | fields


def submit(
    questionnaire: Questionnaire,
    pending: Pending,
    quarantine: str = "",
    fill_seconds: int | None = None,
    rate_limit: tuple[str, int] | None = None,
) -> Stored:
    """Store the pending answers as a response and remove the draft, in one transaction.

    With ``rate_limit`` (scope, per minute) the request is counted in the same
    transaction; over the limit everything is rolled back and RateLimited is
    raised, so the draft and its answers stay exactly as they were.
    """
    row = response_row(
        questionnaire,
        pending.answers,
        pending.token,
        version_id(questionnaire),
        code_hash=pending.code_hash,
        locale=pending.locale,
        page_locales=pending.page_locales,
        quarantine=quarantine,
        fill_seconds=fill_seconds,
    )  # version_id may commit a new version first: take the connection after it
    connection = db.session.connection()
    try:
        new_id = connection.execute(_INSERT, row).inserted_primary_key[0]
        # A plain DELETE: a replay that lost the race finds no draft, and that is fine.
        connection.execute(_DELETE_DRAFT, {"draft_id": pending.draft_id})
        connection.execute(_LINK_CASES, {"code_hash": pending.code_hash, "response_id": new_id})
        if rate_limit is not None:
            # Counted last, so the row a whole classroom shares is locked only for the commit.
            scope, limit = rate_limit
            counted, retry = ratelimit.count(scope)
            if counted > limit:
                db.session.rollback()  # nothing stored, the draft untouched
                raise RateLimited(retry)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = by_token(pending.token)
        if existing is None:
            raise
        return same_or_refuse(existing, pending.answers)
    return Stored(new_id, pending.token, questionnaire.id, row["answers_digest"])


def same_or_refuse(existing: Stored, answers: dict[str, Any]) -> Stored:
    """The stored response if these are its answers; a 409 Conflict if the token is reused."""
    if existing.answers_digest != digest(answers):
        raise TokenReused(existing.submission_token)
    return existing
