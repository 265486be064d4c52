"""Shared fixtures: an app on a fresh database, a client and a CLI runner.

Storage tests run against SQLite always and PostgreSQL when
``TEST_DATABASE_URL`` is set (CI sets it). Under ``CI=true`` a skipped test
fails the run: nothing may quietly not be tested.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from survey import create_app
from survey.db import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _fresh_postgres_schema(url: str) -> str:
    """A new schema per test, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return schema


def _drop_postgres_schema(url: str, schema: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def make_app(tmp_path, backend: str = "sqlite", **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "NOTIFY_MODE": "off",  # tests that check email run a real local SMTP server
    }
    schema = None
    if backend == "postgresql":
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need it")
        schema = _fresh_postgres_schema(PG_URL)
        config["SQLALCHEMY_DATABASE_URI"] = PG_URL.replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    config.update(extra)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app, schema


@pytest.fixture
def app(tmp_path):
    app, _ = make_app(tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_app(request, tmp_path):
    """The app on each database we support, for tests of what is stored."""
    app, schema = make_app(tmp_path, request.param)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        _drop_postgres_schema(PG_URL, schema)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI=true: {skipped} test(s) were skipped; in CI that is a failure")
        session.exitstatus = 1


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that keeps every message it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list = []

    class Keep(Message):
        def handle_message(self, message) -> None:
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    controller.received = received
    yield controller
    controller.stop()
