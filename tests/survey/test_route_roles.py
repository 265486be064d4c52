"""Every route against every role, from one table.

A new route fails ``test_every_route_is_in_the_table`` until it is added here
with the roles that may use it, so no page is ever left open by accident.
"""

from __future__ import annotations

import pytest
from helpers import add_case, make_user, sign_in

from survey.db import db

PUBLIC = "public"
ROLES = ("admin", "analyst", "safeguarding", "viewer")
READERS = frozenset({"analyst", "viewer"})

# endpoint -> who may use it
ACCESS: dict[str, object] = {
    "static": PUBLIC,
    "respond.home": PUBLIC,
    "respond.intro": PUBLIC,
    "respond.privacy": PUBLIC,
    "respond.start": PUBLIC,
    "respond.page": PUBLIC,
    "respond.saved": PUBLIC,
    "respond.check": PUBLIC,
    "respond.do_submit": PUBLIC,
    "respond.done": PUBLIC,
    "respond.resume": PUBLIC,
    "respond.start_again": PUBLIC,
    "respond.not_me": PUBLIC,
    "privacy.withdraw": PUBLIC,
    "safeguarding.help_page": PUBLIC,
    "workspace_public.you_said": PUBLIC,
    "staff.sign_in": PUBLIC,
    "staff.sign_out": PUBLIC,
    "staff.sign_in_code": PUBLIC,
    "staff.account": frozenset(ROLES),
    "staff.change_password": frozenset(ROLES),
    "staff.two_factor": frozenset(ROLES),
    "staff.change_two_factor": frozenset(ROLES),
    "staff.home": frozenset(ROLES),
    "staff.accounts": frozenset({"admin"}),
    "staff.create_account": frozenset({"admin"}),
    "staff.change_account": frozenset({"admin"}),
    "staff.audit_log": frozenset({"admin"}),
    "safeguarding.queue": frozenset({"safeguarding"}),
    "safeguarding.case": frozenset({"safeguarding"}),
    "safeguarding.update_case": frozenset({"safeguarding"}),
    "safeguarding.acknowledge_case": frozenset({"safeguarding"}),
    "safeguarding.second_look_list": frozenset({"safeguarding"}),
    "safeguarding.decide_second_look": frozenset({"safeguarding"}),
    "workspace.findings_index": READERS,
    "workspace.compare": READERS,
    "workspace.findings": READERS,
    "workspace.by_framework": READERS,
    "workspace.report": READERS,
    "workspace.report_pdf": READERS,
    "workspace.report_docx": READERS,
    "workspace.run": frozenset({"analyst"}),
    "workspace.publish": frozenset({"analyst"}),
    "workspace.answers": frozenset({"analyst"}),
    "workspace.quotes": frozenset({"analyst"}),
    "workspace.actions": frozenset({"analyst"}),
    "workspace.export": frozenset({"analyst"}),
    "workspace.exports": frozenset({"analyst"}),
    "workspace.download_export": frozenset({"analyst"}),
    # The findings API takes a bearer token, not a staff session (tests/survey/test_api.py).
    "api.findings_list": PUBLIC,
    "api.findings_json": PUBLIC,
    "api.findings_csv": PUBLIC,
    "api.openapi_document": PUBLIC,
    "api_tokens.index": frozenset({"admin"}),
    "api_tokens.create": frozenset({"admin"}),
    "api_tokens.revoke": frozenset({"admin"}),
    "quarantine.index": frozenset({"admin", "analyst"}),
    "quarantine.detail": frozenset({"admin", "analyst"}),
    "quarantine.decide": frozenset({"admin", "analyst"}),
    "workspace.forums": frozenset({"admin", "analyst"}),
    "workspace.forum": frozenset({"admin", "analyst"}),
    "workspace.periods": frozenset({"admin", "analyst"}),
    "workspace.period": frozenset({"admin", "analyst"}),
}

ARGS = {
    "job_id": 1,
    "qid": "children-8-12",
    "case_id": 1,
    "item_id": 1,
    "user_id": 1,
    "framework": "uncrc",
    "item": "12",
    "kind": "findings",
    "fmt": "csv",
    "page_id": "start",
    "action": "off",
    "token_id": 1,
    "response_id": 1,
    "forum_id": 1,
    "period_id": 1,
}


def staff_rules(app):
    for rule in app.url_map.iter_rules():
        if ACCESS.get(rule.endpoint, PUBLIC) != PUBLIC:
            yield rule


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add these routes to ACCESS"
    assert set(ACCESS) - endpoints == set(), "these routes no longer exist"


def test_the_table_matches_the_code(app):
    for rule in app.url_map.iter_rules():
        declared = getattr(app.view_functions[rule.endpoint], "allowed_roles", PUBLIC)
        assert declared == ACCESS[rule.endpoint], rule.endpoint


@pytest.fixture
def seeded(app):
    """Enough data that an allowed role never meets a 404 for want of a row."""
    with app.app_context():
        make_user(app, "admin", "first@council.example")  # user id 1
        add_case()
        db.session.commit()
        if "workspace.findings" in app.view_functions:
            from survey import catalogue
            from survey.workspace.demo import fill
            from survey.workspace.models import FindingsSnapshot
            from survey.workspace.run import run_analysis

            fill(catalogue.all_questionnaires()["children-8-12"], 12)
            run_analysis("children-8-12")
            from survey.serving import jobs

            jobs.enqueue(
                "export",
                {
                    "questionnaire": "children-8-12",
                    "kind": "responses",
                    "fmt": "csv",
                    "owner": 2,  # the account each test signs in with, made next
                },
            )  # job 1, prepared at once in tests
            import datetime as dt

            from survey.workspace.models import FieldworkPeriod, ParentCarerForum

            db.session.add(  # period 1
                FieldworkPeriod(
                    questionnaire_id="children-8-12",
                    name="Spring 2026",
                    starts_on=dt.date(2026, 3, 1),
                    ends_on=dt.date(2026, 5, 31),
                )
            )

            db.session.add(  # forum 1
                ParentCarerForum(
                    name="Northshire Forum",
                    key="northshire forum",
                    families=40,
                    verified_on=dt.date(2026, 1, 5),
                )
            )
            db.session.execute(db.update(FindingsSnapshot).values(published=True))
            from survey.models import Response

            # Response 1 held as too fast, so the quarantine review has one to show.
            db.session.execute(
                db.update(Response).where(Response.id == 1).values(quarantine="too_fast")
            )
            db.session.commit()
            data = db.session.execute(db.select(FindingsSnapshot.data)).scalar_one()
            app.config["TEST_ARGS"] = ARGS | {
                "item": str(data["themes"][0]["mappings"]["uncrc"][0])
            }
    return app


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_only_its_routes(seeded, role):
    client = seeded.test_client()
    if role is not None:
        assert sign_in(client, make_user(seeded, role)).status_code == 302
    for rule in staff_rules(seeded):
        args = seeded.config.get("TEST_ARGS", ARGS)
        url = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)[1]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        response.close()
        allowed = ACCESS[rule.endpoint]
        if role is None:
            assert response.status_code == 302, (rule.endpoint, response.status_code)
            assert "/staff/sign-in" in response.location
        elif role in allowed:
            # POSTs without a form token are refused (400), never hidden (404)
            assert response.status_code in (200, 302, 400), (
                role,
                rule.endpoint,
                response.status_code,
            )
        else:
            assert response.status_code == 404, (role, rule.endpoint, response.status_code)
