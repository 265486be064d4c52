"""Reaching data beyond one's role by editing ids, and posting fields a form never had.

Each staff role sees only its own pages; an id changed in a URL gives 404 (never a hint
that the row exists), a signed-out visitor is sent to sign in, and extra form fields
(``role=admin``, ``questionnaire_id=``...) change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from helpers import Respondent, add_case, complete, csrf, make_app, make_user, sign_in

from questionnaires import load_directory
from survey.db import db
from survey.models import Draft, Response
from survey.safeguarding.models import SafeguardingCase
from survey.staff.models import User

GALLERY = "question-gallery"
MASS = {
    "role": "admin",
    "status": "closed",
    "response_id": "1",
    "questionnaire_id": "children-8-12",
    "id": "99",
    "quarantine": "",
    "is_admin": "1",
}


@pytest.fixture
def seeded(tmp_path: Path) -> Flask:
    app, _ = make_app(tmp_path)
    with app.app_context():
        add_case()
        db.session.commit()
    return app


def _client(app: Flask, role: str | None):
    client = app.test_client()
    if role:
        assert sign_in(client, make_user(app, role)).status_code == 302
    return client


@pytest.mark.parametrize("role", ["analyst", "viewer", "admin"])
def test_safeguarding_cases_are_invisible_to_other_roles(seeded: Flask, role: str) -> None:
    client = _client(seeded, role)
    for path in ("/staff/safeguarding/", "/staff/safeguarding/1", "/staff/safeguarding/2"):
        assert client.get(path).status_code == 404, (role, path)
    assert client.post("/staff/safeguarding/1", data={"status": "closed"}).status_code == 404
    with seeded.app_context():
        assert db.session.get(SafeguardingCase, 1).status != "closed"


def test_ids_changed_in_urls_give_404(seeded: Flask) -> None:
    lead = _client(seeded, "safeguarding")
    assert lead.get("/staff/safeguarding/1").status_code == 200
    for case_id in (0, 2, 999999, 2**31):
        assert lead.get(f"/staff/safeguarding/{case_id}").status_code == 404
    for path in (
        "/staff/findings/children-8-12",
        "/staff/findings/children-8-12/export/findings.csv",
    ):
        assert lead.get(path).status_code == 404, path
    analyst = _client(seeded, "analyst")
    for path in (
        "/staff/findings/no-such-questionnaire",
        "/staff/findings/no-such-questionnaire/export/answers.csv",
        "/staff/findings/children-8-12/export/answers.exe",
        "/staff/findings/children-8-12/export/../../etc.csv",
        "/staff/findings/no-such/report",
        "/staff/accounts",
        "/staff/audit",
    ):
        assert analyst.get(path).status_code == 404, path
    viewer = _client(seeded, "viewer")
    assert viewer.get("/staff/findings/children-8-12/export/findings.csv").status_code == 404


def test_signed_out_is_sent_to_sign_in(seeded: Flask) -> None:
    client = seeded.test_client()
    for path in (
        "/staff/safeguarding/1",
        "/staff/findings/children-8-12/export/answers.csv",
        "/staff/findings/children-8-12",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/sign-in" in response.location, path


def test_a_resume_code_works_only_for_its_own_questionnaire(seeded: Flask) -> None:
    owner = seeded.test_client()
    location = Respondent(owner, GALLERY).start().location
    Respondent(owner, GALLERY).answer(location, {"agree": "yes"})
    with owner.session_transaction() as session:
        code = session["drafts"][GALLERY]
    stranger = seeded.test_client()
    other = "children-8-12"
    page = stranger.get(f"/q/{other}")
    token = csrf(page.get_data(as_text=True))
    hijack = stranger.post(
        f"/q/{other}/p/start", data={"csrf_token": token, "resume_code": code, "take_part": "yes"}
    )
    assert hijack.status_code == 302 and hijack.location.endswith(f"/q/{other}")
    with seeded.app_context():
        draft = db.session.execute(db.select(Draft)).scalar_one()
        assert draft.questionnaire_id == GALLERY and draft.answers == {"agree": True}


def test_extra_fields_are_ignored(seeded: Flask) -> None:
    client = seeded.test_client()
    questionnaire = load_directory()[GALLERY]
    respondent = Respondent(client, GALLERY)
    location = respondent.start().location
    assert respondent.answer(location, {"agree": "yes", **MASS}).status_code == 302
    complete(client, questionnaire)
    check = respondent.check_page().get_data(as_text=True)
    token = check.split('name="submission_token" value="')[1].split('"')[0]
    sent = client.post(
        f"/q/{GALLERY}/submit",
        data={"csrf_token": csrf(check), "submission_token": token, **MASS},
    )
    assert sent.status_code == 303
    with seeded.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        assert response.questionnaire_id == GALLERY and response.quarantine == ""
        assert not set(MASS) & set(response.answers)

    analyst = _client(seeded, "analyst")
    page = analyst.get("/staff/")
    analyst.post("/staff/accounts", data={"csrf_token": csrf(page.get_data(as_text=True)), **MASS})
    with seeded.app_context():
        roles = db.session.execute(db.select(User.role)).scalars().all()
        assert "admin" not in roles
