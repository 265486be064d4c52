"""The findings API: tokens, only published findings, the page's suppression, OpenAPI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import csrf, make_user, sign_in, text_of

from survey import catalogue
from survey.api.models import ApiToken
from survey.db import db
from survey.models import Response
from survey.staff.models import AuditEntry
from survey.workspace import presenting
from survey.workspace.demo import fill
from survey.workspace.models import FindingsSnapshot
from survey.workspace.run import run_analysis

QID = "children-8-12"
SECRET = re.compile(r'id="new-secret" value="(hys_[^"]+)"')


def admin_client(app):
    client = app.test_client()
    if not app.config.get("ADMIN_MADE"):
        make_user(app, "admin", "admin@council.example")
        app.config["ADMIN_MADE"] = True
    sign_in(client, "admin@council.example")
    return client


def make_token(app, name: str = "Power BI", questionnaire: str = "") -> str:
    """A token made on the admin's page, as an admin would; returns the secret shown once."""
    client = admin_client(app)
    page = client.get("/staff/api-tokens")
    made = client.post(
        "/staff/api-tokens",
        data={
            "csrf_token": csrf(page.get_data(True)),
            "name": name,
            "questionnaire": questionnaire,
        },
    )
    assert made.status_code == 200
    match = SECRET.search(made.get_data(True))
    assert match, "the new token is shown once"
    return match.group(1)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def analyse(app, publish: bool) -> None:
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 150, seed=7)
        run_analysis(QID)
        if publish:
            db.session.execute(db.update(FindingsSnapshot).values(published=True))
        db.session.commit()


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_a_token_is_shown_once_stored_hashed_named_and_audited(db_app):
    secret = make_token(db_app, "Council dashboard")
    client = admin_client(db_app)
    listing = text_of(client.get("/staff/api-tokens"))
    assert secret not in listing  # once only
    assert "Council dashboard" in listing and secret[:10] in listing and "Never" in listing
    with db_app.app_context():
        row = db.session.execute(db.select(ApiToken)).scalar_one()
        assert secret not in {row.token_hash, row.prefix, row.name}
        entry = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action == "api_token_created")
        ).scalar_one()
        assert entry.target == f"api_token:{row.id}" and secret not in entry.detail
    db_app.test_client().get("/api/v1/findings", headers=bearer(secret))
    with db_app.app_context():
        assert db.session.execute(db.select(ApiToken.last_used_at)).scalar_one() is not None


def test_a_token_needs_a_name_and_the_form_says_so(app):
    client = admin_client(app)
    page = client.get("/staff/api-tokens")
    sent = client.post("/staff/api-tokens", data={"csrf_token": csrf(page.get_data(True))})
    html = text_of(sent)
    assert sent.status_code == 400
    assert "<title>Error:" in html and 'aria-describedby="token-name-hint token-name-error"' in html
    forged = client.post("/staff/api-tokens", data={"name": "No token"})
    assert forged.status_code == 400
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ApiToken.id))).scalar_one() == 0


def test_missing_unknown_and_revoked_tokens_are_refused_in_json(db_app):
    analyse(db_app, publish=True)
    secret = make_token(db_app)
    api = db_app.test_client()
    for headers in ({}, bearer("hys_not-a-real-token"), {"Authorization": f"Basic {secret}"}):
        refused = api.get("/api/v1/findings", headers=headers)
        assert refused.status_code == 401
        assert refused.json["error"]["status"] == 401
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get(f"/api/v1/findings/{QID}", headers=bearer(secret)).status_code == 200

    client = admin_client(db_app)
    page = client.get("/staff/api-tokens")
    with db_app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    client.post(
        f"/staff/api-tokens/{token_id}/revoke", data={"csrf_token": csrf(page.get_data(True))}
    )
    for url in (
        "/api/v1/findings",
        f"/api/v1/findings/{QID}",
        f"/api/v1/findings/{QID}/themes.csv",
    ):
        assert api.get(url, headers=bearer(secret)).status_code == 401, url
    with db_app.app_context():
        assert db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action == "api_token_revoked")
        ).scalar_one()


def test_unpublished_findings_are_never_served(db_app):
    analyse(db_app, publish=False)
    api, headers = db_app.test_client(), bearer(make_token(db_app))
    assert api.get("/api/v1/findings", headers=headers).json == {"findings": []}
    for url in (f"/api/v1/findings/{QID}", f"/api/v1/findings/{QID}/themes.csv"):
        missing = api.get(url, headers=headers)
        assert missing.status_code == 404 and missing.json["error"]["status"] == 404

    with db_app.app_context():
        published_id = db.session.execute(db.select(FindingsSnapshot.id)).scalar_one()
        db.session.execute(db.update(FindingsSnapshot).values(published=True))
        db.session.commit()
        run_analysis(QID)  # a newer run, not yet published: the API keeps to the published one
    (listed,) = api.get("/api/v1/findings", headers=headers).json["findings"]
    assert listed["questionnaire"] == QID and listed["published_snapshot"] == published_id
    body = api.get(listed["links"]["json"], headers=headers).json
    assert body["published_snapshot"] == published_id


def test_small_numbers_are_withheld_exactly_as_on_the_page_and_csv_agrees(db_app):
    analyse(db_app, publish=True)
    api, headers = db_app.test_client(), bearer(make_token(db_app))
    body = api.get(f"/api/v1/findings/{QID}", headers=headers).json
    rows = {
        r["theme"]: r
        for r in csv_rows(api.get(f"/api/v1/findings/{QID}/themes.csv", headers=headers))
    }
    with db_app.app_context():
        data = db.session.execute(db.select(FindingsSnapshot.data)).scalar_one()
        view = presenting.findings_view(data, {}, db_app.config["SUPPRESSION_THRESHOLD"])
    raw = {t["id"]: t["respondents"] for t in data["themes"]}
    small = [t for t in body["themes"] if 0 < raw[t["id"]] < 10]
    assert small, "the demo data should include a small theme"
    for theme in small:  # the cell under the threshold is not in the output, in either format
        assert theme["respondents"] is None and theme["share_percent"] is None
        assert rows[theme["name"]]["respondents"].startswith("withheld")
    page = {t["id"]: t for t in view["themes"]}
    assert [t["id"] for t in body["themes"]] == [t["id"] for t in view["themes"]]
    for theme in body["themes"]:
        assert theme["respondents"] == page[theme["id"]]["n"]
        assert theme["sentiment"] == page[theme["id"]]["sentiment_shown"]
        row = rows[theme["name"]]
        if theme["respondents"] is None:
            assert row["respondents"].startswith("withheld") and row["share_percent"] == ""
        else:
            assert int(row["respondents"]) == theme["respondents"]
            assert float(row["share_percent"]) == theme["share_percent"]
    assert body["breakdowns"]
    for table in body["breakdowns"]:  # breakdown cells: the release the page shows, no more
        for group in table["groups"]:
            n = group["respondents"]
            assert n is None or n >= 10, (table["question"], group["value"], n)
        for line in table["themes"]:
            for value, n in line["respondents"].items():
                assert n is None or n == 0 or n >= 10, (table["question"], value, n)
                if n is None:  # a share never gives away a withheld count
                    assert line["share_percent"][value] is None
    text = json.dumps(body)
    for raw_key in ("by_group", "by_wave", "by_audience", "group_totals", "key_phrases"):
        assert raw_key not in text


def test_withheld_answers_and_childrens_words_never_appear(db_app):
    from helpers import add_case

    analyse(db_app, publish=False)
    with db_app.app_context():
        response = db.session.execute(db.select(Response).limit(1)).scalar_one()
        response.answers = {**response.answers, "one_thing": "my uncle at the quarry frightens me"}
        add_case(response_id=response.id, question_id="one_thing", questionnaire_id=QID)
        db.session.commit()
        run_analysis(QID)
        db.session.execute(db.update(FindingsSnapshot).values(published=True))
        db.session.commit()
        texts = {
            v
            for answers in db.session.execute(db.select(Response.answers)).scalars()
            for v in answers.values()
            if isinstance(v, str) and len(v) > 25
        }
    api, headers = db_app.test_client(), bearer(make_token(db_app))
    body = api.get(f"/api/v1/findings/{QID}", headers=headers)
    table = api.get(f"/api/v1/findings/{QID}/themes.csv", headers=headers)
    assert body.json["withheld_for_safeguarding"] >= 1
    assert texts, "the demo answers include free text"
    for text in texts:
        assert text not in body.get_data(as_text=True) and text not in text_of(table)


def test_a_token_for_one_questionnaire_reads_only_that_one(db_app):
    analyse(db_app, publish=True)
    with db_app.app_context():
        other = next(q for q in catalogue.all_questionnaires() if q != QID)
    api = db_app.test_client()
    mine = bearer(make_token(db_app, "Partner", QID))
    theirs = bearer(make_token(db_app, "Other", other))
    assert api.get(f"/api/v1/findings/{QID}", headers=mine).status_code == 200
    refused = api.get(f"/api/v1/findings/{QID}", headers=theirs)
    assert refused.status_code == 403 and refused.json["error"]["status"] == 403
    assert api.get(f"/api/v1/findings/{QID}/themes.csv", headers=theirs).status_code == 403
    assert api.get("/api/v1/findings", headers=theirs).json == {"findings": []}


def test_no_cookies_no_caching_json_errors_and_the_limiter(tmp_path):
    from helpers import make_app

    app, _ = make_app(tmp_path, RATE_LIMIT_API=3)
    secret = make_token(app)
    api = app.test_client()  # a BI tool: no cookies, no CSRF token
    first = api.get("/api/v1/findings", headers=bearer(secret))
    assert first.status_code == 200 and first.json == {"findings": []}
    assert "Set-Cookie" not in first.headers and first.headers["Cache-Control"] == "no-store"
    assert api.get("/api/v1/nothing-here", headers=bearer(secret)).json["error"]["status"] == 404
    wrong = api.post("/api/v1/findings", headers=bearer(secret))
    assert wrong.status_code == 405 and wrong.json["error"]["status"] == 405
    limited = [api.get("/api/v1/findings", headers=bearer(secret)) for _ in range(3)]
    assert limited[-1].status_code == 429 and int(limited[-1].headers["Retry-After"]) > 0
    assert limited[-1].json["error"]["status"] == 429


def test_the_openapi_document_describes_every_route(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    prefix = doc["servers"][0]["url"]
    routes = [r for r in app.url_map.iter_rules() if r.rule.startswith(prefix + "/")]
    assert len(routes) >= 4
    for rule in routes:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len(prefix) :])
        assert path in doc["paths"], f"{rule.rule} is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = doc["paths"][path][method.lower()]
            assert "200" in operation["responses"]
            declared = {p["name"] for p in operation.get("parameters", [])}
            assert declared == set(rule.arguments), rule.rule
            if app.view_functions[rule.endpoint].__dict__.get("api_token"):
                assert "401" in operation["responses"] and "security" not in operation
            else:
                assert operation["security"] == []  # said to be open, and it is
    documented = {prefix + p for p in doc["paths"]}
    served = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) for r in routes}
    assert documented == served  # nothing described that is not served


@pytest.mark.parametrize("role", ["analyst", "viewer", "safeguarding"])
def test_only_admins_reach_the_tokens_page(app, role):
    client = app.test_client()
    sign_in(client, make_user(app, role))
    assert client.get("/staff/api-tokens").status_code == 404
