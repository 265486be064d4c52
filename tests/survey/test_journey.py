"""The respondent journey through the test client, as a child's browser would do it."""

from __future__ import annotations

import re

import pytest
from helpers import Respondent, complete, csrf, text_of
from sqlalchemy.orm import joinedload

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response

GALLERY = "question-gallery"


def stored(app) -> list[Response]:
    with app.app_context():
        query = db.select(Response).options(joinedload(Response.version))
        return list(db.session.execute(query).scalars())


@pytest.mark.parametrize("qid", sorted(load_directory()))
def test_every_bundled_questionnaire_can_be_completed(app, client, qid):
    questionnaire = load_directory()[qid]
    visited = complete(client, questionnaire)
    assert visited, "no pages"
    check = Respondent(client, qid).check_page()
    assert check.status_code == 200
    assert "Check your answers" in text_of(check)
    done = Respondent(client, qid).send()
    assert done.status_code == 303
    page = client.get(done.location)
    assert "Your answers have been sent" in text_of(page)
    (response,) = stored(app)
    assert response.questionnaire_id == qid
    assert response.audience == questionnaire.audience
    assert response.version.content_hash == questionnaire.content_hash
    assert response.answers, "answers were not stored"


def test_gallery_answers_are_stored_in_their_own_shapes(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    steps = [
        {"agree": "yes"},
        {"favourite_place": "prefer_not_to_say", "activities": ["sport", "art"]},
        {"enjoy_activities-art": "not_sure", "enjoy_activities-sport": "a_lot"},
        {"feel_school": "4", "feel_home": "1"},
        {"one_thing": "More  places\x00 to go ", "tell_us": "Line one\nLine two"},
        {
            "priorities-help_with_school": "2",
            "priorities-other": "1",
            "priorities-other_text": "A skate park",
        },
        {"people_home": "4", "age": "15-16", "young_carer": "yes"},
        {"caring_hours": "10"},
        {"younger_likes": "3"},  # the younger child's section
    ]
    for data in steps:
        response = r.answer(loc, data)
        assert response.status_code == 302, text_of(response)[:1500]
        loc = response.location
    assert loc.endswith("/check")
    check = text_of(r.check_page())
    assert "1. A skate park" in check and "2. Help with school" in check
    assert "Prefer not to say" in check and "Very sad" not in check
    assert "Sport: A lot" in check and "Art: Not sure" in check
    r.send()
    (response,) = stored(app)
    assert response.answers == {
        "agree": True,
        "favourite_place": "prefer_not_to_say",
        "activities": ["sport", "art"],
        "enjoy_activities": {"sport": "a_lot", "art": "not_sure"},  # the rows' order
        "feel_school": "4",
        "feel_home": "1",
        "one_thing": "More  places to go",
        "tell_us": "Line one\nLine two",
        "priorities": {"order": ["other", "help_with_school"], "other": "A skate park"},
        "people_home": 4,
        "age": "15-16",
        "young_carer": "yes",
        "caring_hours": 10,
        "younger_likes": "3",
    }
    assert response.answered_by == {"younger_likes": {"audience": "child", "age_band": "5-7"}}
    assert response.locale == "en"
    columns = set(Response.__table__.columns.keys())
    assert not columns & {"ip", "ip_address", "user_agent", "created_at", "location"}


def test_validation_error_keeps_every_typed_answer(client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    for _ in range(3):
        loc = r.answer(loc, {}).location  # choices, feelings, words: all optional
    loc = r.answer(loc, {}).location  # ranking
    response = r.answer(loc, {"people_home": "lots", "age": "13-14"})
    assert response.status_code == 400
    html = text_of(response)
    assert "<title>Error:" in html
    assert '<a href="#people_home">Enter a whole number, like 3</a>' in html
    assert 'value="lots"' in html  # the typed answer is still there
    assert 'value="13-14" checked' in html
    # The error is tied to the box (beside the range hint, which comes first).
    assert re.search(r'aria-describedby="[^"]*\bpeople_home-error\b[^"]*"', html)


def test_required_question_blocks_until_answered(client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    response = r.answer(loc, {})
    assert response.status_code == 400
    assert "Tick the box if you want to take part" in text_of(response)


def test_conditional_page_shown_only_when_it_applies_and_hidden_answers_dropped(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    for _ in range(4):
        loc = r.answer(loc, {}).location
    assert r.answer(loc, {"young_carer": "yes"}).location.endswith("/p/caring")
    assert r.answer("/q/question-gallery/p/caring", {"caring_hours": "5"}).location.endswith(
        "/check"
    )
    # Changing the answer hides the follow-up: it is neither shown nor stored.
    assert r.answer(loc, {"young_carer": "no"}).location.endswith("/check")
    assert "About how many hours" not in text_of(r.check_page())
    r.send()
    (response,) = stored(app)
    assert "caring_hours" not in response.answers


def test_save_and_resume_with_the_code_on_another_device(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    page = client.get(loc)
    saved = client.post(
        loc,
        data={
            "csrf_token": csrf(page.get_data(True)),
            "save_later": "1",
            "favourite_place": "club",
        },
    )
    assert saved.status_code == 302
    code = text_of(client.get(saved.location)).split('translate="no">')[1].split("<")[0]
    assert len(code.replace("-", "")) == 26

    other = app.test_client()
    form = other.get("/resume")
    typed = code.lower().replace("-", " ")
    resumed = other.post("/resume", data={"csrf_token": csrf(form.get_data(True)), "code": typed})
    assert resumed.status_code == 302
    follow = other.get(resumed.location)
    assert follow.location.endswith("/p/feelings")  # first page not yet answered
    assert 'value="club" checked' in text_of(other.get("/q/question-gallery/p/choices"))


def test_wrong_resume_code_is_refused_plainly(client):
    form = client.get("/resume")
    response = client.post(
        "/resume", data={"csrf_token": csrf(form.get_data(True)), "code": "ABCD-EFGH"}
    )
    assert response.status_code == 400
    assert "We could not find answers saved with that code" in text_of(response)


def test_expired_token_shows_the_page_again_with_typed_answers(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    response = client.post(
        loc, data={"csrf_token": "expired", "favourite_place": "school", "activities": ["music"]}
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "Your session had timed out" in html
    assert 'value="school" checked' in html and 'value="music" checked' in html
    retry = client.post(loc, data={"csrf_token": csrf(html), "favourite_place": "school"})
    assert retry.status_code == 302


def test_lost_session_carries_on_with_the_code_in_the_page(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    page = text_of(client.get(loc))
    hidden_code = page.split('name="resume_code" value="')[1].split('"')[0]
    fresh = app.test_client()  # the cookie is gone
    token = csrf(fresh.get("/q/question-gallery").get_data(True))
    response = fresh.post(
        loc, data={"csrf_token": token, "resume_code": hidden_code, "agree": "yes"}
    )
    assert response.status_code == 302 and response.location.endswith("/p/choices")
    with app.app_context():
        (draft,) = db.session.execute(db.select(Draft)).scalars()
        assert draft.answers == {"agree": True}


def test_double_submit_stores_one_response(app, client):
    r = Respondent(client, GALLERY)
    complete(client, load_directory()[GALLERY])
    html = text_of(r.check_page())
    data = {
        "csrf_token": csrf(html),
        "submission_token": html.split('name="submission_token" value="')[1].split('"')[0],
    }
    first = client.post(f"/q/{GALLERY}/submit", data=data)
    second = client.post(f"/q/{GALLERY}/submit", data=data)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert len(stored(app)) == 1


def test_unknown_questionnaire_is_a_plain_404(client):
    response = client.get("/q/no-such-thing")
    assert response.status_code == 404
    assert "We could not find that page" in text_of(response)


def test_oversized_post_gets_a_clear_message_not_a_500(client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    response = client.post(loc, data={"agree": "x" * 200_000})
    assert response.status_code == 413
    assert "too long for us to accept" in text_of(response)


def test_language_choice_sets_lang_and_dir(client):
    switched = client.get("/?lang=ar")
    assert switched.status_code == 303 and switched.location == "/"
    html = text_of(client.get("/"))
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="cy" dir="ltr">' in text_of(
        client.get("/", headers={"Accept-Language": "cy"})
    ) or client.get("/?lang=cy")


def test_browser_language_is_used_when_none_chosen(app):
    fresh = app.test_client()
    html = text_of(fresh.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9"}))
    assert '<html lang="pl" dir="ltr">' in html


def test_home_lists_open_questionnaires_only(client):
    html = text_of(client.get("/"))
    assert "Question gallery" not in html  # a draft is not listed
    for q in load_directory().values():
        if q.status == "open":
            assert str(q.title) in html


def test_security_headers_on_pages_and_errors(client):
    for path in ("/", "/q/nope", "/static/site.css"):
        response = client.get(path)
        response.close()
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_changing_language_on_a_page_keeps_what_was_typed(client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    page = client.get(loc)
    html = text_of(page)
    assert 'form="page-form" name="switch_lang" value="cy"' in html
    switched = client.post(
        loc,
        data={
            "csrf_token": csrf(page.get_data(True)),
            "switch_lang": "cy",
            "favourite_place": "club",
        },
    )
    assert switched.status_code == 303 and switched.location.endswith("/p/choices")
    again = text_of(client.get(loc))
    assert '<html lang="cy" dir="ltr">' in again
    assert 'value="club" checked' in again


def test_messages_from_shared_macros_follow_the_page_language(client):
    """The macro file is imported without the page's context, so it finds the catalogue itself."""
    client.get("/?lang=cy")
    started = Respondent(client, "question-gallery").start()
    refused = Respondent(client, "question-gallery").answer(started.location, {})
    html = text_of(refused)
    assert refused.status_code == 400
    assert "Mae problem" in html  # "There is a problem", from macros.html
    assert "Gwall:" in html  # the hidden "Error:" before the message, also from macros.html
    assert "There is a problem" not in html


def test_each_browser_gets_its_own_language_however_often_it_asks(app):
    for _ in range(3):  # the parsed preference is remembered per header, never per process
        for header, code in (("cy", "cy"), ("pl-PL,pl;q=0.9", "pl"), ("fr", "en")):
            html = text_of(app.test_client().get("/", headers={"Accept-Language": header}))
            assert f'<html lang="{code}"' in html


def test_error_messages_follow_each_childs_language_on_the_same_page(app):
    """Form classes are made once per page and language: never one language's for another."""
    shown = {}
    for code in ("en", "cy", "en", "pl"):
        client = app.test_client()
        client.get(f"/?lang={code}")
        started = Respondent(client, "question-gallery").start()
        refused = Respondent(client, "question-gallery").answer(started.location, {})
        assert refused.status_code == 400
        shown.setdefault(code, set()).add(text_of(refused))
    assert all("Tick the box if you want to take part" in html for html in shown["en"])
    assert "Ticiwch y blwch os ydych chi eisiau cymryd rhan" in shown["cy"].pop()
    assert "Zaznacz pole, jeśli chcesz wziąć udział" in shown["pl"].pop()
