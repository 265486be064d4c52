"""Privacy by design: retention, withdrawal, just-in-time notes, and docs/privacy.md kept true."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from helpers import Respondent, complete, csrf, text_of

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response
from survey.privacy import retention
from survey.privacy.models import PrivacyEvent

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
GALLERY = "question-gallery"


def send_one(app, client, qid: str = "children-8-12") -> str:
    complete(client, load_directory()[qid])
    done = client.get(Respondent(client, qid).send().location)
    match = re.search(r'translate="no">([0-9A-Z-]+)<', text_of(done))
    assert match, "the thank-you page shows no code for withdrawing"
    return match.group(1)


def test_every_stored_field_is_documented_and_nothing_else(app):
    documented = set(re.findall(r"^\| `(\w+)\.(\w+)` \|", DOC.read_text(), re.M))
    with app.app_context():
        actual = {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.columns}
    assert actual - documented == set(), "stored but not in docs/privacy.md"
    assert documented - actual == set(), "in docs/privacy.md but not stored"


def test_documented_defaults_match_the_configuration(app):
    text = DOC.read_text()
    assert f"`{app.config['SESSION_COOKIE_NAME']}`" in text
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert f"default **{retention.DEFAULT_RETENTION_DAYS}** days" in text
    assert f"default {app.config['DRAFT_DAYS']})" in text
    assert "1 day" in text and app.config["PERMANENT_SESSION_LIFETIME"] == 86400
    assert "ends when the browser closes" in text  # tests/survey/test_shared_device.py


def test_purge_deletes_only_expired_responses_and_is_idempotent(app, client):
    send_one(app, client)
    other = app.test_client()
    send_one(app, other, "partners")
    with app.app_context():
        rows = db.session.execute(db.select(Response)).scalars().all()
        rows[0].submitted_on -= dt.timedelta(days=731)
        db.session.commit()
        assert retention.purge() == {"children-8-12": 1}
        assert retention.purge() == {}
        assert [r.questionnaire_id for r in db.session.execute(db.select(Response)).scalars()] == [
            "partners"
        ]
        events = db.session.execute(db.select(PrivacyEvent)).scalars().all()
        assert [(e.kind, e.questionnaire_id, e.count) for e in events] == [
            ("retention", "children-8-12", 1)
        ]


def test_purge_removes_expired_drafts(app, client):
    Respondent(client, GALLERY).start()
    with app.app_context():
        later = dt.date.today() + dt.timedelta(days=app.config["DRAFT_DAYS"] + 1)
        assert retention.purge(later) == {"drafts": 1}
        assert db.session.execute(db.select(Draft)).first() is None


def test_purge_command(app, runner):
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "nothing to delete" in result.output


def test_withdrawal_with_the_code_removes_the_response(app, client):
    code = send_one(app, client)
    page = client.get("/withdraw")
    token = csrf(page.get_data(True))
    unconfirmed = client.post("/withdraw", data={"csrf_token": token, "code": code})
    assert unconfirmed.status_code == 400
    wrong = client.post("/withdraw", data={"csrf_token": token, "code": "0" * 26, "confirm": "yes"})
    assert wrong.status_code == 400
    done = client.post(
        "/withdraw", data={"csrf_token": token, "code": code.lower(), "confirm": "yes"}
    )
    assert done.status_code == 200 and "Your answers have been deleted" in text_of(done)
    with app.app_context():
        assert db.session.execute(db.select(Response)).first() is None
        event = db.session.execute(db.select(PrivacyEvent)).scalar_one()
        assert (event.kind, event.count) == ("withdrawal", 1)


def test_free_text_and_equality_questions_carry_a_just_in_time_note(client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    for _ in range(3):
        loc = r.answer(loc, {"agree": "yes"}).location
    words = text_of(client.get(loc))
    assert words.count('class="privacy-note"') == 2  # one per free-text box
    assert 'aria-describedby="one_thing-privacy"' in words
    numbers = text_of(client.get("/q/question-gallery/p/numbers"))
    assert "check that services are fair for everyone" in numbers  # equality question


def test_privacy_page_for_each_questionnaire(client):
    for q in load_directory().values():
        page = client.get(f"/q/{q.id}/privacy")
        assert page.status_code == 200
        assert f"{q.retention_days} days" in text_of(page)
