"""Dates as a UK reader reads them, on every staff page and in exports (survey/dates.py).

Reproduces issue 14: the workspace showed "12/3/26" and "Dec 3, 2026", Babel's plain "en"
(American) formats. Every staff page that shows a date is fetched, signed in as each role
that reaches it, and none may hold an American date; the English pages hold en-GB ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from helpers import add_case, make_user, sign_in, text_of

from survey import catalogue
from survey.dates import when
from survey.db import db
from survey.serving import jobs
from survey.workspace.demo import fill
from survey.workspace.models import ParentCarerForum
from survey.workspace.run import run_analysis

QID = "children-8-12"
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
US_STYLE = [
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),  # 12/3/26
    re.compile(rf"\b(?:{MONTHS})[a-z]* \d{{1,2}}, \d{{4}}\b"),  # Dec 3, 2026
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s?[AP]M\b"),  # 2:05 PM
]
EN_GB = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})[a-z]* \d{{4}}\b")  # 3 Dec 2026, 3 December 2026


def test_english_is_en_gb_and_other_languages_their_own(app):
    winter = dt.datetime(2026, 12, 3, 14, 5)  # stored in UTC; GMT in December
    summer = dt.datetime(2026, 7, 3, 13, 5)  # 14:05 on a London clock (BST)
    with app.test_request_context():
        assert when(winter, "date", "en") == "3 December 2026"
        assert when(winter, "datetime", "en") == "3 Dec 2026, 14:05"
        assert when(winter, "long", "en") == "3 December 2026, 14:05"
        assert when(summer, "datetime", "en") == "3 Jul 2026, 14:05"
        assert when(dt.date(2026, 12, 3), "datetime", "en") == "3 December 2026"  # a day only
        assert "Rhagfyr" in when(winter, "date", "cy")
        assert when(winter, "date", "pl") == "3 grudnia 2026"
        assert when(None) == ""
        with pytest.raises(ValueError, match="unknown date style"):
            when(winter, "american")
    # A script without the app: the same words, in UTC.
    assert when(winter, "datetime", "en") == "3 Dec 2026, 14:05"


def test_the_page_language_decides_when_none_is_given(app):
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        assert when(dt.date(2026, 12, 3), "date") == "3 grudnia 2026"
    with app.test_request_context():
        assert when(dt.date(2026, 12, 3), "date") == "3 December 2026"


@pytest.fixture
def busy(app):
    """Findings, an export, a forum, a safeguarding case and audit entries: every kind of date."""
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 40, seed=2)
        run_analysis(QID)
        jobs.enqueue(
            "export", {"questionnaire": QID, "kind": "responses", "fmt": "csv", "owner": 1}
        )
        db.session.add(
            ParentCarerForum(
                name="Hillcrest Voice",
                key="hillcrest voice",
                families=80,
                verified_on=dt.date(2026, 3, 12),
            )
        )
        add_case(acknowledged_at=dt.datetime(2026, 3, 12, 9, 30))
        db.session.commit()
    return app


PAGES = {
    "analyst": [
        "/staff/findings/",
        f"/staff/findings/{QID}",
        f"/staff/findings/{QID}/report",
        f"/staff/findings/{QID}/exports",
        "/staff/forums",
    ],
    "admin": ["/staff/audit", "/staff/forums"],
    "safeguarding": ["/staff/safeguarding/", "/staff/safeguarding/1"],
}


def test_no_staff_page_shows_an_american_date(busy):
    seen = 0
    for role, pages in PAGES.items():
        client = busy.test_client()
        sign_in(client, make_user(busy, role))  # the analyst is user 1: the export is theirs
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (role, path)
            html = text_of(response)
            for pattern in US_STYLE:
                assert not pattern.search(html), (path, pattern.search(html).group(0))
            dates = EN_GB.findall(html)
            assert dates, f"{path} shows no date"
            seen += len(dates)
    assert seen >= 10
    forums = text_of(client_for(busy, "admin").get("/staff/forums"))
    assert "12 March 2026" in forums


def client_for(app, role: str):
    client = app.test_client()
    sign_in(client, f"{role}@council.example")
    return client


def test_welsh_pages_show_welsh_dates(busy):
    client = busy.test_client()
    sign_in(client, make_user(busy, "admin"))
    client.get("/staff/forums?lang=cy")
    html = text_of(client.get("/staff/forums"))
    assert "12 Mawrth 2026" in html


def test_exports_give_dates_in_en_gb(busy):
    client = busy.test_client()
    sign_in(client, make_user(busy, "analyst"))
    today = dt.datetime.now(dt.UTC).date()
    body = client.get(f"/staff/findings/{QID}/export/responses.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert {r["submitted_on"] for r in rows} == {f"{today.day} {today:%B %Y}"}
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/findings/{QID}/export/responses.xlsx").data)
    )
    sheet = book.active
    column = [c.value for c in sheet[1]].index("submitted_on")
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.is_date and cell.value.date() == today  # a real date, so it sorts
    assert cell.number_format == "d mmmm yyyy"  # shown "3 December 2026"
