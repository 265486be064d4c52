"""A member of staff's own account (issue 12, item 7): their password, strength, lifetime.

Before: staff could not change their own password; "common" meant 38 words; a session
lived as long as it was used; argon2 hashes kept their old parameters for ever.
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from helpers import STAFF_PASSWORD, csrf, make_user, sign_in, text_of

from survey.db import db
from survey.staff.models import AuditEntry, StaffSession, User
from survey.staff.passwords import needs_rehash, problem, verify

NEW_PASSWORD = "walnut quarry sonnet ferry"


def audit(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.detail) for e in db.session.execute(db.select(AuditEntry)).scalars()]


def change(client, **fields):
    page = client.get("/staff/account/password")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf(page.get_data(True)),
        "current_password": STAFF_PASSWORD,
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
        **fields,
    }
    return client.post("/staff/account/password", data=data)


def test_guessable_passwords_are_refused_from_a_real_list_not_38_words():
    # All accepted before: none is one of the 38 words, yet each is among the first guesses.
    for guessable in ("1q2w3e4r5t6y", "jennifer1990", "michael12345", "Liverpool1892!"):
        assert problem(guessable) is not None, guessable
    assert problem("Password1234!") is not None
    assert problem("Summer2024!!") is not None
    assert problem("HaveYourSay2025") is not None  # the service's own name is known
    assert problem("priya.shah-rocks-2026", email="priya.shah@council.example") is not None
    assert problem("PriyaShah2026!", name="Priya Shah") is not None
    assert "at least 12 characters" in problem("short")
    for fine in ("violet kettle harbour", "maple orbit lantern", NEW_PASSWORD):
        assert problem(fine) is None, fine
    assert problem("correct horse battery staple " * 10) is None  # longer than zxcvbn reads


def test_staff_change_their_own_password_and_other_sessions_end(app):
    email = make_user(app, "safeguarding")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, email)
    sign_in(elsewhere, email)
    with app.app_context():
        started = db.session.execute(db.select(StaffSession.created_at)).scalars().first()

    wrong = change(here, current_password="not my password")
    assert wrong.status_code == 400 and "current password is not right" in text_of(wrong)
    weak = change(here, new_password="michael12345", new_password_again="michael12345")
    assert weak.status_code == 400 and "too easy to guess" in text_of(weak)
    typo = change(here, new_password_again=NEW_PASSWORD + "s")
    assert typo.status_code == 400 and "not the same" in text_of(typo)
    forged = here.post(
        "/staff/account/password",
        data={"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert forged.status_code == 400
    with app.app_context():
        stored = db.session.execute(db.select(User.password_hash)).scalar_one()
    assert verify(stored, STAFF_PASSWORD)  # nothing changed yet

    done = change(here)
    assert done.status_code == 302 and done.location.endswith("/staff/account")
    assert "Your password has been changed" in text_of(here.get(done.location))
    assert here.get("/staff/").status_code == 200  # still signed in here
    assert elsewhere.get("/staff/").status_code == 302  # signed out everywhere else
    assert sign_in(app.test_client(), email).status_code == 400
    assert sign_in(app.test_client(), email, NEW_PASSWORD).status_code == 302
    actions = audit(app)
    assert ("password_changed", "sessions ended: 1") in actions
    assert ("password_check_failed", "") in actions
    with app.app_context():  # the new token for this browser keeps the day's start
        live = db.session.execute(
            db.select(StaffSession).where(StaffSession.revoked.is_(False))
        ).scalars()
        assert started in {row.created_at for row in live}


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(app):
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))

    def age(hours: float) -> None:
        with app.app_context():
            row = db.session.execute(db.select(StaffSession)).scalar_one()
            row.created_at = row.last_seen - dt.timedelta(hours=hours)
            db.session.commit()

    age(11.9)
    for _ in range(3):  # busy: every page re-issues the cookie and refreshes last_seen
        client.get("/staff/?lang=cy")
        assert client.get("/staff/").status_code == 200
    age(12.1)
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.location
    with app.app_context():
        assert db.session.execute(db.select(StaffSession.revoked)).scalar_one() is True
    app.config["STAFF_SESSION_HOURS"] = 1  # configurable
    sign_in(client, "analyst@council.example")
    with app.app_context():
        row = db.session.execute(
            db.select(StaffSession).where(StaffSession.revoked.is_(False))
        ).scalar_one()
        row.created_at -= dt.timedelta(minutes=61)
        db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_a_hash_made_with_older_parameters_is_remade_at_sign_in(app):
    email = make_user(app, "admin")
    cheap = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        user.password_hash = cheap.hash(STAFF_PASSWORD)
        db.session.commit()
        old = user.password_hash
        assert needs_rehash(old)
    assert sign_in(app.test_client(), email).status_code == 302
    with app.app_context():
        new = db.session.execute(db.select(User.password_hash)).scalar_one()
    assert new != old and not needs_rehash(new) and verify(new, STAFF_PASSWORD)
    assert ("password_rehashed", "") in audit(app)
    assert sign_in(app.test_client(), email).status_code == 302
    assert [a for a, _ in audit(app)].count("password_rehashed") == 1
