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

from flask import current_app, request
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from survey.db import db
from survey.serving.models import RateWindow


def client_key(scope: str) -> str:
    """A keyed hash of the client address: useless outside this app and this minute."""
    address = (
        request.access_route[0]
        if current_app.config.get("TRUST_PROXY")
        else (request.remote_addr or "")
    )
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


def hit(scope: str, limit: int) -> int:
    """Count a request; returns 0 if allowed, else the seconds to wait."""
    minute = int(time.time() // 60)
    key = client_key(scope)
    retry = 60 - int(time.time() % 60)
    redis_client = _redis()
    if redis_client is not None:
        name = f"hys:rate:{key}:{minute}"
        count = redis_client.incr(name)
        if count == 1:
            redis_client.expire(name, 120)
        return retry if count > limit else 0
    done = db.session.execute(
        update(RateWindow)
        .where(RateWindow.key == key, RateWindow.window == minute)
        .values(count=RateWindow.count + 1)
    ).rowcount
    if not done:
        try:
            with db.session.begin_nested():
                db.session.add(RateWindow(key=key, window=minute, count=1))
        except IntegrityError:
            db.session.execute(
                update(RateWindow)
                .where(RateWindow.key == key, RateWindow.window == minute)
                .values(count=RateWindow.count + 1)
            )
    count = db.session.execute(
        db.select(RateWindow.count).where(RateWindow.key == key, RateWindow.window == minute)
    ).scalar_one()
    if minute % 5 == 0:
        db.session.execute(delete(RateWindow).where(RateWindow.window < minute - 5))
    db.session.commit()
    return retry if count > limit else 0
