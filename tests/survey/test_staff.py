"""Staff accounts: sign-in, revocable sessions, roles and the audit log (throttling and
two-factor sign-in have files of their own)."""

from __future__ import annotations

import datetime as dt

import click
import click.testing
import pytest
from helpers import STAFF_PASSWORD, csrf, make_user, sign_in, text_of

from survey.db import db
from survey.staff.models import AuditEntry, StaffSession, User
from survey.staff.passwords import problem, verify


def audit_actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.execute(db.select(AuditEntry)).scalars()]


def test_passwords_are_argon2id_and_checked_for_length_and_commonness(app):
    email = make_user(app, "admin")
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.password_hash.startswith("$argon2id$")
        assert verify(user.password_hash, STAFF_PASSWORD)
        assert not verify(user.password_hash, "wrong password here")
    assert problem("short") is not None
    assert problem("Password1234!") is not None  # common word with padding
    assert problem("111111111111") is not None
    assert problem("jane.smith-2024", email="jane.smith@council.example") is not None
    assert problem("violet kettle harbour") is None  # long and unusual: fine, no symbols needed
    assert email


def test_sign_in_and_out_with_audit(app, client):
    email = make_user(app, "analyst")
    response = sign_in(client, email)
    assert response.status_code == 302 and response.location.endswith("/staff/")
    home = client.get("/staff/")
    assert "Signed in as Analyst" in text_of(home)
    client.post("/staff/sign-out", data={"csrf_token": csrf(home.get_data(True))})
    assert client.get("/staff/").status_code == 302
    assert audit_actions(app)[-2:] == ["sign_in", "sign_out"]


def test_unknown_email_gets_the_same_message(app, client):
    response = sign_in(client, "nobody@council.example")
    assert response.status_code == 400
    assert "The email address or password is not right" in text_of(response)


def test_revoking_sessions_signs_out_at_once(app, client):
    email = make_user(app, "viewer")
    sign_in(client, email)
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        for row in db.session.execute(db.select(StaffSession)).scalars():
            row.revoked = True
        db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_idle_session_times_out(app, client):
    email = make_user(app, "viewer")
    sign_in(client, email)
    with app.app_context():
        row = db.session.execute(db.select(StaffSession)).scalar_one()
        row.last_seen = row.last_seen - dt.timedelta(minutes=31)
        db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_sign_in_needs_a_valid_csrf_token(app, client):
    email = make_user(app, "admin")
    client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"email": email, "password": STAFF_PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["analyst", "safeguarding", "viewer"])
def test_only_admins_manage_accounts(app, client, role):
    sign_in(client, make_user(app, role))
    assert client.get("/staff/accounts").status_code == 404
    assert client.get("/staff/audit").status_code == 404


def test_admin_creates_account_and_changes_role_with_audit(app, client):
    sign_in(client, make_user(app, "admin"))
    page = client.get("/staff/accounts")
    token = csrf(page.get_data(True))
    weak = client.post(
        "/staff/accounts",
        data={
            "csrf_token": token,
            "name": "Sam",
            "email": "sam@council.example",
            "role": "analyst",
            "password": "password",
        },
    )
    assert "at least 12 characters" in text_of(client.get(weak.location))
    client.post(
        "/staff/accounts",
        data={
            "csrf_token": token,
            "name": "Sam",
            "email": "sam@council.example",
            "role": "analyst",
            "password": "maple orbit lantern",
        },
    )
    with app.app_context():
        sam = db.session.execute(
            db.select(User).where(User.email == "sam@council.example")
        ).scalar_one()
        sam_id = sam.id
    client.post(
        f"/staff/accounts/{sam_id}", data={"csrf_token": token, "action": "role", "role": "viewer"}
    )
    with app.app_context():
        assert db.session.get(User, sam_id).role == "viewer"
    actions = audit_actions(app)
    assert "account_created" in actions and "role_changed" in actions


CREATE = ["users", "create", "--email", "Lead@Council.example", "--name", "Lead", "--role", "admin"]


def _accounts(app) -> list[User]:
    with app.app_context():
        return list(db.session.execute(db.select(User)).scalars())


def test_users_create_asks_twice_on_a_terminal(app, runner, monkeypatch):
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    result = runner.invoke(args=CREATE, input="maple orbit lantern\nmaple orbit lantern\n")
    assert result.exit_code == 0, result.output
    (user,) = _accounts(app)
    assert user.email == "lead@council.example" and user.role == "admin"
    weak = runner.invoke(
        args=["users", "create", "--email", "x@y.example", "--name", "X"],
        input="password\npassword\n",
    )
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output


def test_users_create_reads_the_password_from_a_pipe(app, runner):
    result = runner.invoke(args=[*CREATE, "--password-stdin"], input="maple orbit lantern\n")
    assert result.exit_code == 0, result.output
    assert [u.email for u in _accounts(app)] == ["lead@council.example"]


def test_users_create_without_a_terminal_says_how_instead_of_waiting(app, runner):
    """A deployment script has no terminal: it gets the advice, not a hang or an abort."""
    result = runner.invoke(args=CREATE, input="")
    assert result.exit_code == 2
    assert "no terminal" in result.output and "--password-stdin" in result.output
    assert _accounts(app) == []
    both = runner.invoke(args=[*CREATE, "--password", "x", "--password-stdin"], input="y\n")
    assert both.exit_code == 2 and "not both" in both.output
