"""Safeguarding cases, what was done about each, and the notification outbox.

A case copies the words that raised it, so nothing flagged is lost even if
the child changes the answer, withdraws, or the response reaches its
retention date: cases follow the council's safeguarding records policy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import db
from survey.models import JSONType
from survey.staff.models import now

STATUSES = ("new", "in_progress", "referred", "closed")
# JSON whose None is SQL NULL (not JSON null): "no finding kept" reads the same everywhere.
NullableJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class SafeguardingCase(db.Model):
    __tablename__ = "safeguarding_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    text_digest: Mapped[str] = mapped_column(String(64))
    categories: Mapped[list[str]] = mapped_column(JSONType, default=list)
    screen_status: Mapped[str] = mapped_column(String(20))  # flagged | unscreened
    screen_error: Mapped[str] = mapped_column(String(300), default="")
    # The meaning layer's finding, when it flagged the answer (``screening.finding_of``):
    # kept as parts, so the lead's pages word it in their language. None for a rule's flag
    # and for cases stored before it was kept: ``screen_error`` then says why, in English.
    meaning: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON, nullable=True)
    language: Mapped[str] = mapped_column(String(16), default="und")
    locale: Mapped[str] = mapped_column(String(16), default="en")
    audience: Mapped[str] = mapped_column(String(32))
    draft_code_hash: Mapped[str] = mapped_column(String(64), index=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    contact_method: Mapped[str] = mapped_column(String(30), default="")
    contact_details: Mapped[str] = mapped_column(String(300), default="")
    contact_times: Mapped[str] = mapped_column(String(300), default="")

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.at", cascade="all, delete-orphan"
    )


DECISIONS = ("", "case", "nothing")  # "": waiting for the lead


class SecondLook(db.Model):
    """A sent answer the screen did not flag but found close to a disclosure, for the lead to
    read once and decide: open a case, or nothing to act on.

    It keeps no copy of the words (they are read from the response), so it goes when the
    response goes (retention, withdrawal): unlike a case, it is not a safeguarding record
    until the lead opens one, and then the case copies the words.
    """

    __tablename__ = "second_look"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(32))  # who wrote it (a child's section: child)
    category: Mapped[str] = mapped_column(String(40))
    probability: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(600))  # the nearest example: our words
    # The same finding as parts (``screening.finding_of``), for the lead's language; None
    # for rows listed before it was kept, which show ``reason`` as it is.
    meaning: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON, nullable=True)
    found: Mapped[str] = mapped_column(String(20))  # sending | analysis
    decision: Mapped[str] = mapped_column(String(20), default="", index=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("safeguarding_case.id", ondelete="SET NULL"), nullable=True
    )


class CaseEvent(db.Model):
    """The case's own trail: who looked, what changed, notes, notifications."""

    __tablename__ = "safeguarding_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_case.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[SafeguardingCase] = relationship(back_populates="events")


class Notification(db.Model):
    """An email waiting to go, written in the same transaction as what caused it.

    Kept after it is sent, as the record that the lead was told.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    # Retried for ever, each wait longer (capped): never given up on.
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # Which sender is trying it and until when, so two senders never send it both.
    claimed_by: Mapped[str] = mapped_column(String(32), default="")
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    def as_dict(self) -> dict[str, Any]:
        return {"to": self.to, "subject": self.subject, "body": self.body}
