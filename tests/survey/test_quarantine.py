"""Reviewing quarantined responses: a class typing quickly can be seen and released."""

from __future__ import annotations

import re

from helpers import (
    DISCLOSURE,
    Respondent,
    add_case,
    complete,
    csrf,
    make_user,
    marker_screen,
    sign_in,
    text_of,
)

from questionnaires import load_directory
from survey.db import db
from survey.models import Response
from survey.safeguarding.models import SafeguardingCase
from survey.staff.models import AuditEntry
from survey.workspace.models import AnalysisRecord
from survey.workspace.run import latest_snapshot

GALLERY = "question-gallery"
WORDS = "We would like a longer lunch break and a quiet room to read in"


def class_typing_quickly(app, pupils: int) -> list[int]:
    """Pupils answering the gallery faster than MIN_FILL_SECONDS; their response ids."""
    app.config["MIN_FILL_SECONDS"] = 3600
    questionnaire = load_directory()[GALLERY]
    for _ in range(pupils):
        client = app.test_client()
        complete(client, questionnaire)
        assert Respondent(client, GALLERY).send().status_code == 303
    with app.app_context():
        rows = db.session.execute(db.select(Response.id, Response.quarantine)).all()
    assert [q for _id, q in rows] == ["too_fast"] * pupils
    return [i for i, _q in rows]


def reviewer(app, role: str = "analyst"):
    client = app.test_client()
    sign_in(client, make_user(app, role))
    return client


def decide(client, ids: list[int], decision: str, back: str = "/staff/quarantine"):
    page = client.get("/staff/quarantine")
    return client.post(
        "/staff/quarantine",
        data={
            "csrf_token": csrf(page.get_data(True)),
            "response": [str(i) for i in ids],
            "decision": decision,
            "back": back,
        },
    )


def test_the_list_says_why_and_how_long_but_not_what_was_written(db_app):
    ids = class_typing_quickly(db_app, 2)
    html = text_of(reviewer(db_app).get("/staff/quarantine"))
    assert "Sent too fast" in html and "Waiting for review (2)" in html
    assert re.search(r"<td>\d+ seconds?</td>", html)  # how long it took
    for response_id in ids:
        assert f'href="/staff/quarantine/{response_id}"' in html
        assert f'<label for="pick-{response_id}">' in html  # each checkbox has a label
    assert "My answer to one_thing" not in html  # answers' words only on the detail page
    with db_app.app_context():
        answered = sum(
            1
            for v in db.session.get(Response, ids[0]).answers.values()
            if v not in (None, "", [], {})
        )
    assert f"<td>{answered}</td>" in html


def test_the_detail_shows_the_answers_except_a_withheld_one(db_app):
    (response_id,) = class_typing_quickly(db_app, 1)
    with db_app.app_context():
        add_case(response_id=response_id, question_id="one_thing", questionnaire_id=GALLERY)
        db.session.commit()
    client = reviewer(db_app, "admin")
    html = text_of(client.get(f"/staff/quarantine/{response_id}"))
    assert "My answer to" in html  # the other free-text answers are readable
    assert "My answer to one_thing" not in html
    assert "Withheld for safeguarding" in html
    with db_app.app_context():
        counted = db.session.execute(db.select(Response.id).limit(1)).scalar_one()
        db.session.execute(db.update(Response).values(quarantine=""))
        db.session.commit()
    assert client.get(f"/staff/quarantine/{counted}").status_code == 404  # not quarantined


def test_a_class_is_released_together_and_counted_the_junk_stays_out(db_app):
    ids = class_typing_quickly(db_app, 3)
    client = reviewer(db_app)
    back = "/staff/quarantine?questionnaire=question-gallery"
    released = decide(client, ids[:2], "release", back)
    assert released.status_code == 302 and released.location.endswith(back)
    junk = decide(client, ids[2:], "junk")
    assert junk.status_code == 302
    with db_app.app_context():
        rows = {r.id: r for r in db.session.execute(db.select(Response)).scalars()}
        assert [rows[i].quarantine for i in ids] == ["", "", "junk:too_fast"]
        assert rows[ids[0]].fill_seconds is None  # forgotten once released
        assert rows[ids[2]].fill_seconds is not None
        snapshot = latest_snapshot(GALLERY)  # the release started the analysis run
        assert snapshot is not None and snapshot.data["respondents"] == 2
        actions = db.session.execute(
            db.select(AuditEntry.action, AuditEntry.target).order_by(AuditEntry.id)
        ).all()
    assert ("quarantine_released", f"response:{ids[0]}") in actions
    assert ("quarantine_released", f"response:{ids[1]}") in actions
    assert ("quarantine_junk", f"response:{ids[2]}") in actions
    waiting = text_of(client.get("/staff/quarantine"))
    assert "Waiting for review (0)" in waiting and "Confirmed as junk (1)" in waiting
    assert f'href="/staff/quarantine/{ids[2]}"' in text_of(
        client.get("/staff/quarantine?show=junk")
    )


def test_a_released_response_is_screened_for_safeguarding(db_app):
    db_app.config["SAFEGUARDING_SCREEN"] = marker_screen
    (response_id,) = class_typing_quickly(db_app, 1)
    with db_app.app_context():  # as if its words were only flagged by newer rules
        response = db.session.get(Response, response_id)
        response.answers = {**response.answers, "one_thing": DISCLOSURE}
        db.session.commit()
        assert db.session.execute(db.select(SafeguardingCase)).first() is None
    assert decide(reviewer(db_app), [response_id], "release").status_code == 302
    with db_app.app_context():
        case = db.session.execute(db.select(SafeguardingCase)).scalar_one()
        assert (case.response_id, case.question_id) == (response_id, "one_thing")
        record = db.session.execute(
            db.select(AnalysisRecord).where(
                AnalysisRecord.response_id == response_id,
                AnalysisRecord.question_id == "one_thing",
            )
        ).scalar_one()
        assert record.withheld and record.themes == []
        assert latest_snapshot(GALLERY).data["respondents"] == 1


def test_decisions_need_the_form_token_and_a_choice(db_app):
    ids = class_typing_quickly(db_app, 1)
    client = reviewer(db_app)
    forged = client.post("/staff/quarantine", data={"response": ids, "decision": "release"})
    assert forged.status_code == 400
    page = client.get("/staff/quarantine")
    token = csrf(page.get_data(True))
    odd = client.post(
        "/staff/quarantine", data={"csrf_token": token, "response": ids, "decision": "delete"}
    )
    assert odd.status_code == 400
    elsewhere = decide(client, [], "release", back="https://evil.example/staff/quarantine")
    assert elsewhere.location.endswith("/staff/quarantine")
    assert "Select at least one response." in text_of(client.get("/staff/quarantine"))
    with db_app.app_context():
        assert db.session.execute(db.select(Response.quarantine)).scalar_one() == "too_fast"


def test_honeypot_responses_say_so_and_time_is_kept_only_for_quarantine(db_app):
    client = db_app.test_client()
    respondent = Respondent(client, GALLERY)
    location = respondent.start().location
    respondent.answer(location, {"agree": "yes", "hp_extra": "http://spam.example"})
    respondent.send()
    ordinary = db_app.test_client()
    db_app.config["MIN_FILL_SECONDS"] = 0
    complete(ordinary, load_directory()[GALLERY])
    Respondent(ordinary, GALLERY).send()
    with db_app.app_context():
        rows = db.session.execute(
            db.select(Response.quarantine, Response.fill_seconds).order_by(Response.id)
        ).all()
    assert rows[0][0] == "honeypot" and rows[0][1] is not None
    assert rows[1] == ("", None)  # an ordinary response keeps no timing
    assert "Filled in the hidden field" in text_of(
        reviewer(db_app, "admin").get("/staff/quarantine")
    )
