"""A small database-backed job queue, so analysis runs never slow respondents down.

Every app instance can add jobs; ``flask --app app worker`` (run beside the web
processes by ``make serve``) takes them one at a time. Taking a job is an
atomic UPDATE, so two workers never run the same job. In development and
tests jobs run at once (``JOBS_MODE=inline``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import update

from survey.db import db
from survey.serving.models import Job
from survey.staff.models import now

HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {}


def handler(kind: str) -> Callable:
    def register(fn: Callable[[dict[str, Any]], str]) -> Callable:
        HANDLERS[kind] = fn
        return fn

    return register


def enqueue(kind: str, payload: dict[str, Any]) -> Job:
    if kind not in HANDLERS:
        raise KeyError(f"no handler for job kind {kind!r}")
    job = Job(kind=kind, payload=payload)
    db.session.add(job)
    db.session.commit()
    if current_app.config.get("JOBS_MODE", "inline") == "inline":
        run(job)
    return job


def run(job: Job) -> None:
    try:
        job.result = HANDLERS[job.kind](job.payload)[:2000]
        job.status = "done"
    except Exception as exc:  # a failed job is recorded, not lost, and the worker goes on
        db.session.rollback()
        job = db.session.get(Job, job.id)
        job.status = "failed"
        job.result = f"{exc.__class__.__name__}: {exc}"[:2000]
        current_app.logger.exception("job %s failed", job.id)
    job.finished_at = now()
    db.session.commit()


def claim() -> Job | None:
    """Take the oldest queued job, or None; safe with several workers."""
    candidate = db.session.execute(
        db.select(Job.id).where(Job.status == "queued").order_by(Job.id).limit(1)
    ).scalar_one_or_none()
    if candidate is None:
        return None
    taken = db.session.execute(
        update(Job)
        .where(Job.id == candidate, Job.status == "queued")
        .values(status="running", started_at=now())
    ).rowcount
    db.session.commit()
    return db.session.get(Job, candidate) if taken else None


def work(once: bool = False, poll_seconds: float = 2.0) -> int:
    """Run queued jobs; with ``once``, until the queue is empty. Returns how many ran."""
    done = 0
    while True:
        job = claim()
        if job is not None:
            run(job)
            done += 1
            continue
        if once:
            return done
        time.sleep(poll_seconds)
