"""Parent carer priorities and breakdowns through the web, on SQLite and PostgreSQL.

Reproduces issue 14: a forum's self-reported size was uncapped (one forum claiming 5,000
families outweighed everyone) and the position column followed the unweighted points only;
breakdown columns came in the database's order (PostgreSQL's JSONB sorts keys by length).
Here staff keep a list of forums with verified sizes (audited), the analysis weighs forums by
it, and the findings page shows both orders with a position column each, and a chart.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from helpers import csrf, make_user, sign_in, text_of

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row
from survey.staff.models import AuditEntry
from survey.workspace.disclosure import release
from survey.workspace.models import ParentCarerForum
from survey.workspace.run import latest_snapshot, run_analysis

QID = "parent-carers"
UNWEIGHTED = "Unweighted order: every answer counts once"
WEIGHTED = "Weighted order: forums count for the families they speak for"


class Tables(HTMLParser):
    """Each table's caption and rows of cell texts (header cells included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._cell = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None:
            self._caption = " ".join("".join(self._cell).split())
            self._cell = None
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            name, n = self._caption or "", 2
            while name in self.tables:  # one ranking's tables per question: number repeats
                name, n = f"{self._caption} ({n})", n + 1
            self.tables[name] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def _store(people: list[dict]) -> None:
    q = catalogue.all_questionnaires()[QID]
    version = version_row(q)
    for n, answers in enumerate(people):
        db.session.add(Response(**response_row(q, answers, f"p-{n}", version.id)))
    db.session.commit()


def _carer(order: list[str], **more) -> dict:
    return {"respondent": "myself", "priorities": {"order": order}, **more}


AGES = ["0-4", "5-10", "11-15", "16-18", "19-25"]
DISTRICTS = ["north", "south", "east", "west", "central"]
CARERS = 70


@pytest.fixture
def answered(db_app):
    """70 parent carers put short breaks first (60 say their child's age and district, 12 in
    each); one forum, claiming 5,000 families, puts bereavement support first; 3 people rank
    parent-to-parent support (too few to show)."""
    people = [
        _carer(
            ["short_breaks", "bereavement"] + (["parent_to_parent"] if n < 3 else []),
            child_needs=["autism", "adhd"] if n % 2 else ["sensory"],
            what_missing="The waiting list for a short break is far too long for our family.",
            **({"child_age": AGES[n % 5], "district": DISTRICTS[n % 5]} if n < CARERS - 10 else {}),
        )
        for n in range(CARERS)
    ]
    people.append(
        {
            "respondent": "forum",
            "forum_name": "The Northshire Parent Carer Forum",
            "forum_members": 5000,
            "priorities": {"order": ["bereavement", "short_breaks"]},
        }
    )
    with db_app.app_context():
        _store(people)
        run_analysis(QID)
    return db_app


def _orders(html: str) -> tuple[list[list[str]], list[list[str]]]:
    found = tables(html)
    return found[UNWEIGHTED][1:], found[WEIGHTED][1:]


def test_an_unverified_forum_is_capped_and_both_orders_have_their_own_positions(answered):
    client = answered.test_client()
    sign_in(client, make_user(answered, "analyst"))
    html = text_of(client.get(f"/staff/findings/{QID}"))
    unweighted, weighted = _orders(html)
    assert [row[:2] for row in unweighted[:2]] == [
        ["1", "Short breaks"],
        ["2", "Bereavement support"],
    ]
    # Capped at 50 families, the forum's answer no longer decides the order on its own.
    assert [row[:2] for row in weighted[:2]] == [
        ["1", "Short breaks"],
        ["2", "Bereavement support"],
    ]
    assert weighted[0][2] == f"{CARERS * 11 + 50 * 10:,}"  # 11 points for first place, of 11
    assert "never more than 50" in html
    assert html.count('role="img"') >= 2 and "Priorities, forums weighted" in html


def test_a_verified_forum_weighs_its_verified_size(answered):
    client = answered.test_client()
    sign_in(client, make_user(answered, "analyst"))
    page = client.get("/staff/forums")
    response = client.post(
        "/staff/forums",
        data={
            "csrf_token": csrf(page.get_data(True)),
            "name": "Northshire Parent Carer Forum",
            "other_names": "NPCF\nNorthshire PCF",
            "families": "4,800",
            "day": "3",
            "month": "11",
            "year": "2026",
            "how_verified": "Membership list",
        },
    )
    assert response.status_code == 302
    listing = text_of(client.get("/staff/forums"))
    assert "Northshire Parent Carer Forum" in listing and "4,800" in listing
    assert "3 November 2026" in listing  # the date in en-GB words
    with answered.app_context():
        entry = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action == "forum_added")
        ).scalar_one()
        assert entry.detail == "families=4800 verified_on=2026-11-03"
        run_analysis(QID)
    unweighted, weighted = _orders(text_of(client.get(f"/staff/findings/{QID}")))
    assert unweighted[0][1] == "Short breaks"  # every answer once: unchanged
    assert [row[:2] for row in weighted[:2]] == [
        ["1", "Bereavement support"],
        ["2", "Short breaks"],
    ]
    assert weighted[0][3] == "2"  # its position when every answer counts once
    assert weighted[0][2] == f"{CARERS * 10 + 4800 * 11:,}"


def test_points_from_fewer_than_ten_people_stay_withheld_in_tables_and_charts(answered):
    client = answered.test_client()
    sign_in(client, make_user(answered, "analyst"))
    html = text_of(client.get(f"/staff/findings/{QID}"))
    for rows in _orders(html):
        (row,) = [r for r in rows if r[1] == "Parent-to-parent support"]
        assert row[2] == "withheld (fewer than 10)"
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    ranking = [c for c in charts if re.search(r"<title[^>]*>Priorities, ", c)]
    assert len(ranking) == 2
    for chart in ranking:
        (desc,) = re.findall(r'<desc id="[^"]+">([^<]*)</desc>', chart)  # its text alternative
        assert "Parent-to-parent support: withheld (fewer than 10)" in desc
        assert re.search(r"Short breaks: [\d,]+ points", desc)
        # no bar and no number for the withheld item
        after = chart.split("Parent-to-parent support</text>", 1)[1].split("<text", 3)
        assert "withheld (fewer than 10)" in after[1] and "points" not in after[1]


def test_breakdowns_follow_the_questionnaire_on_every_database(answered):
    client = answered.test_client()
    sign_in(client, make_user(answered, "analyst"))
    html = text_of(client.get(f"/staff/findings/{QID}"))
    found = tables(html)
    ages = found["How old is your child?"]
    assert ages[0][1:] == ["0 to 4", "5 to 10", "11 to 15", "16 to 18", "19 to 25", "Not answered"]
    assert ages[1][0] == "People in the group" and ages[1][1] == "12"
    needs = found["Which of these describe your child's needs?"][0][1:]
    assert needs == ["Autism", "ADHD", "Hearing or sight loss", "Not answered"]
    districts = found["Which part of the county do you live in?"][0][1:]
    assert districts == ["North", "East", "South", "West", "Central", "Not answered"]
    # The district is offered first among the filters, then every closed question as asked.
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    with answered.app_context():
        data = latest_snapshot(QID).data
        q = catalogue.all_questionnaires()[QID]
    rel = release(data, 10)
    offered = [
        str(x.text)
        for x in q.questions
        if x.kind.tally == "closed" and any(rel.base(x.id, v) for v in rel.groups[x.id])
    ]
    district = "Which part of the county do you live in?"
    assert groups == [district, *(text for text in offered if text != district)]
    assert "Is your child waiting for any of these now?" in groups  # not a breakdown question
    # 70 for themselves and 1 forum: the forum's 1 is small, so both are withheld.
    assert "Are you answering for yourself or on behalf of a parent carer forum?" not in groups
    filtered = text_of(client.get(f"/staff/findings/{QID}?group=district:north"))
    assert "Based on 12 responses." in filtered


def test_the_forum_list_keeps_what_was_typed_and_says_what_is_wrong(db_app):
    client = db_app.test_client()
    sign_in(client, make_user(db_app, "admin"))
    page = client.get("/staff/forums")
    token = csrf(page.get_data(True))
    bad = client.post(
        "/staff/forums",
        data={
            "csrf_token": token,
            "name": "  ",
            "other_names": "Hillcrest Voice",
            "families": "lots",
            "day": "31",
            "month": "2",
            "year": "2026",
            "how_verified": "Rang them",
        },
    )
    html = text_of(bad)
    assert bad.status_code == 400
    assert "<title>Error: " in html and "There is a problem" in html
    for field, message in (
        ("name", "Enter the forum's name."),
        ("families", "Enter the number of families as a whole number from 1 to 1,000,000."),
        ("day", "Enter the date the size was verified, for example 3 12 2026."),
    ):
        assert f'<a href="#{field}">{message}</a>' in html
        assert f'id="{field}-error"' in html
    assert 'value="lots"' in html and "Hillcrest Voice</textarea>" in html
    assert 'value="Rang them"' in html and 'value="31"' in html
    good = {
        "csrf_token": token,
        "name": "Hillcrest Voice",
        "other_names": "",
        "families": "120",
        "day": "1",
        "month": "6",
        "year": "2026",
        "how_verified": "",
    }
    assert client.post("/staff/forums", data=good).status_code == 302
    again = client.post(
        "/staff/forums", data=good | {"name": "Westmere", "other_names": "HILLCREST voice."}
    )
    assert again.status_code == 400 and "already another forum" in text_of(again)
    with db_app.app_context():
        forum = db.session.execute(db.select(ParentCarerForum)).scalar_one()
        forum_id = forum.id
        assert (forum.name, forum.key, forum.families) == (
            "Hillcrest Voice",
            "hillcrest voice",
            120,
        )
    edit = client.get(f"/staff/forums/{forum_id}")
    assert 'value="120"' in text_of(edit)
    changed = client.post(
        f"/staff/forums/{forum_id}", data=good | {"families": "150", "action": "save"}
    )
    assert changed.status_code == 302
    removed = client.post(
        f"/staff/forums/{forum_id}", data={"csrf_token": token, "action": "remove"}
    )
    assert removed.status_code == 302
    with db_app.app_context():
        assert db.session.execute(db.select(ParentCarerForum)).first() is None
        log = [
            (e.action, e.detail)
            for e in db.session.execute(
                db.select(AuditEntry)
                .where(AuditEntry.target == f"forum:{forum_id}")
                .order_by(AuditEntry.id)
            ).scalars()
        ]
    assert log == [
        ("forum_added", "families=120 verified_on=2026-06-01"),
        (
            "forum_changed",
            "families=120 verified_on=2026-06-01 -> families=150 verified_on=2026-06-01",
        ),
        ("forum_removed", "was 'Hillcrest Voice'"),
    ]


def test_a_future_verification_date_is_refused(app):
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))
    token = csrf(client.get("/staff/forums").get_data(True))
    response = client.post(
        "/staff/forums",
        data={
            "csrf_token": token,
            "name": "Future Forum",
            "families": "10",
            "day": "1",
            "month": "1",
            "year": "2999",
        },
    )
    assert response.status_code == 400
    assert "must be today or in the past" in text_of(response)
    huge = client.post(
        "/staff/forums",
        data={
            "csrf_token": token,
            "name": "F",
            "families": "10",
            "day": "1",
            "month": "1",
            "year": "9" * 40,
        },
    )
    assert huge.status_code == 400  # a year no calendar holds is a clear error, not a crash
    for families in ("²", "9" * 5000, "0", "-4", "1.5"):
        odd = client.post(
            "/staff/forums",
            data={
                "csrf_token": token,
                "name": "F",
                "families": families,
                "day": "1",
                "month": "1",
                "year": "2026",
            },
        )
        assert odd.status_code == 400 and "whole number from 1 to" in text_of(odd), families


def test_the_findings_export_holds_the_priorities_as_the_page_shows_them(answered):
    client = answered.test_client()
    sign_in(client, make_user(answered, "analyst"))
    html = text_of(client.get(f"/staff/findings/{QID}"))
    export = client.get(f"/staff/findings/{QID}/export/findings.csv")
    table = csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff")))
    rows = [r for r in table if r["section"] == "priority"]

    def order(name: str) -> list[dict]:
        return [r for r in rows if r["order"] == name]

    for name, shown in zip(("unweighted", "weighted"), _orders(html), strict=True):
        assert [[r["position"], r["answer"]] for r in order(name)] == [s[:2] for s in shown]
        for r, s in zip(order(name), shown, strict=True):
            assert r["points"] == s[2].replace(",", "")  # withheld alike, and the same words
    for r, s in zip(order("unweighted"), _orders(html)[0], strict=True):
        assert r["put_first"] == s[3].replace(",", "")
    (few,) = [r for r in order("unweighted") if r["answer"] == "Parent-to-parent support"]
    assert few["points"] == "withheld (fewer than 10)"
    apart = [c for c in tables(html) if c.startswith("Shown separately:")]
    assert {r["order"] for r in rows if r["order"].startswith("shown separately")} == {
        f"shown separately: {c.split(':', 1)[1].strip()}" for c in apart
    }
