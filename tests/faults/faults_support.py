"""Shared pieces for the fault tests: a one-page questionnaire, gunicorn, drafts and a proxy.

The fault tests need real processes (to SIGKILL them) and real sockets (to cut them), so
these helpers start gunicorn with our own settings file in a process group of its own,
and talk to it with ``http.client`` (no redirects followed, so a 303 to /done is seen).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
GUNICORN_CONF = ROOT / "survey" / "serving" / "gunicorn_conf.py"
SECRET = "fault-tests-secret-key-that-is-long-enough-0123456789"
QID = "one-page"

ONE_PAGE = """\
id: one-page
version: 1
title: One page
audience: young_person
age_band: "13-18"
intro: A short questionnaire for fault tests.
privacy: We keep these answers for testing only.
thank_you: Thank you.
pages:
  - id: only
    title: The only page
    questions:
      - id: agree
        type: consent
        text: Do you want to take part?
        label: "I want to take part"
        required: true
      - id: say
        type: long_text
        text: Tell us one thing
        max_length: 4000
      - id: more
        type: long_text
        text: Tell us another thing
        max_length: 4000
"""


def one_page_dir(tmp_path: Path) -> Path:
    """A questionnaire directory holding only the one-page questionnaire."""
    qdir = tmp_path / "questionnaires"
    qdir.mkdir(exist_ok=True)
    (qdir / f"{QID}.yaml").write_text(ONE_PAGE)
    return qdir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """Our app under gunicorn with our settings; killable as a whole process group."""

    def __init__(self, env: dict[str, str], log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = log
        full = {
            **os.environ,
            "SECRET_KEY": SECRET,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "2",
            "RATE_LIMIT_ANSWERS": "1000000000",
            "MIN_FILL_SECONDS": "0",
            "NOTIFY_MODE": "off",
            **env,
        }
        full.pop("HYS_ENV", None)  # Secure cookies would not come back over plain http
        self._log_file = log.open("ab")
        self.proc = subprocess.Popen(
            [str(GUNICORN), "-c", str(GUNICORN_CONF)],
            cwd=ROOT,
            env=full,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: os.killpg reaches every worker
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()
            try:
                status, _ = request(self.port, "GET", f"/q/{QID}", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn not ready in {timeout}s:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no graceful anything."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._log_file.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=25)
        self.kill()


def request(
    port: int,
    method: str,
    path: str,
    body: dict[str, str] | None = None,
    cookie: str = "",
    timeout: float = 10,
) -> tuple[int, str]:
    """One HTTP request; returns (status, Location). Redirects are not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


def make_drafts(
    app, count: int, answers: dict[str, Any] | None = None
) -> list[tuple[str, str, str]]:
    """``count`` drafts ready to send, as (cookie header, csrf token, submission token).

    Made as ``drafts.start`` makes them (a row each) and with the session cookie the
    respondent's browser would hold at the check page, signed with the app's key: walking
    2,000 journeys over HTTP would take longer than every fault test together.
    """
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from survey.db import db
    from survey.models import Draft, today
    from survey.respond.drafts import hash_code, new_code

    serializer = app.session_interface.get_signing_serializer(app)
    name = app.config["SESSION_COOKIE_NAME"]
    rows, out = [], []
    for n in range(count):
        code, token = new_code(), secrets.token_urlsafe(32)
        rows.append(
            Draft(
                code_hash=hash_code(code),
                questionnaire_id=QID,
                answers=answers or {"agree": True, "say": f"More buses after school {n}"},
                locale="en",
                submission_token=token,
                updated_on=today(),
                expires_on=today() + dt.timedelta(days=30),
            )
        )
        with app.test_request_context("/"):  # each its own request context: its own CSRF
            session["drafts"] = {QID: code}
            csrf = generate_csrf()
            cookie = f"{name}={serializer.dumps(dict(session))}"
        out.append((cookie, csrf, token))
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
    return out


def submit_over_http(port: int, draft: tuple[str, str, str], timeout: float = 10) -> int:
    """POST /submit as the browser would; returns the status (303 means confirmed)."""
    cookie, csrf, token = draft
    status, location = request(
        port,
        "POST",
        f"/q/{QID}/submit",
        {"csrf_token": csrf, "submission_token": token},
        cookie=cookie,
        timeout=timeout,
    )
    if status == 303:
        assert location.endswith(f"/q/{QID}/done"), location
    return status


class TcpProxy:
    """A TCP proxy on 127.0.0.1 that can be cut (every connection closed, new ones refused).

    Threads rather than asyncio, so it runs beside a synchronous Flask test client.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.2)
        self._listener = listener
        self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Refuse new connections and reset the open ones, as a failed database host would."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.cut()
