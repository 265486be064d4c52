"""What is stored, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from helpers import Respondent, complete, csrf, text_of
from sqlalchemy import func
from sqlalchemy.exc import OperationalError

from questionnaires import load_directory
from questionnaires.loader import DEFINITIONS
from survey import catalogue, create_app
from survey.db import db
from survey.models import Draft, QuestionnaireVersion, Response
from survey.respond import drafts
from survey.respond.submit import Pending, TokenReused, submit

GALLERY = "question-gallery"


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(func.count()).select_from(model)).scalar_one()


def started_draft(app, answers: dict) -> str:
    """A draft with ``answers``, made the way the journey makes one; returns its token."""
    with app.test_request_context():
        draft, _ = drafts.start(GALLERY, "en")
        drafts.save_answers(draft, answers, "cy")
        return draft.submission_token


def test_submit_stores_once_and_removes_the_draft(db_app):
    client = db_app.test_client()
    complete(client, load_directory()[GALLERY])
    first = Respondent(client, GALLERY).send()
    assert first.status_code == 303
    assert count(db_app, Response) == 1
    assert count(db_app, Draft) == 0
    with db_app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        assert response.answers["agree"] is True
        assert response.submitted_on is not None


def test_one_hundred_parallel_replays_store_one_response(db_app):
    token = started_draft(db_app, {"agree": True, "one_thing": "a youth club"})
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def replay() -> None:
        try:
            with db_app.app_context():
                barrier.wait(timeout=10)
                q = catalogue.all_questionnaires()[GALLERY]
                draft = db.session.execute(
                    db.select(Draft).where(Draft.submission_token == token)
                ).scalar_one_or_none()
                if draft is None:  # already submitted by another replay
                    existing = db.session.execute(
                        db.select(Response).where(Response.submission_token == token)
                    ).scalar_one()
                    results.append(existing.submission_token)
                    return
                results.append(submit(q, Pending.of(q, draft)).submission_token)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            with db_app.app_context():
                db.session.remove()

    for _ in range(5):
        threads = [threading.Thread(target=replay) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        barrier.reset()
    assert not [e for e in errors if not isinstance(e, threading.BrokenBarrierError)], errors
    assert count(db_app, Response) == 1
    assert set(results) == {token}


def test_same_token_with_different_answers_is_refused(db_app):
    token = started_draft(db_app, {"agree": True})
    with db_app.app_context():
        q = catalogue.all_questionnaires()[GALLERY]
        draft = db.session.execute(db.select(Draft)).scalar_one()
        updated_on, expires_on = draft.updated_on, draft.expires_on
        submit(q, Pending.of(q, draft))
        forged = Draft(
            code_hash="x" * 64,
            questionnaire_id=GALLERY,
            answers={"agree": False},
            locale="en",
            submission_token=token,
            updated_on=updated_on,
            expires_on=expires_on,
        )
        with pytest.raises(TokenReused):
            submit(q, Pending.of(q, forged))
        db.session.rollback()
    assert count(db_app, Response) == 1


def test_each_response_keeps_the_version_it_answered(tmp_path, db_app):
    folder = tmp_path / "defs"
    folder.mkdir()
    shutil.copy(DEFINITIONS / f"{GALLERY}.yaml", folder)
    db_app.config["QUESTIONNAIRE_DIR"] = str(folder)

    def answer_once() -> None:
        client = db_app.test_client()
        with db_app.app_context():
            db_app.extensions["hys_questionnaires"] = None  # re-read the files
            questionnaire = catalogue.all_questionnaires()[GALLERY]
        complete(client, questionnaire)
        assert Respondent(client, GALLERY).send().status_code == 303

    answer_once()
    path = Path(folder / f"{GALLERY}.yaml")
    path.write_text(path.read_text().replace("Tell us more", "Tell us anything else"))
    answer_once()
    with db_app.app_context():
        versions = db.session.execute(db.select(QuestionnaireVersion)).scalars().all()
        assert len(versions) == 2
        assert {v.version for v in versions} == {1}  # the file's number was not bumped
        assert len({v.content_hash for v in versions}) == 2
        responses = db.session.execute(db.select(Response).order_by(Response.id)).scalars().all()
        assert [r.version_id for r in responses] == [v.id for v in versions]
        assert "Tell us anything else" in str(versions[1].definition)


def test_stored_draft_code_is_hashed_not_kept(db_app):
    with db_app.test_request_context():
        draft, code = drafts.start(GALLERY, "en")
        assert code not in (draft.code_hash, draft.submission_token)
        assert drafts.find(code).id == draft.id
        assert drafts.find(code.lower()) is None  # normalising is the caller's job
        assert drafts.find(drafts.normalise_code(code.lower())).id == draft.id


def test_database_hiccup_keeps_the_typed_answers(monkeypatch, db_app):
    client = db_app.test_client()
    r = Respondent(client, GALLERY)
    loc = r.start().location

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE draft", {}, Exception("database is locked"))

    monkeypatch.setattr(drafts, "save_answers", broken)
    response = r.answer(loc, {"agree": "yes"})
    assert response.status_code == 503
    html = text_of(response)
    assert "could not save your answers just now" in html
    assert 'value="yes" checked' in html
    monkeypatch.undo()
    assert r.answer(loc, {"agree": "yes"}).status_code == 302


def test_unreachable_database_gives_a_calm_page(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db",
        }
    )
    client = app.test_client()
    token = csrf(client.get("/resume").get_data(as_text=True))  # the form needs no database
    response = client.post("/resume", data={"csrf_token": token, "code": "0" * 26})
    assert response.status_code == 503
    assert "Nothing you saved has been lost" in text_of(response)
