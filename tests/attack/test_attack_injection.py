"""Stored script and template injection: author text and answers are always inert.

A questionnaire file may be written by someone careless (or copied from somewhere hostile)
and any child can type anything. Every payload must reach each reader (respondent, analyst,
safeguarding lead, export) as text: escaped in HTML, never evaluated by Jinja (``{{7*7}}``
stays as typed), never a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from helpers import Respondent, make_app, make_user, sign_in

from survey.db import db
from survey.safeguarding.models import SafeguardingCase

QID = "inject"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{{ config }}",
    "{% print 7*7 %}",
    "javascript:alert(1)",
)
MARK = " | ".join(PAYLOADS)
FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)")


def _yaml(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _definition(tmp_path: Path) -> Path:
    m = _yaml(MARK)
    qdir = tmp_path / "questionnaires"
    qdir.mkdir()
    (qdir / f"{QID}.yaml").write_text(
        f"""\
id: {QID}
version: 1
title: {m}
audience: young_person
age_band: "13-18"
summary: {m}
intro: {m}
privacy: {m}
thank_you: {m}
pages:
  - id: first
    title: {m}
    questions:
      - id: agree
        type: consent
        text: {m}
        hint: {m}
        label: {m}
        privacy_note: {m}
        required: true
      - id: pick
        type: single_choice
        text: {m}
        options:
          - {{value: a, label: {m}}}
          - {{value: b, label: {m}}}
      - id: many
        type: multiple_choice
        text: {m}
        options:
          - {{value: c, label: {m}}}
          - {{value: d, label: {m}}}
  - id: second
    title: {m}
    questions:
      - id: say
        type: long_text
        text: {m}
        hint: {m}
        themes: [transport]
      - id: line
        type: short_text
        text: {m}
"""
    )
    (qdir / f"{QID}.cy.yaml").write_text(
        f"title: {m}\nintro: {m}\npages.first.title: {m}\nquestions.say.text: {m}\n"
    )
    return qdir


class _Handlers(HTMLParser):
    """Event-handler attributes (onerror=, onload=...) on the tags a browser would build.

    Parsed, not searched for: an escaped payload inside an attribute (a question's text as a
    select's group label, "&lt;img src=x onerror=...&gt;") is text, not a handler.
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [f"<{tag} {name}=...>" for name, _value in attrs if name.startswith("on")]


def _handlers(html: str) -> list[str]:
    parser = _Handlers()
    parser.feed(html)
    return parser.found


def assert_inert(html: str, where: str) -> None:
    """No payload survives as markup or as evaluated template code."""
    lowered = html.lower()
    assert "<script>alert(1)" not in lowered, where
    assert "<img src=x" not in lowered, where
    assert not _handlers(html), where  # no live handler
    assert 'href="javascript:' not in lowered and 'src="javascript:' not in lowered, where
    assert "<built-in method" not in html and "&lt;Config" not in html, where
    assert "SECRET_KEY" not in html, where
    # template code shows as typed, never evaluated
    for evaluated in (">49<", " 49 ", "|49|"):
        assert evaluated not in html.replace("\n", " "), (where, evaluated)


@pytest.fixture
def injected(tmp_path: Path) -> Flask:
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(_definition(tmp_path)))
    return app


def _answer_all(app: Flask, seen: list[tuple[str, str]], n: int) -> None:
    for i in range(n):
        client = app.test_client()
        respondent = Respondent(client, QID)
        for path in (f"/q/{QID}", f"/q/{QID}/privacy", f"/q/{QID}?lang=cy"):
            seen.append((path, client.get(path).get_data(as_text=True)))
        location = respondent.start().location
        page = client.get(location).get_data(as_text=True)
        seen.append((location, page))
        first = {"agree": "yes", "pick": "a", "many": ["c", "d"]}
        assert respondent.answer(location, first).status_code == 302
        location = f"/q/{QID}/p/second"
        text = f"{MARK} {FORMULAS[i % len(FORMULAS)]} the buses are late {i}"
        if i == 0:
            text = f"{MARK} my dad hits me and I am scared"  # a case for the lead
        posted = respondent.answer(location, {"say": text, "line": FORMULAS[i % len(FORMULAS)]})
        assert posted.status_code in (302, 303), posted.get_data(as_text=True)[:500]
        check = client.get(f"/q/{QID}/check").get_data(as_text=True)
        seen.append(("check", check))
        sent = respondent.send()
        assert sent.status_code in (302, 303)
        seen.append(("done", client.get(f"/q/{QID}/done").get_data(as_text=True)))


def test_payloads_are_inert_everywhere(injected: Flask) -> None:
    seen: list[tuple[str, str]] = []
    _answer_all(injected, seen, 12)
    assert any("{{7*7}}" in html for _, html in seen), "the author's text must be shown"
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in html for _, html in seen)
    for where, html in seen:
        assert_inert(html, where)

    from survey.workspace.run import run_analysis

    with injected.app_context():
        run_analysis(QID)
    analyst = injected.test_client()
    sign_in(analyst, make_user(injected, "analyst"))
    for path in (
        "/staff/findings/",
        f"/staff/findings/{QID}",
        f"/staff/findings/{QID}/answers",
        f"/staff/findings/{QID}/quotes",
        f"/staff/findings/{QID}/report",
        f"/staff/findings/{QID}/actions",
    ):
        page = analyst.get(path)
        assert page.status_code == 200, path
        assert_inert(page.get_data(as_text=True), path)
    answers_page = analyst.get(f"/staff/findings/{QID}/answers").get_data(as_text=True)
    assert "&lt;script&gt;" in answers_page or "&lt;img" in answers_page

    for kind in ("findings", "answers"):
        export = analyst.get(f"/staff/findings/{QID}/export/{kind}.csv")
        if export.status_code == 404:
            continue
        body = export.get_data(as_text=True).lstrip("\ufeff")
        for row in csv.reader(io.StringIO(body)):
            for cell in row:
                assert not re.match(r"^[=+\-@\t\r]", cell) or re.fullmatch(
                    r"-?\d+(\.\d+)?", cell
                ), (
                    kind,
                    cell,
                )
        xlsx = analyst.get(f"/staff/findings/{QID}/export/{kind}.xlsx")
        if xlsx.status_code == 200:
            book = openpyxl.load_workbook(io.BytesIO(xlsx.get_data()))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (kind, cell.coordinate, cell.value)

    lead = injected.test_client()
    sign_in(lead, make_user(injected, "safeguarding"))
    with injected.app_context():
        case_ids = db.session.execute(db.select(SafeguardingCase.id)).scalars().all()
    assert case_ids, "the disclosure should have opened a case"
    queue = lead.get("/staff/safeguarding/")
    assert_inert(queue.get_data(as_text=True), "queue")
    for case_id in case_ids:
        page = lead.get(f"/staff/safeguarding/{case_id}")
        assert page.status_code == 200
        assert_inert(page.get_data(as_text=True), f"case {case_id}")
