"""A record of what was deleted and why: counts only, never what was deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import db
from survey.models import today


class PrivacyEvent(db.Model):
    __tablename__ = "privacy_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on: Mapped[dt.date] = mapped_column(Date, default=today)
    kind: Mapped[str] = mapped_column(String(30))  # retention | withdrawal | draft_expiry
    questionnaire_id: Mapped[str] = mapped_column(String(64), default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
