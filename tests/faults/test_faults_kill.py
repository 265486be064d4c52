"""SIGKILL the whole server in the middle of a stream of submissions; nothing confirmed is lost.

A child who saw "Thank you" must have their answers stored exactly once, whatever happens
to the server a millisecond later; and pressing Send again after a crash must give the same
confirmation, never a second copy. Run against SQLite (``synchronous=FULL``) and PostgreSQL.
"""

from __future__ import annotations

import http.client
import sqlite3
import threading
import time
from pathlib import Path

from faults_support import (
    QID,
    SECRET,
    Gunicorn,
    make_drafts,
    one_page_dir,
    submit_over_http,
)
from helpers import PG_URL, drop_postgres_schema, make_app
from sqlalchemy import create_engine, text

from survey.db import db

TOTAL = 2000
KILL_AFTER_CONFIRMED = 150  # then SIGKILL, with submissions in flight
SENDERS = 4  # several submissions in flight at the moment of the kill, in several workers
DEADLINE_SECONDS = 90


def _load_until_killed(server: Gunicorn, drafts: list[tuple[str, str, str]]) -> dict[str, str]:
    """Send every draft as fast as possible while the server is SIGKILLed partway.

    Returns token -> "confirmed" | "failed" | "unsent". Each sender stops at its first
    failure after the kill, so what was in flight at the kill is known exactly.
    """
    outcome = {token: "unsent" for _, _, token in drafts}
    killed = threading.Event()
    confirmed = 0
    lock = threading.Lock()
    refused: list[int] = []
    deadline = time.monotonic() + DEADLINE_SECONDS

    def sender(share: list[tuple[str, str, str]]) -> None:
        nonlocal confirmed
        for draft in share:
            if time.monotonic() > deadline:
                return
            try:
                status = submit_over_http(server.port, draft, timeout=15)
            except (OSError, http.client.HTTPException):  # the server died mid-answer
                status = 0
            token = draft[2]
            if status == 303:
                outcome[token] = "confirmed"
                with lock:
                    confirmed += 1
            else:
                outcome[token] = "failed"
                if not killed.is_set():
                    refused.append(status)
                return

    threads = [threading.Thread(target=sender, args=(drafts[i::SENDERS],)) for i in range(SENDERS)]
    for t in threads:
        t.start()
    while time.monotonic() < deadline and confirmed < KILL_AFTER_CONFIRMED:
        time.sleep(0.01)
    killed.set()
    server.kill()
    for t in threads:
        t.join(timeout=30)
    assert not refused, f"submissions refused before the kill: {refused}"
    assert confirmed >= KILL_AFTER_CONFIRMED, f"only {confirmed} confirmed before the deadline"
    return outcome


def _check_after_restart(app, tmp_path: Path, env: dict[str, str], drafts, outcome) -> None:
    confirmed = [t for t, o in outcome.items() if o == "confirmed"]
    in_flight = [d for d in drafts if outcome[d[2]] == "failed"]
    with app.app_context():
        rows = dict(
            db.session.execute(
                text("SELECT submission_token, count(*) FROM response GROUP BY submission_token")
            ).all()
        )
        draft_tokens = set(db.session.execute(text("SELECT submission_token FROM draft")).scalars())
    for token in confirmed:
        assert rows.get(token) == 1, "a confirmed submission is missing or doubled"
    assert set(rows.values()) <= {1}
    # nothing half-written: each draft is either still a draft or a response, never both/neither
    assert not set(rows) & draft_tokens
    assert set(rows) | draft_tokens == {d[2] for d in drafts}
    stored_before = len(rows)

    server = Gunicorn(env, tmp_path / "gunicorn-restart.log")
    try:
        server.wait_ready()
        # Send again: the confirmed ones (a sample) and every one in flight at the kill.
        by_token = {d[2]: d for d in drafts}
        retried = [by_token[t] for t in confirmed[:25]] + in_flight
        for draft in retried:
            assert submit_over_http(server.port, draft) == 303
    finally:
        server.stop()
    with app.app_context():
        counts = dict(
            db.session.execute(
                text("SELECT submission_token, count(*) FROM response GROUP BY submission_token")
            ).all()
        )
    newly_stored = {d[2] for d in in_flight} - set(rows)
    assert len(counts) == stored_before + len(newly_stored)
    assert set(counts.values()) == {1}
    for draft in retried:
        assert counts[draft[2]] == 1


def _run(tmp_path: Path, app, env: dict[str, str]) -> None:
    drafts = make_drafts(app, TOTAL)
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        server.wait_ready()
        outcome = _load_until_killed(server, drafts)
    finally:
        server.kill()
    _check_after_restart(app, tmp_path, env, drafts, outcome)


def test_sigkill_mid_load_sqlite_loses_nothing_confirmed(tmp_path: Path) -> None:
    qdir = one_page_dir(tmp_path)
    app, _ = make_app(tmp_path, SECRET_KEY=SECRET, QUESTIONNAIRE_DIR=str(qdir))
    database = tmp_path / "test.db"
    env = {"DATABASE_URL": f"sqlite:///{database}", "QUESTIONNAIRE_DIR": str(qdir)}
    _run(tmp_path, app, env)
    with app.app_context():
        db.engine.dispose()
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigkill_mid_load_postgresql_loses_nothing_confirmed(tmp_path: Path) -> None:
    qdir = one_page_dir(tmp_path)
    app, schema = make_app(tmp_path, "postgresql", SECRET_KEY=SECRET, QUESTIONNAIRE_DIR=str(qdir))
    try:
        env = {
            "DATABASE_URL": f"{PG_URL}?options=-csearch_path%3D{schema}",
            "QUESTIONNAIRE_DIR": str(qdir),
        }
        _run(tmp_path, app, env)
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:  # the unique index survived the crash intact
            dupes = conn.execute(
                text(
                    f'SELECT count(*) FROM (SELECT submission_token FROM "{schema}".response '
                    "GROUP BY submission_token HAVING count(*) > 1) d"
                )
            ).scalar_one()
        engine.dispose()
        assert dupes == 0
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_postgres_schema(PG_URL, schema)


def test_the_questionnaire_is_the_one_page_one(tmp_path: Path) -> None:
    """Guards the fault tests' premise: one page, so a submission is cheap."""
    from questionnaires import load_directory

    q = load_directory(one_page_dir(tmp_path))[QID]
    assert [p.id for p in q.pages] == ["only"]
