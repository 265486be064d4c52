"""A double tap, a refresh or a flaky network replays a submission: it is stored once.

100 copies of one submission arrive at the same moment over HTTP, spread across gunicorn
workers; every copy must get the same confirmation and exactly one response must exist.
The same token with different answers is refused with 409, never silently merged.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from faults_support import QID, SECRET, Gunicorn, make_drafts, one_page_dir, submit_over_http
from helpers import PG_URL, Respondent, close_app, csrf, make_app
from sqlalchemy import text

from survey.db import db
from survey.models import Draft, Response, today
from survey.respond.drafts import hash_code, new_code

REPLAYS = 100


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_100_parallel_replays_store_one_response(tmp_path: Path, backend: str) -> None:
    qdir = one_page_dir(tmp_path)
    app, schema = make_app(tmp_path, backend, SECRET_KEY=SECRET, QUESTIONNAIRE_DIR=str(qdir))
    if schema:
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    env = {"DATABASE_URL": url, "QUESTIONNAIRE_DIR": str(qdir), "WEB_CONCURRENCY": "4"}
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        warm = make_drafts(app, 4)
        (draft,) = make_drafts(app, 1)
        server.wait_ready()
        for other in warm:  # load the screening rules in the workers before the race
            assert submit_over_http(server.port, other) == 303
        barrier = threading.Barrier(REPLAYS, timeout=60)
        statuses: list[int] = []
        lock = threading.Lock()

        def replay() -> None:
            barrier.wait()
            try:
                status = submit_over_http(server.port, draft, timeout=30)
            except OSError:
                status = 0
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=replay) for _ in range(REPLAYS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=90)
        with app.app_context():
            stored = db.session.execute(
                text("SELECT count(*) FROM response WHERE submission_token = :t"),
                {"t": draft[2]},
            ).scalar_one()
            drafts_left = db.session.execute(
                text("SELECT count(*) FROM draft WHERE submission_token = :t"), {"t": draft[2]}
            ).scalar_one()
        assert stored == 1 and drafts_left == 0
        # every copy is told "sent" (303 to /done): none is sent back to the start
        assert sorted(set(statuses)) == [303], {s: statuses.count(s) for s in set(statuses)}
    finally:
        server.stop()
        close_app(app, schema)


def test_same_token_with_different_answers_is_refused_409(tmp_path: Path) -> None:
    """A token already used, arriving with other answers, is refused and changes nothing."""
    qdir = one_page_dir(tmp_path)
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(qdir))
    client = app.test_client()
    respondent = Respondent(client, QID)
    location = respondent.start().location
    assert respondent.answer(location, {"agree": "yes", "say": "first answer"}).status_code == 302
    check = respondent.check_page().get_data(as_text=True)
    sent = respondent.send()
    assert sent.status_code == 303
    with app.app_context():
        token = db.session.execute(db.select(Response.submission_token)).scalar_one()
        code = new_code()  # a draft carrying the used token with other answers
        db.session.add(
            Draft(
                code_hash=hash_code(code),
                questionnaire_id=QID,
                answers={"agree": True, "say": "something else entirely"},
                locale="en",
                submission_token=token,
                updated_on=today(),
                expires_on=today(),
            )
        )
        db.session.commit()
    with client.session_transaction() as session:
        session["drafts"] = {QID: code}
    refused = client.post(
        f"/q/{QID}/submit", data={"csrf_token": csrf(check), "submission_token": token}
    )
    assert refused.status_code == 409
    with app.app_context():
        rows = db.session.execute(db.select(Response)).scalars().all()
        assert len(rows) == 1 and rows[0].answers["say"] == "first answer"


def test_submit_raises_token_reused_for_other_answers(tmp_path: Path) -> None:
    """The storage layer itself refuses: the view maps this to 409."""
    from questionnaires import load_directory
    from survey.respond.submit import Pending, TokenReused, submit

    qdir = one_page_dir(tmp_path)
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(qdir))
    q = load_directory(qdir)[QID]
    (first,) = make_drafts(app, 1)
    with app.app_context():
        draft = db.session.execute(db.select(Draft)).scalar_one()
        submit(q, Pending.of(q, draft))
        again = Draft(
            code_hash=hash_code(new_code()),
            questionnaire_id=QID,
            answers={"agree": True, "say": "different"},
            locale="en",
            submission_token=first[2],
            updated_on=today(),
            expires_on=today(),
        )
        db.session.add(again)
        db.session.commit()
        with pytest.raises(TokenReused):
            submit(q, Pending.of(q, again))
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 1
