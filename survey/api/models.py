"""API tokens: a name, who made it, when it was last used, and only a hash of the secret."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import db
from survey.staff.models import now


class ApiToken(db.Model):
    """One BI tool's key to the findings API; revoking it refuses it at once.

    The secret is shown once when it is made and kept only as a SHA-256 hash (a random
    256-bit secret needs no slow hash), so a copy of the database cannot be used to call the
    API. ``prefix`` (the first characters) lets an admin tell tokens apart in a config file.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    # One questionnaire's findings only, or (None) every published questionnaire's.
    questionnaire_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def active(self) -> bool:
        return self.revoked_at is None
