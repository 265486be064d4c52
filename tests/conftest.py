"""Shared fixtures: an app on a fresh database, a client and a CLI runner.

Storage tests run against SQLite always and PostgreSQL when
``TEST_DATABASE_URL`` is set (CI sets it). Under ``CI=true`` a skipped test
fails the run: nothing may quietly not be tested.
"""

from __future__ import annotations

import os
import socket

import pytest
from helpers import close_app, make_app

from analysis.semantic import load_embedder
from survey.db import db


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
    close_app(app, schema)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def embedder():
    """The distilled table, loaded once for every test that trains or reads a layer."""
    found = load_embedder()
    assert found is not None, "no distilled table: `make setup` builds it (CI must not skip)"
    return found


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
