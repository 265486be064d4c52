"""Safeguarding email (issue 12, item 8): verified TLS, never given up, sent exactly once.

Before: STARTTLS did not verify the relay's certificate, so the SMTP password went to
anyone in the middle; there was no implicit TLS (port 465); an email was given up after
20 tries; nobody was shown what had not gone; two senders sent the same email twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
import threading

import pytest
from helpers import make_user, sign_in, text_of

from survey.config import from_environment
from survey.db import db
from survey.safeguarding import notify
from survey.safeguarding.models import Notification
from survey.staff.models import now

USER, PASSWORD = "relay-user", "relay-password-sent-only-over-verified-tls"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    """A real SMTP server on 127.0.0.1 that keeps messages and the passwords it was given."""

    def __init__(self, delay: float = 0.0, **smtp_options) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.received: list = []
        self.logins: list[tuple[bytes, bytes]] = []
        relay = self

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                if delay:
                    await asyncio.sleep(delay)  # a slow relay: senders overlap
                relay.received.append(envelope.content.decode())
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            relay.logins.append((auth_data.login, auth_data.password))
            return AuthResult(success=True)

        self.port = free_port()
        self.controller = Controller(
            Keep(),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticator,
            **smtp_options,
        )
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def ca():
    import trustme

    return trustme.CA()


def server_context(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def queue(app, count: int = 1, **fields) -> None:
    with app.app_context():
        for n in range(count):
            db.session.add(
                Notification(
                    to="lead@council.example",
                    subject=f"New safeguarding case {n + 1}",
                    body="Sign in to read it.",
                    **fields,
                )
            )
        db.session.commit()


def outbox(app) -> list[Notification]:
    with app.app_context():
        rows = db.session.execute(db.select(Notification).order_by(Notification.id)).scalars()
        return [r for r in rows]


@pytest.mark.parametrize("mode", ["starttls", "implicit"])
def test_the_relay_certificate_is_verified_before_the_password_is_sent(app, ca, tmp_path, mode):
    context = server_context(ca)
    if mode == "starttls":
        relay = Relay(tls_context=context, require_starttls=True)
        app.config.update(SMTP_STARTTLS=True)
    else:
        relay = Relay(ssl_context=context, auth_require_tls=False)  # it cannot tell, it is TLS
        app.config.update(SMTP_SSL=True)
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=relay.port, SMTP_USER=USER, SMTP_PASSWORD=PASSWORD
    )
    queue(app)
    try:
        with app.app_context():  # a certificate nobody vouches for: refused, nothing sent
            assert notify.deliver_pending() == (0, 1)
        assert relay.logins == [] and relay.received == []
        (note,) = outbox(app)
        assert "CERTIFICATE_VERIFY_FAILED" in note.last_error and note.sent_at is None
        ca_file = tmp_path / "council-ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        app.config["SMTP_CA_FILE"] = str(ca_file)  # the council's own CA
        with app.app_context():
            db.session.execute(db.update(Notification).values(next_attempt_at=None))
            db.session.commit()
            assert notify.deliver_pending() == (1, 0)
        assert relay.logins == [(USER.encode(), PASSWORD.encode())]
        assert len(relay.received) == 1
    finally:
        relay.stop()


def test_the_password_is_never_sent_unencrypted_across_a_network(app, monkeypatch):
    monkeypatch.setattr(notify, "_loopback", lambda host: False)  # as if the relay were remote
    relay = Relay(auth_require_tls=False)
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=relay.port, SMTP_USER=USER, SMTP_PASSWORD=PASSWORD
    )
    queue(app)
    try:
        with app.app_context():
            assert notify.deliver_pending() == (0, 1)
        assert relay.logins == []
        assert "unencrypted" in outbox(app)[0].last_error
    finally:
        relay.stop()


def test_port_465_means_implicit_tls():
    assert from_environment("/tmp", {"SMTP_PORT": "465"})["SMTP_SSL"] is True
    assert from_environment("/tmp", {"SMTP_PORT": "587"})["SMTP_SSL"] is False
    assert from_environment("/tmp", {"SMTP_PORT": "2465", "SMTP_SSL": "1"})["SMTP_SSL"] is True


def test_an_email_is_never_given_up_but_tried_less_often(app, smtp_server):
    queue(app, attempts=25)  # given up for good before, after 20 tries
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens
    with app.app_context():
        assert notify.deliver_pending() == (0, 1)
        assert notify.deliver_pending() == (0, 0)  # not due yet: backing off
        (note,) = outbox(app)
        assert note.attempts == 26
        assert dt.timedelta(minutes=9) < note.next_attempt_at - now() <= dt.timedelta(minutes=10)
        db.session.execute(db.update(Notification).values(next_attempt_at=now()))
        db.session.commit()
        app.config["SMTP_PORT"] = smtp_server.port
        assert notify.deliver_pending() == (1, 0)
    assert len(smtp_server.received) == 1
    delays = [notify.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 50, 10_000)]
    assert delays == [60, 120, 240, 480, 600, 600, 600, 600]


def test_overdue_emails_fail_the_cron_command_and_show_on_the_home_page(app, smtp_server):
    queue(app, count=2)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())
    runner = app.test_cli_runner()
    assert runner.invoke(args=["notifications", "send"]).exit_code == 0  # failed, not overdue
    with app.app_context():
        db.session.execute(
            db.update(Notification).values(created_at=now() - dt.timedelta(minutes=16))
        )
        db.session.commit()
    result = runner.invoke(args=["notifications", "send"])  # nothing due, but overdue
    assert result.exit_code == 1 and "2 safeguarding email(s) overdue" in result.output

    for role in ("admin", "safeguarding"):
        client = app.test_client()
        sign_in(client, make_user(app, role))
        home = text_of(client.get("/staff/"))
        assert "Safeguarding emails not delivered" in home and "New safeguarding case 2" in home
        assert "ConnectionRefusedError" in home
    for role in ("analyst", "viewer"):
        client = app.test_client()
        sign_in(client, make_user(app, role))
        assert "Safeguarding emails not delivered" not in text_of(client.get("/staff/"))

    app.config["SMTP_PORT"] = smtp_server.port
    with app.app_context():
        db.session.execute(db.update(Notification).values(next_attempt_at=None))
        db.session.commit()
    assert runner.invoke(args=["notifications", "send"]).exit_code == 0
    assert len(smtp_server.received) == 2
    admin = app.test_client()
    sign_in(admin, "admin@council.example")
    assert "Safeguarding emails not delivered" not in text_of(admin.get("/staff/"))


def test_two_senders_at_once_deliver_each_email_exactly_once(db_app):
    relay = Relay(delay=0.02)
    db_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=relay.port)
    queue(db_app, count=40)
    start = threading.Barrier(2)
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            with db_app.app_context():
                start.wait()
                results.append(notify.deliver_pending())
                db.session.remove()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        relay.stop()
    assert errors == []
    subjects = sorted(
        line for m in relay.received for line in m.splitlines() if line.startswith("Subject:")
    )
    assert subjects == sorted(f"Subject: New safeguarding case {n}" for n in range(1, 41))
    assert sorted(sent for sent, _failed in results) != [0, 40], "both senders took part"
    assert sum(sent for sent, _failed in results) == 40
    assert all(note.sent_at is not None and note.attempts == 1 for note in outbox(db_app))
