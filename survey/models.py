"""What is stored: questionnaire versions, drafts in progress and responses.

A response keeps the day it was sent, never the time, and nothing about the
device or network it came from: the minimum a commissioner needs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import db

JSONType = JSON().with_variant(JSONB(), "postgresql")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class QuestionnaireVersion(db.Model):
    """A snapshot of a definition as it was when someone answered it.

    Keyed by the content hash: editing a file makes a new row the next time
    it is answered, so each response points at exactly the words it saw.
    """

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType)
    first_used_on: Mapped[dt.date] = mapped_column(Date, default=today)


class Draft(db.Model):
    """Answers in progress, found again only through the respondent's resume code.

    Only a hash of the code is kept, so a copy of the database cannot be used
    to open someone's answers.
    """

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    locale: Mapped[str] = mapped_column(String(16), default="en")
    # The language each page was answered in, {page id: locale}: a child may switch mid-way.
    page_locales: Mapped[dict[str, str]] = mapped_column(
        JSONType, default=dict, server_default="{}"
    )
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    updated_on: Mapped[dt.date] = mapped_column(Date, default=today)
    expires_on: Mapped[dt.date] = mapped_column(Date)


class Response(db.Model):
    """One submitted response. ``submission_token`` makes submitting idempotent."""

    __tablename__ = "response"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    answers_digest: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    audience: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(16))  # the language its last page was saved in
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # The language each answered page was shown in, {page id: locale}; see Draft.page_locales.
    page_locales: Mapped[dict[str, str]] = mapped_column(
        JSONType, default=dict, server_default="{}"
    )
    # Who answered the answers of a section given to someone else (the child's pages of a
    # parent's questionnaire): {question id: {"audience": ..., "age_band": ...}}.
    answered_by: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSONType, default=dict, server_default="{}"
    )
    submitted_on: Mapped[dt.date] = mapped_column(Date, default=today)
    # Why a submission looked automated ("honeypot", "too_fast"); kept for review, not counted.
    quarantine: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # Seconds from starting to sending, kept only for a quarantined response (for its review)
    # and cleared when staff release it.
    fill_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)

    version: Mapped[QuestionnaireVersion] = relationship()
