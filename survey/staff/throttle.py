"""Slowing password guessing without ever locking anyone out.

A hard lock after N failures lets anyone lock out the safeguarding lead by
typing her address with a wrong password, and a lock that only real accounts
get tells an attacker which addresses have accounts. Instead each failure
makes the next attempt wait a little longer (doubling, capped), counted twice:

- per account (the email address typed, whether or not it has an account), so
  guessing one account from many addresses is slow; the wait is capped low
  (``ACCOUNT``) so it can only ever delay the real person, and a browser that has
  signed in to that account before (a signed "known device" cookie) skips it,
  so an attacker cannot keep the lead out even by trying again the moment each
  wait ends;
- per address (any account), so one address guessing is slow, capped high.

An attempt made while a wait is running is answered "try again in N seconds"
without looking at the password and without counting, so hammering does not
make the wait grow. A count is forgotten after ``FORGET`` without failures,
and a successful sign-in clears its account's count. Keys are keyed hashes of
the email and the address: neither is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import math

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from survey.db import db
from survey.serving import ratelimit
from survey.staff.models import SignInThrottle, User, now

FORGET = dt.timedelta(hours=1)
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
DEVICE_COOKIE = "hys_staff_device"
DEVICE_DAYS = 180


@dataclasses.dataclass(frozen=True)
class Policy:
    free: int  # failures allowed before any wait
    cap_seconds: int  # the longest wait

    def wait_after(self, failures: int) -> int:
        """Seconds to wait after ``failures`` in a row: 1, 2, 4, ... up to the cap."""
        if failures < self.free:
            return 0
        return min(self.cap_seconds, 2 ** min(failures - self.free, 20))


ACCOUNT = Policy(free=5, cap_seconds=60)
ADDRESS = Policy(free=10, cap_seconds=15 * 60)


def _key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"throttle:{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:64]


def keys(email: str) -> dict[str, Policy]:
    """The counters an attempt on ``email`` from this request is held to."""
    held = {} if known_device(email) else {account_key(email): ACCOUNT}
    held[ratelimit.client_key("throttle:address")] = ADDRESS
    return held


def account_key(email: str) -> str:
    return _key("account", email)


def wait_seconds(held: dict[str, Policy]) -> int:
    """0 if an attempt may be made now, else how many seconds until it may."""
    at = now()
    table = SignInThrottle.__table__
    waits = db.session.execute(
        db.select(table.c.wait_until).where(
            table.c.key.in_(held), table.c.last_failure_at > at - FORGET, table.c.wait_until > at
        )
    ).scalars()
    return max((math.ceil((until - at).total_seconds()) for until in waits), default=0)


def failed(held: dict[str, Policy]) -> None:
    """Count a failure on each counter, and clear out forgotten ones; the caller commits.

    Each count is one upsert, so attempts racing each other are all counted and
    none fails on a duplicate key.
    """
    at = now()
    table = SignInThrottle.__table__
    db.session.execute(
        db.delete(table).where(table.c.last_failure_at < at - FORGET, table.c.key.not_in(held))
    )
    insert = _INSERTS[db.session.connection().dialect.name](table)
    for key, policy in held.items():
        counted = db.session.execute(
            insert.values(key=key, failures=1, last_failure_at=at)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "failures": case(
                        (table.c.last_failure_at < at - FORGET, 1), else_=table.c.failures + 1
                    ),
                    "last_failure_at": at,
                },
            )
            .returning(table.c.failures)
        ).scalar_one()
        wait = dt.timedelta(seconds=policy.wait_after(counted))
        db.session.execute(db.update(table).where(table.c.key == key).values(wait_until=at + wait))


def succeeded(email: str) -> None:
    """The account's count starts again; the address's is left to be forgotten."""
    table = SignInThrottle.__table__
    db.session.execute(db.delete(table).where(table.c.key == account_key(email)))


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-known-device")


def known_device(email: str) -> bool:
    """Whether this browser has signed in to ``email`` before (within ``DEVICE_DAYS``)."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return False
    try:
        value = _devices().loads(cookie, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return False
    return hmac.compare_digest(str(value), account_key(email))


def remember_device(response: Response, email: str) -> None:
    """Mark this browser as one that has signed in to ``email``: it holds no secret."""
    response.set_cookie(
        DEVICE_COOKIE,
        _devices().dumps(account_key(email)),
        max_age=DEVICE_DAYS * 86400,
        path="/staff/",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )


CODE = Policy(free=5, cap_seconds=15 * 60)


def code_keys(user: User) -> dict[str, Policy]:
    """The counters a two-factor code for ``user`` is held to: the account's and the address's."""
    return {
        _key("code", str(user.id)): CODE,
        ratelimit.client_key("throttle:address"): ADDRESS,
    }
