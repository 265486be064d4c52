"""A school tablet passes from child to child: the next one must find nothing of the last.

The respondent's cookie ends with the browser, "This is not me: start again" clears
it, and codes are shown once. Whoever kept their code still reaches their answers.
"""

from __future__ import annotations

import re

from flask import Flask
from helpers import (
    Respondent,
    complete,
    csrf,
    make_user,
    marker_screen,
    sign_in,
    text_of,
    to_help_page,
)

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response
from survey.safeguarding.models import SafeguardingCase

GALLERY = "question-gallery"
CODE = re.compile(r'translate="no">([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){6})<')
NOT_ME = "This is not me: start again"


def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("hys_session=")]
    return cookie


def test_a_respondents_cookie_ends_with_the_browser(app: Flask) -> None:
    child = app.test_client()
    started = Respondent(child, GALLERY).start()
    cookie = session_cookie(started).lower()
    assert "expires=" not in cookie and "max-age=" not in cookie
    staff = app.test_client()
    signed_in = sign_in(staff, make_user(app, "analyst"))
    assert "expires=" in session_cookie(signed_in).lower()  # staff keep their own rules


def test_the_withdrawal_code_is_shown_once(app: Flask) -> None:
    child = app.test_client()
    complete(child, load_directory()[GALLERY])
    done = Respondent(child, GALLERY).send().location
    first = text_of(child.get(done))
    assert CODE.search(first) and "We show it only once" in first
    later = text_of(child.get(done))  # a refresh, or the next child on the same tablet
    assert "Thank you. Your answers have been sent." in later
    assert not CODE.search(later) and "Take my answers back" not in later


def test_the_resume_code_is_shown_once_and_still_works(app: Flask) -> None:
    child = app.test_client()
    r = Respondent(child, GALLERY)
    choices = r.answer(r.start().location, {"agree": "yes"}).location
    saved = r.answer(choices, {"save_later": "1", "favourite_place": "club"}).location
    first = text_of(child.get(saved))
    code = CODE.search(first).group(1)
    later = text_of(child.get(saved))
    assert not CODE.search(later) and "Your code was shown once" in later
    assert code.replace("-", "") not in later.replace("-", "")
    elsewhere = app.test_client()
    token = csrf(text_of(elsewhere.get("/resume")))
    assert elsewhere.post("/resume", data={"csrf_token": token, "code": code}).status_code == 302
    assert 'value="club" checked' in text_of(elsewhere.get(choices))


def not_me(client, page_html: str, qid: str = GALLERY):
    return client.post("/not-me", data={"csrf_token": csrf(page_html), "q": qid})


def test_this_is_not_me_clears_everything_and_keeps_the_answers_stored(app: Flask) -> None:
    child = app.test_client()
    r = Respondent(child, GALLERY)
    page = r.start().location
    html = text_of(child.get(page))
    assert NOT_ME in html
    r.answer(page, {"agree": "yes"})
    with child.session_transaction() as session:
        code = session["drafts"][GALLERY]
    cleared = not_me(child, text_of(child.get(f"/q/{GALLERY}/check")))
    assert cleared.status_code == 302 and cleared.location.endswith(f"/q/{GALLERY}")
    with child.session_transaction() as session:
        assert set(session) <= {"_flashes"}  # nothing of the previous child, not even language
    intro = text_of(child.get(cleared.location))
    assert "Everything from before has been cleared" in intro
    assert ">Start<" in intro and "Carry on<" not in intro and NOT_ME not in intro
    assert child.get(page).location.endswith(f"/q/{GALLERY}")  # the draft is not reachable
    with app.app_context():  # but it is still stored, for whoever kept the code
        (draft,) = db.session.execute(db.select(Draft)).scalars()
        assert draft.answers == {"agree": True}
    elsewhere = app.test_client()
    token = csrf(text_of(elsewhere.get("/resume")))
    assert elsewhere.post("/resume", data={"csrf_token": token, "code": code}).status_code == 302


def test_this_is_not_me_after_sending_leaves_no_code_and_no_contact_request(app: Flask) -> None:
    child = app.test_client()
    complete(child, load_directory()[GALLERY])
    done = child.get(Respondent(child, GALLERY).send().location)
    html = text_of(done)
    assert NOT_ME in html
    assert not_me(child, html).status_code == 302
    assert child.get(f"/q/{GALLERY}/done").location.endswith(f"/q/{GALLERY}")
    help_page = text_of(child.get(f"/q/{GALLERY}/help"))
    assert "How should we contact you?" not in help_page  # no case of anyone's to join
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 1


def test_this_is_not_me_needs_the_pages_token(app: Flask) -> None:
    child = app.test_client()
    Respondent(child, GALLERY).start()
    with child.session_transaction() as session:
        before = dict(session)
    refused = child.post("/not-me", data={"q": GALLERY})
    assert refused.status_code == 302
    with child.session_transaction() as session:
        assert session["drafts"] == before["drafts"]


def test_the_control_is_on_respondent_pages_only_when_there_is_something_to_clear(app: Flask):
    visitor = app.test_client()
    for path in ("/", f"/q/{GALLERY}", "/resume", "/withdraw"):
        assert NOT_ME not in text_of(visitor.get(path)), path
    staff = app.test_client()
    sign_in(staff, make_user(app, "analyst"))
    Respondent(staff, GALLERY).start()  # a member of staff trying the journey
    assert NOT_ME not in text_of(staff.get("/staff/"))
    assert NOT_ME in text_of(staff.get(f"/q/{GALLERY}"))


def test_a_contact_request_cannot_be_changed_by_the_next_person(app: Flask) -> None:
    app.config["SAFEGUARDING_SCREEN"] = marker_screen
    child = app.test_client()
    help_url = to_help_page(child)
    token = csrf(text_of(child.get(help_url)))
    first = {"csrf_token": token, "method": "phone", "details": "07700 900123"}
    assert "We have your message" in text_of(child.post(help_url, data=first))
    assert Respondent(child, GALLERY).send().location.endswith("/done")  # the child finishes
    # The next person on the tablet, on the same address: nothing to change.
    assert "How should we contact you?" not in text_of(child.get(help_url))
    nxt = {"csrf_token": token, "method": "email", "details": "someone@else.example"}
    child.post(help_url, data=nxt)
    with app.app_context():
        (case,) = db.session.execute(db.select(SafeguardingCase)).scalars()
        assert (case.contact_method, case.contact_details) == ("phone", "07700 900123")
