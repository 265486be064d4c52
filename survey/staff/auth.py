"""Who is signed in, and what their role lets them reach.

A staff session is a random token in the (signed, HttpOnly) cookie whose
hash is a row in the database: revoking the row signs the person out
everywhere at once. A session ends after ``STAFF_IDLE_MINUTES`` without use
and, however busy, ``STAFF_SESSION_HOURS`` after signing in: the start is kept
on the server, so nothing a browser does with its cookie extends it. Reaching
something one's role does not allow is a 404, so ids cannot be probed. In
production the admin and safeguarding roles reach nothing until they have set
up two-factor sign-in.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable

from flask import abort, current_app, g, redirect, request, session, url_for

from survey.db import db
from survey.staff.models import AuditEntry, StaffSession, User, now

# Roles that read children's words or manage who can: two-factor sign-in is required in production.
TWO_FACTOR_ROLES = frozenset({"admin", "safeguarding"})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config.get("STAFF_IDLE_MINUTES", 30))


def session_limit() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config.get("STAFF_SESSION_HOURS", 12))


def two_factor_required(user: User) -> bool:
    return current_app.config.get("HYS_ENV") == "production" and user.role in TWO_FACTOR_ROLES


def audit(action: str, target: str = "", detail: str = "", user: User | None = None) -> None:
    """Record an action; the caller commits. Never pass a child's words as ``detail``."""
    who = user or current_user()
    db.session.add(
        AuditEntry(
            user_id=who.id if who else None, action=action, target=target, detail=detail[:500]
        )
    )


def begin(user: User, started: dt.datetime | None = None) -> None:
    """A new session token; ``started`` keeps an earlier start when a token is replaced."""
    token = secrets.token_urlsafe(32)
    at = now()
    db.session.add(
        StaffSession(
            token_hash=_hash(token), user_id=user.id, created_at=started or at, last_seen=at
        )
    )
    session.clear()  # a new session id on sign-in: no fixation
    session["staff"] = token
    session.permanent = True


def end() -> None:
    row = _session_row()
    if row is not None:
        row.revoked = True
    session.pop("staff", None)


def _session_row() -> StaffSession | None:
    token = session.get("staff")
    if not token:
        return None
    return db.session.execute(
        db.select(StaffSession).where(StaffSession.token_hash == _hash(token))
    ).scalar_one_or_none()


def current_user() -> User | None:
    if "staff_user" in g:
        return g.staff_user
    user = None
    row = _session_row()
    if row is not None and not row.revoked and row.user.active:
        at = now()
        if at - row.last_seen > idle_limit() or at - row.created_at > session_limit():
            row.revoked = True
            db.session.commit()
            g.staff_timed_out = True
        else:
            row.last_seen = at
            db.session.commit()
            user = row.user
    g.staff_user = user
    return user


def current_session() -> StaffSession | None:
    """The signed-in person's own session row (for replacing its token)."""
    return _session_row() if current_user() is not None else None


def revoke_all(user: User) -> int:
    """End every session of ``user``; returns how many were ended."""
    rows = (
        db.session.execute(
            db.select(StaffSession).where(
                StaffSession.user_id == user.id, StaffSession.revoked.is_(False)
            )
        )
        .scalars()
        .all()
    )
    for row in rows:
        row.revoked = True
    return len(rows)


def require(*roles: str) -> Callable:
    """Only these roles may use the view; others get 404, the signed-out go to sign in."""

    def wrap(view: Callable) -> Callable:
        view.allowed_roles = frozenset(roles)

        @functools.wraps(view)
        def inner(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
            if user.role not in roles:
                abort(404)
            if (
                not user.two_factor
                and two_factor_required(user)
                and not getattr(view, "during_enrolment", False)
            ):
                return redirect(url_for("staff.two_factor"))
            return view(*args, **kwargs)

        inner.allowed_roles = frozenset(roles)
        return inner

    return wrap
