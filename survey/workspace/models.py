"""What the analysis produced, and what analysts and commissioners added to it.

Findings are precomputed into snapshots, so a findings page for a million
responses reads one row instead of counting a million.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import db
from survey.models import JSONType
from survey.staff.models import now


class AnalysisRecord(db.Model):
    """The analysis of one free-text answer; deleted with its response."""

    __tablename__ = "analysis_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    themes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    subthemes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Every configured framework's item ids the answer's themes map to, by framework id
    # ({"uncrc": [12, 19], "levels_of_need": ["prevent"], ...}): as many as a council keeps.
    mappings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    sentiment: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: not English
    language: Mapped[str] = mapped_column(String(16), default="und")
    withheld: Mapped[bool] = mapped_column(Boolean, default=False)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)


class ThemeCorrection(db.Model):
    """An analyst's correction of an answer's themes; the next run learns from it."""

    __tablename__ = "theme_correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(64))
    themes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class FindingsSnapshot(db.Model):
    """Everything a findings page shows for one questionnaire, computed by the last run."""

    __tablename__ = "findings_snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    published: Mapped[bool] = mapped_column(Boolean, default=False)


class Quote(db.Model):
    """A proposed quote, with identifying details removed; shown only once approved."""

    __tablename__ = "quote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # approved | rejected
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)


class Action(db.Model):
    """ "You said, we did": what was done about a theme, told back to children."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    theme: Mapped[str] = mapped_column(String(64))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    translations: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class ParentCarerForum(db.Model):
    """A parent carer forum on the council's list, with the number of families it was
    verified to speak for.

    Kept by admins and analysts (``survey.workspace.forum_views``), every change audited. A
    forum's answer to a priorities question is weighted by this number when the name it gave
    matches ``name`` or one of ``other_names``; a forum not on the list is weighted by the
    number it gave, capped (``survey.workspace.forums``).
    """

    __tablename__ = "parent_carer_forum"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name as matched: lower case, punctuation and spacing ignored; one forum per key.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    other_names: Mapped[list[str]] = mapped_column(JSONType, default=list)
    families: Mapped[int] = mapped_column(Integer)
    verified_on: Mapped[dt.date] = mapped_column(Date)
    how_verified: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)


class FieldworkPeriod(db.Model):
    """A named stretch of fieldwork for one questionnaire ("Autumn 2026", 1 Oct to 30 Nov).

    Set by admins and analysts (``survey.workspace.period_views``), every change audited. A
    response belongs to the period its submission day falls in, so findings compare periods,
    not the YAML ``version:`` numbers, which stay the same for an unchanged annual survey.
    """

    __tablename__ = "fieldwork_period"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
