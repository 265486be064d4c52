"""A respondent driving the journey through the Flask test client, as a browser would."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from html import unescape

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from survey import create_app
from survey.db import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _fresh_postgres_schema(url: str) -> str:
    """A new schema per test, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return schema


def drop_postgres_schema(url: str, schema: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def close_app(app, schema: str | None) -> None:
    """What a test's app leaves behind: its connections, and its PostgreSQL schema if any."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        drop_postgres_schema(PG_URL, schema)


def make_app(tmp_path, backend: str = "sqlite", **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "NOTIFY_MODE": "off",  # tests that check email run a real local SMTP server
        "MIN_FILL_SECONDS": 0,  # test clients answer faster than any person; tests set it
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    schema = None
    if backend == "postgresql":
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need it")
        schema = _fresh_postgres_schema(PG_URL)
        config["SQLALCHEMY_DATABASE_URI"] = PG_URL.replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    config.update(extra)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app, schema


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def csrf(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def submission_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "check page has no submission token"
    return match.group(1)


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


class Respondent:
    def __init__(self, client, qid: str):
        self.client = client
        self.qid = qid

    def start(self):
        page = self.client.get(f"/q/{self.qid}")
        assert page.status_code == 200, page.status_code
        return self.client.post(
            f"/q/{self.qid}/start", data={"csrf_token": csrf(page.get_data(as_text=True))}
        )

    def answer(self, location: str, data: dict, **kw):
        """GET the page (as a browser would), then post ``data`` with its token."""
        page = self.client.get(location)
        assert page.status_code == 200, (location, page.status_code)
        html = page.get_data(as_text=True)
        payload = {"csrf_token": csrf(html), "continue": "1", **data}
        return self.client.post(location, data=payload, **kw)

    def check_page(self):
        return self.client.get(f"/q/{self.qid}/check")

    def send(self):
        check = self.check_page()
        html = check.get_data(as_text=True)
        return self.client.post(
            f"/q/{self.qid}/submit",
            data={"csrf_token": csrf(html), "submission_token": submission_token(html)},
        )


def valid_form_data(question) -> dict:
    """A valid answer for ``question`` as a browser would post it."""
    kind = question.type
    if kind == "statement":
        return {}
    if kind == "consent":
        return {question.id: "yes"}
    if kind in ("single_choice", "age_band", "yes_no", "feelings"):
        return {question.id: question.options[0].value}
    if kind == "multiple_choice":
        return {question.id: [o.value for o in question.options[:2]]}
    if kind in ("short_text", "long_text"):
        return {question.id: f"My answer to {question.id}"}
    if kind == "number":
        low = question.settings.get("min", 0)
        return {question.id: str(low if low is not None else 0)}
    if kind == "ranking":
        return {f"{question.id}-{o.value}": str(n) for n, o in enumerate(question.options[:2], 1)}
    if kind == "matrix":  # every row it can have: the page reads only the rows it asks
        scale = question.options[0].value
        return {f"{question.id}-{o.value}": scale for o in question.settings["rows"]}
    raise AssertionError(f"no test answer for question type {kind}")


def complete(client, questionnaire) -> list[str]:
    """Answer every visible page with valid answers; returns the page ids visited."""
    respondent = Respondent(client, questionnaire.id)
    location = respondent.start().location
    visited = []
    while "/p/" in location:
        page_id = location.rsplit("/", 1)[-1].split("?")[0]
        visited.append(page_id)
        page = questionnaire.page(page_id)
        data: dict = {}
        for q in page.questions:
            if q.show_if is None or f'name="{q.id}' in client.get(location).get_data(True):
                data.update(valid_form_data(q))
        response = respondent.answer(location, data)
        assert response.status_code == 302, (page_id, text_of(response)[:2000])
        location = response.location
    assert location.endswith("/check"), location
    return visited


STAFF_PASSWORD = "correct horse battery staple"


def make_user(app, role: str, email: str | None = None) -> str:
    """A staff account with ``role``; returns its email (the password is STAFF_PASSWORD)."""
    from survey.staff.models import User
    from survey.staff.passwords import hash_password

    email = email or f"{role}@council.example"
    with app.app_context():
        db.session.add(
            User(
                email=email,
                name=role.title(),
                role=role,
                password_hash=hash_password(STAFF_PASSWORD),
            )
        )
        db.session.commit()
    return email


def sign_in(client, email: str, password: str = STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf(page.get_data(True)), "email": email, "password": password},
    )


def add_case(**fields):
    """A safeguarding case row with placeholder words, added to the session (caller commits).

    For tests that need a case to exist (to reach, to withhold, to hide), not one the
    screen made: the real path is covered by the safeguarding journey tests.
    """
    from survey.safeguarding.models import SafeguardingCase

    row = {
        "questionnaire_id": "children-8-12",
        "question_id": "q",
        "text": "t",
        "text_digest": "d",
        "categories": [],
        "screen_status": "unscreened",
        "audience": "child",
        "draft_code_hash": "h",
        **fields,
    }
    case = SafeguardingCase(**row)
    db.session.add(case)
    return case


# Written by a child who needs help: the real screen flags it, and so does marker_screen.
DISCLOSURE = "sometimes i think about ending it all"


@dataclass(frozen=True)
class MarkerResult:
    status: str
    categories: tuple = ()
    language: str = "en"
    error: str | None = None


def marker_screen(text: str, *, locale=None, audience=None) -> MarkerResult:
    """Flags DISCLOSURE only: for journey tests that must not depend on the rules or their speed.

    Set it as the app's SAFEGUARDING_SCREEN; the real screen is tested in tests/safeguarding.
    """
    if DISCLOSURE in text:
        return MarkerResult("flagged", ("suicidal_thoughts",))
    return MarkerResult("clear")


def to_help_page(client, qid: str = "question-gallery") -> str:
    """A child's journey up to a disclosure on the words page; returns the help page's URL.

    The app needs a screen that flags DISCLOSURE at once (``marker_screen``).
    """
    respondent = Respondent(client, qid)
    location = respondent.answer(respondent.start().location, {"agree": "yes"}).location
    while not location.endswith("/p/words"):
        location = respondent.answer(location, {}).location
    sent = respondent.answer(location, {"one_thing": DISCLOSURE})
    assert sent.status_code == 303 and "/help" in sent.location, sent.location
    return sent.location


def answer_everything(client, qid: str, question_id: str, text: str, before_send=None) -> None:
    """Answer every page of ``qid`` validly, ``text`` for ``question_id``, following any help
    page on; then send (``before_send`` runs just before)."""
    from urllib.parse import parse_qs, urlparse

    from questionnaires import load_directory

    q = load_directory()[qid]
    respondent = Respondent(client, qid)
    location = respondent.start().location
    while "/p/" in location:
        page = q.page(location.rsplit("/", 1)[-1].split("?")[0])
        data: dict = {}
        for question in page.questions:
            data.update(valid_form_data(question))
        if question_id in data:
            data[question_id] = text
        response = respondent.answer(location, data)
        assert response.status_code in (302, 303), text_of(response)[:500]
        location = response.location
        if "/help" in location:  # flagged on this page: the help page, then on
            following = parse_qs(urlparse(location).query).get("next", [""])[0]
            location = f"/q/{qid}/p/{following}" if following else f"/q/{qid}/check"
    if before_send:
        before_send()
    sent = respondent.send()
    assert sent.status_code in (302, 303)
