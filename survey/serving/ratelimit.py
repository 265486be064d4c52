"""Throttling floods from one address without turning away a classroom.

A whole class behind one school address answers at once, so the limit is
generous (configurable, per minute, per address); a bot flooding from one
address is told to wait with 429 and Retry-After, and the page it sent is
shown again with everything typed still in it. The address is only ever
used as a keyed hash, for at most a few minutes, and never stored with answers.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite

from survey.db import db
from survey.serving.models import RateWindow


def client_key(scope: str) -> str:
    """A keyed hash of the client address: useless outside this app and this minute.

    Behind our proxies the address is the one ProxyFix took from the hops they
    added (TRUST_PROXY), never an X-Forwarded-For entry the client wrote.
    """
    address = request.remote_addr or ""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{scope}:{address}".encode(), hashlib.sha256).hexdigest()[:40]


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis

    client = current_app.extensions.get("hys_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_timeout=0.5)
        current_app.extensions["hys_redis"] = client
    return client


def _upsert(dialect: str):
    """One statement that counts a request and returns the new count (no read-modify-write)."""
    try:
        make_insert = _INSERTS[dialect]
    except KeyError:
        raise RuntimeError(f"rate limits need SQLite or PostgreSQL, not {dialect}") from None
    table = RateWindow.__table__
    statement = make_insert(table).values(key=bindparam("key"), window=bindparam("window"), count=1)
    return statement.on_conflict_do_update(
        index_elements=[table.c.key, table.c.window], set_={"count": table.c.count + 1}
    ).returning(table.c.count)


_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_UPSERTS: dict[str, Any] = {}


def count(scope: str) -> tuple[int, int]:
    """Count a request in this minute's window: (count so far, seconds left in the window).

    In the database the count joins the caller's transaction, so a submission
    pays for one commit, not two; the caller commits (or rolls back, which
    uncounts a request that stored nothing).
    """
    minute = int(time.time() // 60)
    key = client_key(scope)
    retry = 60 - int(time.time() % 60)
    redis_client = _redis()
    if redis_client is not None:
        name = f"hys:rate:{key}:{minute}"
        counted = redis_client.incr(name)
        if counted == 1:
            redis_client.expire(name, 120)
        return counted, retry
    connection = db.session.connection()
    dialect = connection.dialect.name
    if dialect not in _UPSERTS:
        _UPSERTS[dialect] = _upsert(dialect)
    counted = connection.execute(_UPSERTS[dialect], {"key": key, "window": minute}).scalar_one()
    if counted == 1 and minute % 5 == 0:  # a new window: now and then, clear out old ones
        connection.execute(delete(RateWindow).where(RateWindow.window < minute - 5))
    return counted, retry


def hit(scope: str, limit: int) -> int:
    """Count a request and commit; returns 0 if allowed, else the seconds to wait."""
    counted, retry = count(scope)
    db.session.commit()
    return retry if counted > limit else 0


def too_many(wait: int) -> str:
    """What someone who has tried too many codes is told, on every page that takes one."""
    return _("Too many tries. Wait %(seconds)s seconds and try again.", seconds=wait)


def retry_after(wait: int) -> dict[str, str]:
    return {"Retry-After": str(wait)}
