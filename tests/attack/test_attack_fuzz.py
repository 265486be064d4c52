"""Hostile input on the respondent endpoints and the staff sign-in: never a 500.

SQL fragments, NUL bytes, invalid UTF-8, right-to-left overrides, 10,000 fields and
oversized bodies must each get a clear 4xx or a normal page, and the database must hold
either a complete response or none: never a half-stored one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from helpers import Respondent, csrf, make_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.db import db
from survey.models import Draft, Response

NASTY = (
    "' OR '1'='1",
    "1; DROP TABLE response;--",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\u2066x\u2069",
    "%00",
    "../../etc/passwd",
    "\ufffd",
    "x" * 5000,
)
QID = "one-page"
ONE_PAGE = (Path(__file__).resolve().parents[1] / "faults" / "faults_support.py").read_text()
ONE_PAGE = ONE_PAGE.split('ONE_PAGE = """\\\n')[1].split('"""')[0]


def one_page_dir(tmp_path: Path) -> Path:
    """The fault tests' one-page questionnaire (read from their helper, kept in one place)."""
    qdir = tmp_path / "questionnaires"
    qdir.mkdir(exist_ok=True)
    (qdir / f"{QID}.yaml").write_text(ONE_PAGE)
    return qdir


RAW = (b"\xff\xfe\xfa", b"%ff%fe", b"\xc3\x28", b"\xed\xa0\x80", b"%00")


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    tmp = tmp_path_factory.mktemp("fuzz")
    app, _ = make_app(tmp, QUESTIONNAIRE_DIR=str(one_page_dir(tmp)))
    return app


def _consistent(app: Flask) -> None:
    """Every response is complete (its required answer there) and has no draft left."""
    with app.app_context():
        for response in db.session.execute(db.select(Response)).scalars():
            assert response.answers.get("agree") is True
            leftover = db.session.execute(
                db.select(Draft).where(Draft.submission_token == response.submission_token)
            ).scalar_one_or_none()
            assert leftover is None
        db.session.remove()


def _ok(status: int, what: object) -> None:
    assert status < 500, (status, what)


def test_nasty_strings_in_every_parameter(fuzz_app: Flask) -> None:
    client = fuzz_app.test_client()
    respondent = Respondent(client, QID)
    location = respondent.start().location
    token = csrf(client.get(location).get_data(as_text=True))
    for value in NASTY:
        for path in (f"/q/{value}", f"/q/{QID}/p/{value}", f"/q/{value}/check", f"/q/{QID}/x"):
            _ok(client.get(path).status_code, path)
        _ok(client.get(location, query_string={"return": value, "lang": value}).status_code, value)
        form = {"csrf_token": token, "agree": value, "say": value, "more": value, value: value}
        _ok(client.post(location, data=form).status_code, value)
        _ok(client.post(f"/q/{QID}/submit", data={"submission_token": value}).status_code, value)
        _ok(client.post("/resume", data={"code": value, "csrf_token": value}).status_code, value)
        sign_in = {"email": value, "password": value, "csrf_token": value}
        _ok(client.post("/staff/sign-in", data=sign_in).status_code, value)
    _consistent(fuzz_app)


def test_raw_bytes_in_body_and_query(fuzz_app: Flask) -> None:
    client = fuzz_app.test_client()
    location = Respondent(client, QID).start().location
    for raw in RAW:
        for path in (location, f"/q/{QID}/submit", "/staff/sign-in", "/resume"):
            body = b"agree=" + raw + b"&say=" + raw + b"&" + raw + b"=1"
            response = client.post(
                path, data=body, content_type="application/x-www-form-urlencoded"
            )
            _ok(response.status_code, (path, raw))
            environ = {"QUERY_STRING": (b"lang=" + raw + b"&return=" + raw).decode("latin-1")}
            _ok(client.get(location, environ_overrides=environ).status_code, (path, raw))
    _consistent(fuzz_app)


def test_10000_fields_and_oversized_bodies_are_refused(fuzz_app: Flask) -> None:
    client = fuzz_app.test_client()
    location = Respondent(client, QID).start().location
    many = "&".join(f"f{i}=x" for i in range(10_000))
    for path in (location, f"/q/{QID}/submit", "/staff/sign-in"):
        response = client.post(path, data=many, content_type="application/x-www-form-urlencoded")
        assert 400 <= response.status_code < 500, (path, response.status_code)
        big = client.post(path, data={"say": "x" * (1024 * 1024)})
        assert big.status_code == 413, (path, big.status_code)
    _consistent(fuzz_app)


form_values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY),
    st.lists(st.text(max_size=20), max_size=5),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.dictionaries(
        st.sampled_from(["agree", "say", "more", "csrf_token", "save_later", "hp_extra", "x"]),
        form_values,
        max_size=6,
    ),
    send=st.booleans(),
    token=st.one_of(st.none(), st.text(max_size=60)),
)
def test_fuzz_page_and_submit(fuzz_app: Flask, fields: dict, send: bool, token: str | None) -> None:
    client = fuzz_app.test_client()
    respondent = Respondent(client, QID)
    location = respondent.start().location
    real = csrf(client.get(location).get_data(as_text=True))
    data = {"csrf_token": real, **fields}
    _ok(client.post(location, data=data).status_code, fields)
    if send:
        check = client.get(f"/q/{QID}/check")
        _ok(check.status_code, fields)
        html = check.get_data(as_text=True)
        form = {"csrf_token": real, "submission_token": token or ""}
        if token is None and 'name="submission_token"' in html:
            form["submission_token"] = html.split('name="submission_token" value="')[1].split('"')[
                0
            ]
        _ok(client.post(f"/q/{QID}/submit", data=form).status_code, fields)
    _consistent(fuzz_app)


def test_the_fuzzed_questionnaire_exists(tmp_path: Path) -> None:
    assert (one_page_dir(tmp_path) / f"{QID}.yaml").exists()
