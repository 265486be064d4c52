"""One broken questionnaire file is refused alone; every other questionnaire keeps serving.

Each kind of breakage an author can make (YAML, the format, a translation key, a
translation file) is put beside a good questionnaire in a folder of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest
from helpers import complete, make_app, make_user, sign_in, text_of

from questionnaires import load_directory
from questionnaires.loader import DEFINITIONS
from survey.db import db
from survey.models import Response
from survey.privacy import retention
from survey.serving.warm import warm

GOOD = "partners"
BROKEN = "children-8-12"

# What an author might get wrong, written into a copy of children-8-12 (and its Welsh file).
BREAKAGES = {
    "yaml": ("children-8-12.yaml", "pages: [\n", "HYS001"),
    "schema": ("children-8-12.yaml", None, "HYS010"),
    "translation key": ("children-8-12.cy.yaml", "questions.feel_hom.text: 'Sut?'\n", "HYS061"),
    "translation file": ("children-8-12.cy.yaml", "- just\n- a list\n", "HYS060"),
}


def _folder(tmp_path: Path, breakage: str) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(DEFINITIONS / f"{GOOD}.yaml", folder)
    for name in (f"{BROKEN}.yaml", f"{BROKEN}.cy.yaml"):
        shutil.copy(DEFINITIONS / name, folder)
    name, added, _code = BREAKAGES[breakage]
    target = folder / name
    if breakage == "schema":
        target.write_text(target.read_text().replace("\ntitle:", "\ntitel:", 1))
    elif breakage == "translation file":
        target.write_text(added)
    else:
        target.write_text(target.read_text() + added)
    return folder


@pytest.fixture(params=sorted(BREAKAGES))
def broken(request, tmp_path):
    folder = _folder(tmp_path, request.param)
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(folder))
    yield app, request.param
    with app.app_context():
        db.engine.dispose()


def test_the_others_keep_serving_and_the_broken_one_says_so(broken, caplog):
    app, breakage = broken
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        home = client.get("/")
    assert home.status_code == 200
    listed = text_of(home)
    assert f"/q/{GOOD}" in listed and f"/q/{BROKEN}" not in listed

    good = load_directory(_good_only(app))[GOOD]
    assert complete(client, good)  # every page of the good one works, to check your answers

    page = client.get(f"/q/{BROKEN}")
    assert page.status_code == 503
    assert "This questionnaire is not available just now" in text_of(page)
    assert "Sorry, something went wrong" not in text_of(page)
    assert client.get(f"/q/{BROKEN}/p/home").status_code == 503

    name, _added, code = BREAKAGES[breakage]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{BROKEN}' refused" in logged and name in logged and code in logged
    assert "fix:" in logged


def _good_only(app) -> Path:
    """A folder with only the good questionnaire, to load it as the test's own reference."""
    folder = Path(app.config["QUESTIONNAIRE_DIR"]).parent / "good"
    folder.mkdir(exist_ok=True)
    shutil.copy(DEFINITIONS / f"{GOOD}.yaml", folder)
    return folder


def test_staff_home_shows_the_authors_error_to_admins_and_analysts_only(broken):
    app, breakage = broken
    name, _added, code = BREAKAGES[breakage]
    for role in ("admin", "analyst"):
        client = app.test_client()
        sign_in(client, make_user(app, role))
        shown = text_of(client.get("/staff/"))
        assert "Questionnaires not being served" in shown, role
        assert name in shown and code in shown and "Fix:" in shown, role
    viewer = app.test_client()
    sign_in(viewer, make_user(app, "viewer"))
    assert "Questionnaires not being served" not in text_of(viewer.get("/staff/"))


def test_staff_home_has_no_panel_when_every_file_loads(app, client):
    sign_in(client, make_user(app, "admin"))
    assert "Questionnaires not being served" not in text_of(client.get("/staff/"))


def test_warm_loads_the_good_ones_and_reports_the_broken_one(tmp_path):
    folder = _folder(tmp_path, "translation key")
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(folder))

    problems = warm(app)

    assert len(problems) == 1 and problems[0].startswith("questionnaires:")
    assert f"{BROKEN}.cy.yaml" in problems[0] and "HYS061" in problems[0]
    assert list(app.extensions["hys_questionnaires"]) == [GOOD]
    assert app.test_client().get(f"/q/{GOOD}").status_code == 200


def test_retention_keeps_the_responses_of_a_questionnaire_it_cannot_read(tmp_path):
    folder = _folder(tmp_path, "yaml")
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(folder))
    with app.app_context():
        from survey.respond.submit import version_row

        good = load_directory(_good_only(app))[GOOD]
        version = version_row(good)
        old = dt.date.today() - dt.timedelta(days=5000)
        for qid in (GOOD, BROKEN):
            db.session.add(
                Response(
                    submission_token=f"token-{qid}",
                    answers_digest="d",
                    questionnaire_id=qid,
                    version_id=version.id,
                    audience="child",
                    locale="en",
                    answers={},
                    submitted_on=old,
                )
            )
        db.session.commit()

        assert retention.purge() == {GOOD: 1}
        kept = db.session.execute(db.select(Response.questionnaire_id)).scalars().all()
        assert kept == [BROKEN]
