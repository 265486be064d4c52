"""Making, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from survey.api.models import ApiToken
from survey.db import db
from survey.staff.models import now

PREFIX = "hys_"
USED_EVERY_SECONDS = 60  # last-used is written at most once a minute, not on every call


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(name: str, questionnaire_id: str | None, user_id: int | None) -> tuple[ApiToken, str]:
    """A new token row (added to the session; the caller commits) and its secret, shown once."""
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        name=name,
        token_hash=_hash(secret),
        prefix=secret[: len(PREFIX) + 6],
        questionnaire_id=questionnaire_id,
        created_by=user_id,
    )
    db.session.add(row)
    return row, secret


def from_header(header: str | None) -> ApiToken | None:
    """The active token an ``Authorization: Bearer ...`` header carries, or None.

    Looked up by hash, then compared in constant time; a revoked token is as good as none.
    """
    if not header:
        return None
    scheme, _sep, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    digest = _hash(secret)
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == digest)
    ).scalar_one_or_none()
    if row is None or not hmac.compare_digest(row.token_hash, digest) or not row.active:
        return None
    return row


def mark_used(row: ApiToken) -> None:
    """Record the time of use (the caller commits)."""
    at = now()
    if row.last_used_at is None or (at - row.last_used_at).total_seconds() >= USED_EVERY_SECONDS:
        row.last_used_at = at


def revoke(row: ApiToken) -> None:
    if row.revoked_at is None:
        row.revoked_at = now()
