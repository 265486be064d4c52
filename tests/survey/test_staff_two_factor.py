"""Two-factor sign-in (issue 12, item 7): TOTP by RFC 6238, recovery codes, and required
for the roles that read children's words or manage who can, in production.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from helpers import STAFF_PASSWORD, csrf, make_app, make_user, sign_in, text_of

from survey.db import db
from survey.staff import totp
from survey.staff.models import AuditEntry, RecoveryCode, User

SECRET = "a-production-secret-key-that-is-long-enough-0123456789"


@pytest.mark.parametrize(
    ("at", "expected"),
    [  # RFC 6238 appendix B, SHA-1, eight digits
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_codes_match_the_rfc_6238_test_vectors(at, expected):
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp.code_at(secret, totp.step_of(at), digits=8) == expected


def test_a_code_is_accepted_near_its_time_and_only_once():
    secret = totp.new_secret()
    at = 1_800_000_000.0
    step = totp.step_of(at)
    assert totp.accept(secret, totp.code_at(secret, step), None, at) == step
    assert totp.accept(secret, totp.code_at(secret, step - 1), None, at) == step - 1  # drift
    assert totp.accept(secret, totp.code_at(secret, step - 2), None, at) is None  # too old
    assert totp.accept(secret, totp.code_at(secret, step), step, at) is None  # used already
    assert totp.accept(secret, " ".join(totp.code_at(secret, step)), None, at) == step
    assert totp.accept(secret, "12345a", None, at) is None
    uri = totp.uri(secret, "lead@council.example")
    assert uri.startswith("otpauth://totp/Have%20Your%20Say%3Alead%40council.example?")
    assert f"secret={secret}" in uri and "issuer=Have+Your+Say" in uri


@pytest.fixture
def production(tmp_path):
    app, _ = make_app(tmp_path, HYS_ENV="production", SECRET_KEY=SECRET)
    return app


def key_on(page_html: str) -> str:
    match = re.search(r'<span class="code__label">[^<]*</span>([A-Z2-7 ]+)</p>', page_html)
    assert match, "the set-up page shows no key"
    return match.group(1).replace(" ", "")


def enrol(client) -> tuple[str, list[str]]:
    """Set up two-factor sign-in as a person would: type the key, give the first code."""
    page = client.get("/staff/account/two-factor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    secret = key_on(html)
    assert f"secret={secret}" in unescape(html)  # the otpauth:// URI, for a password manager
    wrong = client.post(
        "/staff/account/two-factor", data={"csrf_token": csrf(html), "code": "000000"}
    )
    assert wrong.status_code == 400
    shown = client.post(
        "/staff/account/two-factor",
        data={"csrf_token": csrf(html), "code": totp.code_at(secret, totp.step_of())},
    )
    assert shown.status_code == 200
    codes = re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", text_of(shown))
    assert len(codes) == 10
    return secret, codes


def code_step(client, code: str, status: int = 302):
    page = client.get("/staff/sign-in/code")
    assert page.status_code == 200
    response = client.post(
        "/staff/sign-in/code", data={"csrf_token": csrf(page.get_data(True)), "code": code}
    )
    assert response.status_code == status, text_of(response)[:500]
    return response


@pytest.mark.parametrize("role", ["admin", "safeguarding"])
def test_in_production_these_roles_must_enrol_before_anything_else(production, role):
    client = production.test_client()
    assert sign_in(client, make_user(production, role)).status_code == 302
    own = {"admin": "/staff/accounts", "safeguarding": "/staff/safeguarding/"}[role]
    for path in ("/staff/", own, "/staff/account", "/staff/account/password"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.endswith("/staff/account/two-factor"), path
    assert "you must set up two-factor sign-in" in text_of(client.get("/staff/account/two-factor"))
    enrol(client)
    assert client.get("/staff/").status_code == 200


def test_other_roles_and_development_may_choose(production, app):
    analyst = production.test_client()
    sign_in(analyst, make_user(production, "analyst"))
    assert analyst.get("/staff/").status_code == 200
    admin = app.test_client()  # development
    sign_in(admin, make_user(app, "admin"))
    assert admin.get("/staff/").status_code == 200
    enrol(admin)  # optional, but there
    assert "Two-factor sign-in is on." in text_of(admin.get("/staff/account"))


def test_signing_in_takes_a_fresh_code_or_a_recovery_code_once(production):
    email = make_user(production, "safeguarding")
    client = production.test_client()
    sign_in(client, email)
    secret, codes = enrol(client)
    client.post("/staff/sign-out", data={"csrf_token": csrf(client.get("/staff/").get_data(True))})

    password_only = sign_in(client, email)
    assert password_only.status_code == 302 and "/staff/sign-in/code" in password_only.location
    assert client.get("/staff/").status_code == 302  # not signed in on a password alone
    code_step(client, "123456", 400)
    with production.app_context():  # the step of the code given when setting up (the clock
        # may have moved to the next step since)
        step = db.session.execute(
            db.select(User.totp_last_step).where(User.email == email)
        ).scalar_one()
    code_step(client, totp.code_at(secret, step), 400)  # replayed: refused
    response = code_step(client, totp.code_at(secret, max(step, totp.step_of()) + 1))
    assert response.location.endswith("/staff/")
    assert client.get("/staff/").status_code == 200

    other = production.test_client()
    sign_in(other, email)
    code_step(other, codes[0].lower().replace("-", " "))  # forgiving of case and spacing
    third = production.test_client()
    sign_in(third, email)
    code_step(third, codes[0], 400)  # used up
    with production.app_context():
        left = db.session.execute(
            db.select(db.func.count()).where(RecoveryCode.used_at.is_(None))
        ).scalar_one()
        hashes = db.session.execute(db.select(RecoveryCode.code_hash)).scalars().all()
        details = db.session.execute(
            db.select(AuditEntry.detail).where(AuditEntry.action == "sign_in")
        ).scalars()
        assert {"two-factor", "recovery code"} <= set(details)
    assert left == 9
    assert not any(code in h or code.replace("-", "") in h for code in codes for h in hashes)


def test_a_code_step_needs_the_password_step_first(production):
    client = production.test_client()
    response = client.get("/staff/sign-in/code")
    assert response.status_code == 302 and response.location.endswith("/staff/sign-in")


def test_required_roles_cannot_turn_it_off_but_an_admin_can_reset_it(production):
    lead_email = make_user(production, "safeguarding")
    lead = production.test_client()
    sign_in(lead, lead_email)
    enrol(lead)
    token = csrf(lead.get("/staff/account").get_data(True))
    refused = lead.post(
        "/staff/account/two-factor/off",
        data={"csrf_token": token, "current_password": STAFF_PASSWORD},
    )
    assert refused.status_code == 400
    admin = production.test_client()
    sign_in(admin, make_user(production, "admin"))
    enrol(admin)
    with production.app_context():
        lead_id = db.session.execute(
            db.select(User.id).where(User.email == lead_email)
        ).scalar_one()
    admin.post(
        f"/staff/accounts/{lead_id}",
        data={
            "csrf_token": csrf(admin.get("/staff/accounts").get_data(True)),
            "action": "reset_two_factor",
        },
    )
    assert lead.get("/staff/").status_code == 302  # signed out
    sign_in(lead, lead_email)
    assert lead.get("/staff/").location.endswith("/staff/account/two-factor")  # enrol again
    with production.app_context():
        actions = db.session.execute(db.select(AuditEntry.action)).scalars().all()
    assert "two_factor_on" in actions and "two_factor_reset" in actions


def test_optional_two_factor_is_turned_off_with_the_password(app):
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))
    enrol(client)
    token = csrf(client.get("/staff/account").get_data(True))
    wrong = client.post(
        "/staff/account/two-factor/off",
        data={"csrf_token": token, "current_password": "not my password"},
    )
    assert "current password is not right" in text_of(client.get(wrong.location))
    client.post(
        "/staff/account/two-factor/off",
        data={"csrf_token": token, "current_password": STAFF_PASSWORD},
    )
    assert "Two-factor sign-in is off." in text_of(client.get("/staff/account"))
    with app.app_context():
        assert db.session.execute(db.select(User.totp_secret)).scalar_one() is None
        assert db.session.execute(db.select(db.func.count(RecoveryCode.id))).scalar_one() == 0
