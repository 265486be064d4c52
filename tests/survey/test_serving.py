"""Floods throttled without losing answers; bots quarantined; jobs run off the request path."""

from __future__ import annotations

from helpers import Respondent, complete, csrf, make_app, text_of

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response
from survey.serving import jobs, ratelimit
from survey.serving.models import Job, RateWindow

GALLERY = "question-gallery"


def test_a_classroom_from_one_address_is_accepted(tmp_path):
    app, _ = make_app(tmp_path, MIN_FILL_SECONDS=0)
    questionnaire = load_directory()[GALLERY]
    for _ in range(35):  # 35 children, one school address, all within the minute
        client = app.test_client()
        complete(client, questionnaire)
        assert Respondent(client, GALLERY).send().status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 35


def test_a_flood_is_throttled_and_typed_answers_come_back(tmp_path):
    app, _ = make_app(tmp_path, RATE_LIMIT_ANSWERS=5)
    client = app.test_client()
    r = Respondent(client, GALLERY)
    loc = r.start().location
    token = csrf(client.get(loc).get_data(True))
    statuses = [
        client.post(loc, data={"csrf_token": token, "agree": "yes"}).status_code for _ in range(5)
    ]
    assert set(statuses) == {302}
    flooded = client.post(loc, data={"csrf_token": token, "agree": "yes"})
    assert flooded.status_code == 429
    assert 0 < int(flooded.headers["Retry-After"]) <= 60
    assert 'id="agree" name="agree" value="yes" checked' in text_of(flooded)


def test_a_flooded_send_is_refused_whole_and_sent_once_later(db_app):
    questionnaire = load_directory()[GALLERY]
    client = db_app.test_client()
    complete(client, questionnaire)
    db_app.config["RATE_LIMIT_ANSWERS"] = 0  # this address has used its minute
    refused = Respondent(client, GALLERY).send()
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "wait" in text_of(refused) and "Send" in text_of(refused)
    with db_app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 0
        assert db.session.execute(db.select(db.func.count(Draft.id))).scalar_one() == 1
    db_app.config["RATE_LIMIT_ANSWERS"] = 1000  # the next minute
    assert Respondent(client, GALLERY).send().status_code == 303
    with db_app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 1
        assert db.session.execute(db.select(db.func.count(Draft.id))).scalar_one() == 0


def test_requests_are_counted_once_each_in_the_database(db_app, monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_030.0)  # mid-minute
    with db_app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        waits = [ratelimit.hit("answers", 3) for _ in range(5)]
        other = ratelimit.hit("resume", 3)
        rows = db.session.execute(db.select(RateWindow.count).order_by(RateWindow.count)).all()
    assert waits[:3] == [0, 0, 0] and all(0 < w <= 60 for w in waits[3:])
    assert other == 0  # each scope has its own count
    assert [count for (count,) in rows] == [1, 5]


def test_resume_codes_cannot_be_guessed_quickly(tmp_path):
    app, _ = make_app(tmp_path, RATE_LIMIT_RESUME=3)
    client = app.test_client()
    token = csrf(client.get("/resume").get_data(True))
    codes = [
        client.post("/resume", data={"csrf_token": token, "code": "0" * 26}).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]


def test_honeypot_submission_is_quarantined_not_lost(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    assert r.answer(loc, {"agree": "yes", "hp_extra": "http://spam.example"}).status_code == 302
    sent = r.send()
    assert sent.status_code == 303  # the bot is not told
    with app.app_context():
        stored = db.session.execute(db.select(Response)).scalar_one()
        assert stored.quarantine == "honeypot" and stored.answers == {"agree": True}


def test_too_fast_to_be_a_person_is_quarantined(tmp_path):
    app, _ = make_app(tmp_path, MIN_FILL_SECONDS=3600)
    client = app.test_client()
    complete(client, load_directory()[GALLERY])
    Respondent(client, GALLERY).send()
    with app.app_context():
        assert db.session.execute(db.select(Response.quarantine)).scalar_one() == "too_fast"


def test_an_ordinary_respondent_is_not_quarantined(tmp_path):
    app, _ = make_app(tmp_path, MIN_FILL_SECONDS=1)
    client = app.test_client()
    complete(client, load_directory()[GALLERY])
    with client.session_transaction() as session:  # as if the child took their time
        session["started"] = {GALLERY: int(session["started"][GALLERY]) - 600}
    Respondent(client, GALLERY).send()
    with app.app_context():
        assert db.session.execute(db.select(Response.quarantine)).scalar_one() == ""


def test_jobs_queue_and_a_worker_runs_them_once(tmp_path):
    app, _ = make_app(tmp_path, JOBS_MODE="queue")
    calls = []

    @jobs.handler("test-echo")
    def echo(payload):
        calls.append(payload["n"])
        return f"echo {payload['n']}"

    @jobs.handler("test-broken")
    def broken(payload):
        raise ValueError("no such thing")

    with app.app_context():
        jobs.enqueue("test-echo", {"n": 1})
        jobs.enqueue("test-broken", {})
        jobs.enqueue("test-echo", {"n": 2})
        assert calls == []  # nothing runs on the request path
        assert jobs.work(once=True) == 3
        assert jobs.work(once=True) == 0
        rows = db.session.execute(db.select(Job.status, Job.result).order_by(Job.id)).all()
    assert calls == [1, 2]
    assert [s for s, _ in rows] == ["done", "failed", "done"]
    assert "no such thing" in rows[1][1]
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "ran 0 job(s)" in result.output
