"""Sign-in throttling (issue 12, item 6): slower and slower, never locked, never telling.

Before: five wrong passwords locked an account for 15 minutes, so anyone could lock
out the safeguarding lead; only real accounts were locked, so the lock told which
addresses had accounts; a deactivated account skipped argon2; and the count was never
forgotten, so one failure after a lock expired locked again.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import (
    STAFF_PASSWORD,
    close_app,
    csrf,
    make_app,
    make_user,
    sign_in,
)

from survey.db import db
from survey.staff import throttle, views
from survey.staff.models import User

WRONG = "not the password at all"


class Clock:
    """The throttle's idea of now, moved by the test."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 12, 1, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle, "now", clock)
    return clock


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    """The app on each database; only the throttle under test (the flood limit set aside)."""
    app, schema = make_app(tmp_path, request.param, RATE_LIMIT_SIGN_IN=100_000)
    yield app
    close_app(app, schema)


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def answer(response, email: str) -> tuple[int, str, str | None]:
    """What a script learns from a sign-in answer: all but the form token and its own typing."""
    body = re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))
    return response.status_code, body.replace(email, "EMAIL"), response.headers.get("Retry-After")


def test_unknown_known_and_deactivated_accounts_get_identical_answers(app, clock, monkeypatch):
    known = make_user(app, "safeguarding", "lead@council.example")
    gone = make_user(app, "analyst", "gone@council.example")
    with app.app_context():
        db.session.execute(db.update(User).where(User.email == gone).values(active=False))
        db.session.commit()
    verified = []
    real_verify = views.verify

    def counted_verify(stored: str, password: str) -> bool:
        verified.append(stored)
        return real_verify(stored, password)

    monkeypatch.setattr(views, "verify", counted_verify)
    attempts = {
        "known account, wrong password": (known, WRONG),
        "deactivated account, right password": (gone, STAFF_PASSWORD),
        "no such account": ("nobody@council.example", WRONG),
    }
    answers: dict[str, list] = {}
    for n, (label, (email, password)) in enumerate(attempts.items()):
        client = client_at(app, f"198.51.100.{n + 1}")
        verified.clear()
        first = sign_in(client, email, password)
        assert len(verified) == 1, f"{label}: argon2 must run exactly once"
        replies = [answer(first, email)]
        replies += [answer(sign_in(client, email, password), email) for _ in range(5)]
        answers[label] = replies
    first = answers["no such account"]
    for label, replies in answers.items():
        assert replies == first, label
    statuses = [status for status, _body, _retry in first]
    assert statuses == [400] * 5 + [429]  # the sixth try waits, whoever it is for
    assert "The email address or password is not right" in first[0][1]
    assert "Too many attempts" in first[5][1] and first[5][2] == "1"


def patient_attacker(app, clock, email: str, tries: int) -> None:
    """Tries a wrong password, waits exactly as long as told, tries again."""
    attacker = client_at(app, "203.0.113.66")
    for _ in range(tries):
        response = sign_in(attacker, email, WRONG)
        if response.status_code == 429:
            clock.advance(int(response.headers["Retry-After"]))
            response = sign_in(attacker, email, WRONG)
        assert response.status_code == 400


def test_an_attacker_cannot_keep_the_lead_out(app, clock):
    lead = make_user(app, "safeguarding", "lead@council.example")
    laptop = client_at(app, "192.0.2.10")  # the lead's own computer, signed in last week
    assert sign_in(laptop, lead).status_code == 302
    laptop.post("/staff/sign-out", data={"csrf_token": csrf(laptop.get("/staff/").get_data(True))})

    hammer = client_at(app, "203.0.113.66")
    for _ in range(60):  # hammering while told to wait changes nothing
        sign_in(hammer, lead, WRONG)
    patient_attacker(app, clock, lead, 12)

    # Her own laptop is known: in at once, even the moment after the attacker's last try.
    assert sign_in(laptop, lead).status_code == 302
    # A borrowed computer at another address: told to wait, never more than a minute...
    borrowed = client_at(app, "192.0.2.200")
    patient_attacker(app, clock, lead, 12)  # the laptop's sign-in cleared the count: again
    wait = sign_in(borrowed, lead)
    assert wait.status_code == 429 and 0 < int(wait.headers["Retry-After"]) <= 60
    # ... and then in, with the right password.
    clock.advance(int(wait.headers["Retry-After"]))
    assert sign_in(borrowed, lead).status_code == 302


def test_waits_grow_with_each_failure_and_are_capped(app, clock):
    email = make_user(app, "admin")
    client = client_at(app, "198.51.100.7")
    waits = []
    for _ in range(14):
        response = sign_in(client, email, WRONG)
        if response.status_code == 429:
            seconds = int(response.headers["Retry-After"])
            waits.append(seconds)
            clock.advance(seconds)
            response = sign_in(client, email, WRONG)
        assert response.status_code == 400
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60], waits


def test_counters_are_forgotten_after_a_quiet_hour_and_cleared_by_signing_in(app, clock):
    email = make_user(app, "admin")
    client = client_at(app, "198.51.100.8")
    for _ in range(4):
        assert sign_in(client, email, WRONG).status_code == 400
    clock.advance(61 * 60)  # an hour without failures: the count starts again
    for _ in range(4):
        assert sign_in(client, email, WRONG).status_code == 400
    assert sign_in(client, email).status_code == 302  # in, and the account's count is cleared
    other = client_at(app, "198.51.100.9")
    for _ in range(5):
        assert sign_in(other, email, WRONG).status_code == 400
    assert sign_in(other, email, WRONG).status_code == 429


def test_one_address_guessing_many_accounts_is_slowed(app, clock):
    client = client_at(app, "203.0.113.99")
    statuses = [sign_in(client, f"user{n}@council.example", WRONG).status_code for n in range(12)]
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]
    elsewhere = client_at(app, "198.51.100.1")  # other addresses are not held up
    assert sign_in(elsewhere, "user11@council.example", WRONG).status_code == 400


def test_throttle_keeps_neither_the_address_nor_the_email(app, clock):
    from survey.staff.models import SignInThrottle

    sign_in(client_at(app, "203.0.113.42"), "someone@council.example", WRONG)
    with app.app_context():
        stored = " ".join(
            f"{row.key}" for row in db.session.execute(db.select(SignInThrottle)).scalars()
        )
    assert stored and "203.0.113.42" not in stored and "someone" not in stored
