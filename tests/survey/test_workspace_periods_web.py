"""Fieldwork periods through the web, on SQLite and PostgreSQL.

Reproduces issue 14: waves followed the YAML ``version:`` number, so an unchanged annual
survey could not be compared year on year, and a wording edit pooled answers silently. Here
staff set the periods (audited), the analysis counts each period, and the findings page and
export show "Change since <period>" with each change tested and changed wording flagged.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re

from helpers import csrf, make_user, sign_in, text_of
from openpyxl import load_workbook

from survey import catalogue
from survey.db import db
from survey.models import QuestionnaireVersion, Response
from survey.respond.submit import digest, version_row
from survey.staff.models import AuditEntry
from survey.workspace.models import FieldworkPeriod
from survey.workspace.run import run_analysis

QID = "parent-carers"
TEXT = "The waiting list for a short break is far too long for our family."


def _old_version() -> QuestionnaireVersion:
    """Last year's file: the same ``version:`` number, one question in other words."""
    q = catalogue.all_questionnaires()[QID]
    definition = copy.deepcopy(dict(q.raw))
    for page in definition["pages"]:
        for question in page["questions"]:
            if question["id"] == "child_needs":
                question["text"] = "What needs does your child have?"
    row = QuestionnaireVersion(
        questionnaire_id=QID, version=q.version, content_hash="last-year", definition=definition
    )
    db.session.add(row)
    db.session.flush()
    return row


def _store(version_id: int, day: dt.date, needs: list[list[str]], start: int) -> None:
    for n, chosen in enumerate(needs, start=start):
        answers = {"respondent": "myself", "child_needs": chosen, "what_missing": TEXT}
        db.session.add(
            Response(
                submission_token=f"w-{n}",
                answers_digest=digest(answers),
                questionnaire_id=QID,
                version_id=version_id,
                audience="parent_carers",
                locale="en",
                answers=answers,
                submitted_on=day,
            )
        )


def _period(name: str, starts: dt.date, ends: dt.date) -> None:
    db.session.add(FieldworkPeriod(questionnaire_id=QID, name=name, starts_on=starts, ends_on=ends))


def test_findings_compare_fieldwork_periods_not_versions(db_app):
    """Autumn 2025: 60 carers, 20 say autism (33.3%). Autumn 2026: 60, 40 say autism (66.7%).
    z = 0.333 / sqrt(0.5 * 0.5 * 2/60) = 3.65: significant. Both asked under version 1."""
    with db_app.app_context():
        old = _old_version()
        new = version_row(catalogue.all_questionnaires()[QID])
        assert old.version == new.version  # the YAML number never moved
        _store(old.id, dt.date(2025, 10, 20), [["autism"]] * 20 + [["sensory"]] * 40, 0)
        _store(new.id, dt.date(2026, 11, 3), [["autism"]] * 40 + [["sensory"]] * 20, 100)
        _period("Autumn 2025", dt.date(2025, 10, 1), dt.date(2025, 11, 30))
        _period("Autumn 2026", dt.date(2026, 10, 1), dt.date(2026, 11, 30))
        db.session.commit()
        run_analysis(QID)
    client = db_app.test_client()
    sign_in(client, make_user(db_app, "analyst"))
    html = text_of(client.get(f"/staff/findings/{QID}"))
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())  # the words, as read
    assert "Change since Autumn 2025" in page
    assert "two-proportion z-test at the 95% level" in page
    assert "1 October 2025 to 30 November 2025" in page  # en-GB dates
    assert "Wording changed: compare with care." in page  # child_needs, reworded
    needs = page.split("Share of those who answered choosing each option, by period: Which")[1]
    assert "Autism 33.3% 66.7% rose by 33.3 points Yes" in needs
    assert "Hearing or sight loss 66.7% 33.3% fell by 33.3 points Yes" in needs
    assert "withheld (fewer than 10 on one side)" in needs  # options no one chose

    exported = client.get(f"/staff/findings/{QID}/export/change.csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["answer_or_theme"] == "Autism")
    assert (row["earlier_percent"], row["later_percent"], row["significant_95"]) == (
        "33.3",
        "66.7",
        "yes",
    )
    assert row["wording_changed"] == "yes" and row["earlier_period"] == "Autumn 2025"
    assert "z-test" in row["method"]
    xlsx = client.get(f"/staff/findings/{QID}/export/findings.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
    assert book.sheetnames[0] == "findings"
    assert "closed questions" in book.sheetnames  # a matrix's rows among them
    assert book.sheetnames[-1] == "change"  # the change, a sheet of its own
    heading, *cells = list(book["change"].iter_rows(values_only=True))
    assert any(c[heading.index("answer_or_theme")] == "Autism" for c in cells)


def test_staff_set_periods_with_clear_errors_and_an_audit_trail(db_app):
    client = db_app.test_client()
    sign_in(client, make_user(db_app, "admin"))
    page = client.get(f"/staff/findings/{QID}/periods")
    assert page.status_code == 200
    token = csrf(page.get_data(as_text=True))
    typed = {
        "csrf_token": token,
        "name": "Autumn 2026",
        "start_day": "1",
        "start_month": "10",
        "start_year": "2026",
        "end_day": "15",
        "end_month": "9",
        "end_year": "2026",
    }
    bad = client.post(f"/staff/findings/{QID}/periods", data=typed)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "<title>Error:" in html
    assert "The end date must be the same as or after the start date." in html
    assert 'aria-describedby="end-hint end_day-error"' in html
    assert 'value="Autumn 2026"' in html  # everything typed is kept
    good = typed | {"end_day": "30", "end_month": "11"}
    assert client.post(f"/staff/findings/{QID}/periods", data=good).status_code == 302
    clash = typed | {"name": "Late autumn", "start_month": "11", "end_month": "12"}
    overlap = client.post(f"/staff/findings/{QID}/periods", data=clash)
    assert overlap.status_code == 400 and "These dates overlap Autumn 2026" in text_of(overlap)
    empty = client.post(f"/staff/findings/{QID}/periods", data={"csrf_token": token})
    assert "Enter a name for the period" in text_of(empty)
    assert "Enter the date the period starts" in text_of(empty)
    listing = re.sub(r"<[^>]+>", " ", client.get(f"/staff/findings/{QID}/periods").get_data(True))
    listing = " ".join(listing.split())
    assert "Autumn 2026 1 October 2026 30 November 2026" in listing
    with db_app.app_context():
        period = db.session.execute(db.select(FieldworkPeriod)).scalar_one()
        period_id = period.id
    edit = good | {"name": "Autumn term 2026", "end_day": "15", "end_month": "12"}
    assert client.post(f"/staff/findings/{QID}/periods/{period_id}", data=edit).status_code == 302
    remove = {"csrf_token": token, "action": "remove"}
    assert client.post(f"/staff/findings/{QID}/periods/{period_id}", data=remove).status_code == 302
    with db_app.app_context():
        assert db.session.execute(db.select(FieldworkPeriod)).first() is None
        audit = db.session.execute(
            db.select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.like("period_%"))
            .order_by(AuditEntry.id)
        ).all()
    assert [a for a, _ in audit] == ["period_added", "period_changed", "period_removed"]
    assert audit[1][1] == "2026-10-01..2026-11-30 -> 2026-10-01..2026-12-15"
    other = client.get(f"/staff/findings/children-8-12/periods/{period_id}")
    assert other.status_code == 404
