"""A live server and one headless Chromium for the browser tests.

Debian's Chromium is used (never a downloaded browser), so the tests run the
same in CI and offline. Without ``/usr/bin/chromium`` every browser test is
skipped with the reason; CI installs it and fails on skips.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from survey.db import db
from survey.models import Draft, Response

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    """The app served over real HTTP, and a way to read what it stored."""

    url: str
    app: Flask

    def responses(self, qid: str) -> list[dict[str, Any]]:
        """Stored answers for ``qid``, oldest first: what the council would receive."""
        with self.app.app_context():
            rows = db.session.scalars(
                select(Response).where(Response.questionnaire_id == qid).order_by(Response.id)
            ).all()
            answers = [dict(r.answers) for r in rows]
            db.session.remove()
            return answers

    def drafts(self, qid: str) -> list[dict[str, Any]]:
        """Answers saved so far (not yet sent) for ``qid``."""
        with self.app.app_context():
            rows = db.session.scalars(select(Draft).where(Draft.questionnaire_id == qid)).all()
            answers = [dict(r.answers or {}) for r in rows]
            db.session.remove()
            return answers


@contextmanager
def serving(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` on a free port of 127.0.0.1 from a background thread, then stop it and
    close its database connections."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server on a fresh SQLite database for the whole browser session."""
    from helpers import make_app  # tests/helpers.py: same app and migrations as other tests

    app, _ = make_app(tmp_path_factory.mktemp("browser"), "sqlite")
    with serving(app) as live:
        yield live


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium per session: starting it is the slow part, contexts are cheap."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get install -y chromium` (CI does; no browser is ever downloaded)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
