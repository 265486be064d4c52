"""Shared state that must outlive one process: rate-limit windows and queued jobs.

Kept in the database (or Redis, for rate limits, when REDIS_URL is set) so
several app instances behind one load balancer agree with each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import db
from survey.models import JSONType
from survey.staff.models import now


class RateWindow(db.Model):
    """Requests counted per client key per minute; rows older than a few minutes are removed."""

    __tablename__ = "rate_window"
    __table_args__ = (UniqueConstraint("key", "window"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80))  # a keyed hash of the address, never the address
    window: Mapped[int] = mapped_column(Integer, index=True)  # minutes since the epoch
    count: Mapped[int] = mapped_column(Integer, default=0)


class Job(db.Model):
    """Work that must not slow respondents down: analysis runs and large exports."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")
