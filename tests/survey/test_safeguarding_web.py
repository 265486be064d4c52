"""Safeguarding in the journey: help at once, a case for the lead, nothing lost."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from helpers import (
    MarkerResult,
    Respondent,
    close_app,
    csrf,
    make_app,
    make_user,
    sign_in,
    text_of,
)

from survey.db import db
from survey.safeguarding import notify, withholding
from survey.safeguarding.models import CaseEvent, Notification, SafeguardingCase
from survey.staff.models import AuditEntry

GALLERY = "question-gallery"
WORDS = "My uncle HURTS ME when mum is out"


def fake_screen(text, *, locale=None, audience=None):
    """Flags a marker phrase, so these tests do not depend on the real rules."""
    if "HURTS ME" in text:
        return MarkerResult("flagged", ("physical_abuse",))
    return MarkerResult("clear")


def broken_screen(text, **kwargs):
    raise RuntimeError("rules file missing")


def slow_screen(text, **kwargs):
    time.sleep(1.0)
    return MarkerResult("clear")


SAFEGUARDING_CONFIG = {
    "SAFEGUARDING_SCREEN": fake_screen,
    "SAFEGUARDING_NOTIFY": "lead@council.example",
    "SAFEGUARDING_ESCALATE_TO": "head@council.example",
    "SAFEGUARDING_CONTACTS": "Children's front door: 0300 123 4567",
}


@pytest.fixture
def sg_app(tmp_path):
    app, _ = make_app(tmp_path, **SAFEGUARDING_CONFIG)
    return app


@pytest.fixture(params=["sqlite", "postgresql"])
def sg_db_app(request, tmp_path):
    """The safeguarding app on each database we support, for what is stored."""
    app, schema = make_app(tmp_path, request.param, **SAFEGUARDING_CONFIG)
    yield app
    close_app(app, schema)


def to_words_page(client) -> tuple[Respondent, str]:
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    loc = r.answer(loc, {}).location
    loc = r.answer(loc, {}).location
    assert loc.endswith("/p/words")
    return r, loc


def cases(app) -> list[SafeguardingCase]:
    with app.app_context():
        return db.session.execute(db.select(SafeguardingCase)).scalars().all()


def test_disclosure_shows_help_at_once_and_makes_a_case(sg_app):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    response = r.answer(loc, {"one_thing": WORDS})
    assert response.status_code == 303 and "/help?next=ranking" in response.location
    page = text_of(client.get(response.location))
    assert "You are not in trouble" in page
    assert "0800 1111" in page and "999" in page
    assert "0300 123 4567" in page  # the council's own contact from configuration
    assert "secret" not in page.lower()
    assert 'href="/q/question-gallery/p/ranking"' in page  # carry on where they were
    (case,) = cases(sg_app)
    assert case.text == WORDS and case.categories == ["physical_abuse"]
    assert case.screen_status == "flagged" and case.status == "new"
    assert case.questionnaire_id == GALLERY and case.question_id == "one_thing"
    with sg_app.app_context():
        (note,) = db.session.execute(db.select(Notification)).scalars().all()
        assert "HURTS" not in note.body and "uncle" not in note.body
        assert note.to == "lead@council.example"


def test_a_worry_in_an_answer_refused_as_too_long_is_screened_all_the_same(sg_app):
    """Too long to be an answer yet, but the child's words: help at once, then back to them."""
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    words = WORDS + ". " + "It happens most weekends and I do not know who to tell. " * 20
    assert len(words) > 1000  # "Tell us more" allows 1,000 characters
    response = r.answer(loc, {"tell_us": words, "back": "1"})
    assert response.status_code == 303 and "/help?next=feelings" in response.location
    (case,) = cases(sg_app)
    assert case.question_id == "tell_us" and case.text == words.strip()
    again = text_of(client.get(loc))  # the page, when they come back to it, still has them
    assert words.strip() in again and "Write 1000 characters or fewer" in again


def test_the_child_may_ask_to_be_contacted(sg_app):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    help_url = r.answer(loc, {"one_thing": WORDS}).location
    token = csrf(client.get(help_url).get_data(True))
    missing = client.post(help_url, data={"csrf_token": token, "method": "phone"})
    assert missing.status_code == 400 and "Write how we can reach you" in text_of(missing)
    sent = client.post(
        help_url,
        data={
            "csrf_token": token,
            "method": "phone",
            "details": "07700 900123",
            "times": "after 4pm",
        },
    )
    assert sent.status_code == 200 and "We have your message" in text_of(sent)
    (case,) = cases(sg_app)
    assert (case.contact_method, case.contact_details, case.contact_times) == (
        "phone",
        "07700 900123",
        "after 4pm",
    )


def test_case_follows_the_response_and_is_withheld_from_analysts(sg_app):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS, "tell_us": "I like football"})
    r.answer("/q/question-gallery/p/ranking", {})
    r.answer("/q/question-gallery/p/numbers", {})
    sent = r.send()
    assert sent.status_code == 303 and sent.location.endswith("/done")  # no second help page
    (case,) = cases(sg_app)
    assert case.response_id is not None
    with sg_app.app_context():
        assert withholding.withheld_pairs([case.response_id]) == {(case.response_id, "one_thing")}


def test_disclosure_first_seen_at_submit_still_shows_help(sg_app, monkeypatch):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    sg_app.config["SAFEGUARDING_SCREEN"] = lambda text, **kw: MarkerResult("clear")
    r.answer(loc, {"one_thing": WORDS})
    sg_app.config["SAFEGUARDING_SCREEN"] = fake_screen  # the rules were improved meanwhile
    sent = r.send()
    assert "/help?next=done" in sent.location
    assert 'href="/q/question-gallery/done"' in text_of(client.get(sent.location))
    assert len(cases(sg_app)) == 1


@pytest.mark.parametrize("screen", [broken_screen, slow_screen])
def test_a_failing_screen_queues_the_answer_for_a_person_and_the_child_carries_on(sg_app, screen):
    sg_app.config["SAFEGUARDING_SCREEN"] = screen
    sg_app.config["SAFEGUARDING_TIMEOUT_SECONDS"] = 0.2
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    response = r.answer(loc, {"one_thing": "the park is fine"})
    assert response.status_code == 302 and response.location.endswith("/p/ranking")
    (case,) = cases(sg_app)
    assert case.screen_status == "unscreened" and case.text == "the park is fine"
    assert case.screen_error


def test_only_the_safeguarding_lead_sees_the_queue(sg_app):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS})
    (case,) = cases(sg_app)
    for role in ("admin", "analyst", "viewer"):
        other = sg_app.test_client()
        sign_in(other, make_user(sg_app, role))
        assert other.get("/staff/safeguarding/").status_code == 404
        assert other.get(f"/staff/safeguarding/{case.id}").status_code == 404
    lead = sg_app.test_client()
    sign_in(lead, make_user(sg_app, "safeguarding"))
    queue = text_of(lead.get("/staff/safeguarding/"))
    assert (f"Case {case.id}" in queue and "Physical abuse" in queue) or "physical" in queue
    detail = lead.get(f"/staff/safeguarding/{case.id}")
    assert WORDS in text_of(detail)
    token = csrf(detail.get_data(True))
    lead.post(
        f"/staff/safeguarding/{case.id}",
        data={"csrf_token": token, "status": "referred", "note": "Referred to MASH"},
    )
    with sg_app.app_context():
        item = db.session.get(SafeguardingCase, case.id)
        assert item.status == "referred" and item.acknowledged_at is not None
        actions = [e.action for e in db.session.execute(db.select(CaseEvent)).scalars()]
        assert actions == ["created", "viewed", "acknowledged", "status", "note"]
        audit = db.session.execute(db.select(AuditEntry.action, AuditEntry.detail)).all()
        assert ("case_viewed", "") in audit
        assert all(WORDS not in detail for _, detail in audit)
    assert lead.get("/staff/safeguarding/99999").status_code == 404


def test_opening_a_case_does_not_acknowledge_it_only_the_explicit_action_does(sg_db_app):
    """Issue 12, item 9: a GET (a link preview, a glance) used to stop the escalation."""
    sg_app = sg_db_app
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS})
    (case,) = cases(sg_app)
    lead = sg_app.test_client()
    sign_in(lead, make_user(sg_app, "safeguarding"))
    page = lead.get(f"/staff/safeguarding/{case.id}")
    assert "Acknowledge" in text_of(page)
    (case,) = cases(sg_app)
    assert case.acknowledged_at is None
    with sg_app.app_context():
        case_row = db.session.get(SafeguardingCase, case.id)
        case_row.created_at -= dt.timedelta(hours=5)
        db.session.commit()
        assert notify.escalate() == [case.id]  # looked at, not taken on: still escalated

    url = f"/staff/safeguarding/{case.id}/acknowledge"
    assert lead.post(url).status_code == 400  # no form token: a forged request does nothing
    assert lead.get(url).status_code == 405
    assert cases(sg_app)[0].acknowledged_at is None
    token = csrf(page.get_data(True))
    done = lead.post(url, data={"csrf_token": token})
    assert done.status_code == 302
    assert "Acknowledge:" not in text_of(lead.get(done.location))
    lead.post(url, data={"csrf_token": token})  # twice is still once
    with sg_app.app_context():
        events = db.session.execute(
            db.select(CaseEvent.action).where(CaseEvent.action == "acknowledged")
        ).all()
        audit = db.session.execute(
            db.select(AuditEntry.action).where(AuditEntry.action == "case_acknowledged")
        ).all()
        assert len(events) == 1 and len(audit) == 1
        assert db.session.get(SafeguardingCase, case.id).acknowledged_at is not None


def test_new_case_email_is_delivered_by_smtp_without_the_childs_words(sg_app, smtp_server):
    sg_app.config.update(NOTIFY_MODE="sync", SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS})
    (message,) = smtp_server.received
    assert message["To"] == "lead@council.example"
    assert message["Subject"].startswith("New safeguarding case")
    body = message.get_payload()
    assert "uncle" not in body and "HURTS" not in body and "/staff/safeguarding/" in body


def test_mail_server_down_keeps_the_email_until_it_can_go(sg_app, smtp_server):
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS})
    with sg_app.app_context():
        sg_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1)  # nothing listens there
        assert notify.deliver_pending() == (0, 1)
        sg_app.config.update(SMTP_PORT=smtp_server.port)
        assert notify.deliver_pending() == (0, 0)  # waits a minute before trying again
        db.session.execute(db.update(Notification).values(next_attempt_at=None))
        db.session.commit()
        assert notify.deliver_pending() == (1, 0)
    assert len(smtp_server.received) == 1


def test_unacknowledged_cases_are_escalated_once(sg_app, smtp_server):
    sg_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    client = sg_app.test_client()
    r, loc = to_words_page(client)
    r.answer(loc, {"one_thing": WORDS})
    runner = sg_app.test_cli_runner()
    assert "escalated 0 case(s)" in runner.invoke(args=["safeguarding", "escalate"]).output
    with sg_app.app_context():
        case = db.session.execute(db.select(SafeguardingCase)).scalar_one()
        case.created_at -= dt.timedelta(hours=5)
        db.session.commit()
    assert "escalated 1 case(s)" in runner.invoke(args=["safeguarding", "escalate"]).output
    assert "escalated 0 case(s)" in runner.invoke(args=["safeguarding", "escalate"]).output
    assert runner.invoke(args=["notifications", "send"]).exit_code == 0
    recipients = sorted(m["To"] for m in smtp_server.received)
    assert recipients == ["head@council.example", "lead@council.example"]


def test_real_screen_catches_a_disclosure_in_the_journey(tmp_path):
    app, _ = make_app(tmp_path)
    client = app.test_client()
    r, loc = to_words_page(client)
    response = r.answer(loc, {"one_thing": "my stepdad hits me and im scared to go home"})
    assert "/help" in response.location
    (case,) = cases(app)
    assert case.screen_status == "flagged" and case.categories
