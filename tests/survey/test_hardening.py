"""What a council's IT relies on without looking: the environment named exactly, files that
hold answers or secrets readable by the app's user only, and no answer in any error log.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from helpers import Respondent, make_app
from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError

from survey import create_app
from survey.config import ConfigError, from_environment
from survey.db import db
from survey.models import Draft, today
from survey.respond import drafts

ROOT = Path(__file__).resolve().parents[2]
SECRET = "an answer nobody may read in a log 7f3a"
KEY = "k" * 32


@pytest.mark.parametrize("value", ["Production", "prod", "PRODUCTION", "dev", "live", " "])
def test_an_unknown_environment_is_refused_at_start_up(value: str, monkeypatch) -> None:
    with pytest.raises(ConfigError, match="HYS_ENV"):
        from_environment("instance", {"HYS_ENV": value, "SECRET_KEY": KEY})
    monkeypatch.setenv("HYS_ENV", value)
    monkeypatch.setenv("SECRET_KEY", KEY)
    with pytest.raises(ConfigError, match=repr(value)):
        create_app()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "development"), ("development", "development"), ("testing", "testing")],
)
def test_known_environments_are_taken_as_written(value: str, expected: str) -> None:
    config = from_environment("instance", {"HYS_ENV": value})
    assert config["HYS_ENV"] == expected and not config["SESSION_COOKIE_SECURE"]
    production = from_environment("instance", {"HYS_ENV": "production", "SECRET_KEY": KEY})
    assert production["HYS_ENV"] == "production" and production["SESSION_COOKIE_SECURE"]


@pytest.fixture
def umask_022():
    """The usual default umask, under which new files are world-readable unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_database_and_instance_folder_are_private(tmp_path, umask_022) -> None:
    instance = tmp_path / "instance"
    app, _ = make_app(
        tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:///have-your-say.db", INSTANCE_PATH=str(instance)
    )
    Respondent(app.test_client(), "question-gallery").start()  # a write: the WAL is in use
    database = instance / "have-your-say.db"
    assert mode(instance) == 0o700
    for path in (database, database.with_name("have-your-say.db-wal")):
        assert path.exists() and mode(path) == 0o600, (path, oct(mode(path)))
    with app.app_context():
        db.engine.dispose()


def test_a_database_left_readable_by_an_older_version_is_tightened(tmp_path, umask_022) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    database = chosen / "old.db"
    database.touch(mode=0o644)
    app, _ = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    assert mode(database) == 0o600
    assert mode(chosen) == 0o755  # a folder the council chose is left as they set it
    with app.app_context():
        db.engine.dispose()


def test_prepared_exports_are_private(app: Flask, umask_022) -> None:
    from survey.workspace.prepared import folder, write_prepared

    with app.app_context():
        name = write_prepared({"questionnaire": "children-8-12", "kind": "responses", "fmt": "csv"})
        exports = folder()
    assert mode(exports) == 0o700 and mode(exports.parent) == 0o700
    assert mode(exports / name) == 0o600


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_secret_key_made_for_make_serve_is_private(tmp_path) -> None:
    instance = tmp_path / "instance"

    def make() -> None:
        subprocess.run(
            ["make", "-s", "-C", str(ROOT), "secret-key", f"INSTANCE={instance}"],
            check=True,
            preexec_fn=lambda: os.umask(0o022),
        )

    make()
    key = instance / "secret_key"
    assert mode(instance) == 0o700 and mode(key) == 0o600
    assert len(key.read_text().strip()) == 64
    first = key.read_text()
    key.chmod(0o644)  # as an older version left it
    instance.chmod(0o755)
    make()
    assert key.read_text() == first  # kept, not replaced
    assert mode(instance) == 0o700 and mode(key) == 0o600


def test_a_failing_statement_does_not_carry_the_answers(db_app: Flask) -> None:
    row = {
        "code_hash": "same",
        "questionnaire_id": "question-gallery",
        "answers": {"say": SECRET},
        "locale": "en",
        "updated_on": today(),
        "expires_on": today(),
    }
    failures = []
    with db_app.app_context():
        db.session.add(Draft(submission_token="one", **row))
        db.session.commit()
        for broken in ({"submission_token": "one"}, {"submission_token": None}):
            db.session.add(Draft(**{**row, "code_hash": "other", **broken}))
            with pytest.raises(IntegrityError) as failed:
                db.session.commit()  # a duplicate token, then a missing one (the row is quoted)
            db.session.rollback()
            failures.append(str(failed.value))
    for text in failures:
        assert SECRET not in text and "parameters hidden" in text, text


def test_an_error_while_saving_logs_no_answer(db_app: Flask, monkeypatch, caplog) -> None:
    table = Draft.__table__
    failing = (
        update(table)
        .where(table.c.id == bindparam("draft_id"))
        .values(
            answers=bindparam("answers"),
            locale=bindparam("locale"),
            updated_on=bindparam("on"),
            code_hash=None,  # NOT NULL: the statement fails, carrying the child's answers
        )
    )
    monkeypatch.setattr(drafts, "_SAVE", failing)
    client = db_app.test_client()
    r = Respondent(client, "question-gallery")
    location = r.answer(r.start().location, {"agree": "yes"})
    assert location.status_code == 500
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        assert r.answer("/q/question-gallery/p/words", {"one_thing": SECRET}).status_code == 500
    assert "unexpected error" in caplog.text and "IntegrityError" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("value", ["0.2", "0.55", "0.65", "0.9", "-0.5", "half", "0,4", "nan"])
def test_a_second_look_floor_outside_its_range_is_refused_at_start_up(value: str) -> None:
    """A typo must not quietly change what the safeguarding lead is shown, and the list may
    only be widened: it is what catches the screen's near misses."""
    with pytest.raises(ConfigError, match="SAFEGUARDING_SECOND_LOOK"):
        from_environment("instance", {"SAFEGUARDING_SECOND_LOOK": value})


@pytest.mark.parametrize(
    ("value", "expected"), [("", None), (" ", None), ("0.4", 0.4), ("0.3", 0.3), ("0.5", 0.5)]
)
def test_a_second_look_floor_in_range_is_taken(value: str, expected: float | None) -> None:
    config = from_environment("instance", {"SAFEGUARDING_SECOND_LOOK": value})
    assert config["SAFEGUARDING_SECOND_LOOK"] == expected
