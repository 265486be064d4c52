"""Another site's form, sent by a child's browser, must not reach the child's answers.

An auto-submitting form elsewhere posts to our pages with the child's cookie (or with
none). Without our CSRF token nothing it carries is used: it cannot bind the child's
browser to the attacker's draft (so the attacker cannot read what the child types next),
cannot change a safeguarding contact request and cannot withdraw a response. Every
route that takes a code counts the tries of each address.
"""

from __future__ import annotations

import pytest
from flask import Flask
from helpers import (
    Respondent,
    complete,
    csrf,
    make_app,
    marker_screen,
    text_of,
    to_help_page,
)

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response
from survey.safeguarding.models import SafeguardingCase
from survey.serving import ratelimit

GALLERY = "question-gallery"
CHOICES = f"/q/{GALLERY}/p/choices"
FORGED = ({}, {"csrf_token": "forged"})  # no token at all, and a made-up one


def attacker_draft(app: Flask) -> str:
    """The attacker starts a journey of their own and keeps its code."""
    attacker = app.test_client()
    Respondent(attacker, GALLERY).start()
    with attacker.session_transaction() as session:
        return session["drafts"][GALLERY]


def draft_answers(app: Flask) -> list[dict]:
    with app.app_context():
        return [dict(d.answers or {}) for d in db.session.execute(db.select(Draft)).scalars()]


@pytest.mark.parametrize("token", FORGED, ids=["no-token", "bad-token"])
def test_a_forged_page_post_does_not_bind_the_childs_browser(db_app: Flask, token: dict) -> None:
    code = attacker_draft(db_app)
    child = db_app.test_client()
    child.get(f"/q/{GALLERY}")  # the child has a session, with no draft of this questionnaire
    with child.session_transaction() as session:
        before = dict(session)
    answers_before = draft_answers(db_app)
    forged = child.post(CHOICES, data={**token, "resume_code": code, "favourite_place": "club"})
    assert forged.status_code == 400
    assert code not in forged.get_data(as_text=True)  # not planted in the page shown either
    with child.session_transaction() as session:
        assert dict(session) == before
    assert draft_answers(db_app) == answers_before
    # The child's next page is not the attacker's draft: there is none in their browser.
    assert child.get(CHOICES).location.endswith(f"/q/{GALLERY}")


def test_a_child_who_lost_their_session_still_carries_on_from_our_own_page(db_app: Flask):
    """The promise kept: answers typed when the session expired survive, with the page's code."""
    child = db_app.test_client()
    r = Respondent(child, GALLERY)
    first = r.answer(r.start().location, {"agree": "yes"}).location
    page = text_of(child.get(first))
    code = page.split('name="resume_code" value="')[1].split('"')[0]
    later = db_app.test_client()  # the cookie is gone; the page and its old token remain
    typed = {"csrf_token": csrf(page), "resume_code": code, "favourite_place": "school"}
    again = later.post(first, data=typed, headers={"Sec-Fetch-Site": "same-origin"})
    assert again.status_code == 400 and "Your session had timed out" in text_of(again)
    html = text_of(again)
    assert f'name="resume_code" value="{code}"' in html and 'value="school" checked' in html
    with later.session_transaction() as session:
        assert "drafts" not in session  # nothing bound until the token is good
    carried = {"csrf_token": csrf(html), "resume_code": code, "favourite_place": "school"}
    assert later.post(first, data=carried).status_code == 302
    assert draft_answers(db_app) == [{"agree": True, "favourite_place": "school"}]


def test_a_post_the_browser_marks_as_from_another_site_is_refused_untouched(app: Flask):
    code = attacker_draft(app)
    child = app.test_client()
    location = Respondent(child, GALLERY).start().location
    for sender in ("cross-site", "same-site"):
        refused = child.post(
            location,
            data={"resume_code": code, "agree": "yes"},
            headers={"Sec-Fetch-Site": sender},
        )
        assert refused.status_code == 403
        assert "Set-Cookie" not in refused.headers  # the child's own cookie is not replaced
    assert child.get(location).status_code == 200  # the child carries on with their own draft


def contact(app: Flask) -> list[tuple]:
    with app.app_context():
        return [
            (c.contact_method, c.contact_details)
            for c in db.session.execute(db.select(SafeguardingCase)).scalars()
        ]


@pytest.mark.parametrize("token", FORGED, ids=["no-token", "bad-token"])
def test_a_forged_contact_request_changes_nothing(db_app: Flask, token: dict) -> None:
    db_app.config["SAFEGUARDING_SCREEN"] = marker_screen
    child = db_app.test_client()
    help_url = to_help_page(child)
    real = {"csrf_token": csrf(text_of(child.get(help_url))), "method": "phone", "details": "07"}
    assert child.post(help_url, data=real).status_code == 200
    forged = {**token, "method": "email", "details": "attacker@example.com"}
    assert child.post(help_url, data=forged).status_code == 400
    assert contact(db_app) == [("phone", "07")]


@pytest.mark.parametrize("token", FORGED, ids=["no-token", "bad-token"])
def test_a_forged_withdrawal_deletes_nothing(db_app: Flask, token: dict) -> None:
    child = db_app.test_client()
    complete(child, load_directory()[GALLERY])
    done = text_of(child.get(Respondent(child, GALLERY).send().location))
    code = done.split('translate="no">')[1].split("<")[0]
    forged = child.post("/withdraw", data={**token, "code": code, "confirm": "yes"})
    assert forged.status_code == 400
    with db_app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 1


def test_every_route_that_takes_a_code_counts_the_tries(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_030.0)  # all in one minute
    app, _ = make_app(tmp_path, RATE_LIMIT_RESUME=2, SAFEGUARDING_SCREEN=marker_screen)
    child = app.test_client()
    help_url = to_help_page(child)
    token = csrf(text_of(child.get(help_url)))
    wrong = "0" * 26
    tries = {
        "withdraw": ("/withdraw", {"code": wrong, "confirm": "yes"}),
        "help": (help_url, {"method": "phone"}),
        "resume": ("/resume", {"code": wrong}),
    }
    for name, (url, data) in tries.items():
        statuses = [
            child.post(url, data={"csrf_token": token, **data}).status_code for _ in range(3)
        ]
        assert statuses[:2] == [400, 400] and statuses[2] == 429, (name, statuses)
    # A page carrying a code its session does not know is a try too (a new browser elsewhere).
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.9"
    fresh = csrf(text_of(other.get(f"/q/{GALLERY}")))
    guesses = [
        other.post(CHOICES, data={"csrf_token": fresh, "resume_code": wrong}).status_code
        for _ in range(3)
    ]
    assert guesses == [302, 302, 429]  # not found: back to the start; then told to wait
