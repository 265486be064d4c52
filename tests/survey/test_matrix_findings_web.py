"""A matrix's ratings on the findings page and in the findings exports, row by row."""

from __future__ import annotations

import csv
import io
from collections import Counter

import openpyxl
from helpers import make_user, sign_in, text_of

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.workspace.demo import fill
from survey.workspace.models import FindingsSnapshot
from survey.workspace.run import run_analysis

QID = "parent-carers"


def test_each_rated_service_is_counted_shown_and_exported(db_app):
    app = db_app
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 160, seed=11)
        run_analysis(QID)
        data = db.session.execute(db.select(FindingsSnapshot.data)).scalar_one()
        answers = [dict(a) for a in db.session.execute(db.select(Response.answers)).scalars()]
    by_hand: Counter[tuple[str, str]] = Counter(
        (row, rating) for a in answers for row, rating in a.get("services_rating", {}).items()
    )
    rows = {c["row"]: c for c in data["closed"] if c.get("matrix") == "services_rating"}
    assert "none" not in rows and list(rows)[:2] == ["short_breaks", "parent_to_parent"]
    for (row, rating), n in by_hand.items():
        assert rows[row]["counts"][rating] == n
    # Every closed question keeps the questionnaire's order, the matrix's rows among them.
    ids = [c.get("matrix") or c["id"] for c in data["closed"]]
    assert ids.index("services_used") < ids.index("services_rating") < ids.index("needs_met")

    make_user(app, "analyst", "analyst@council.example")
    client = app.test_client()
    sign_in(client, "analyst@council.example")
    html = text_of(client.get(f"/staff/findings/{QID}"))
    assert "How good was each service you used? – Short breaks" in html
    export = client.get(f"/staff/findings/{QID}/export/closed.csv")
    assert export.status_code == 200
    lines = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    ot = [r for r in lines if r["question"].endswith("– Occupational therapy")]
    assert [r["answer"] for r in ot][:3] == ["Very good", "Good", "Neither good nor poor"]
    for r in ot:
        rating = next(k for k, v in rows["ot"]["labels"].items() if v == r["answer"])
        n = by_hand[("ot", rating)]
        if 0 < n < 10:
            assert r["respondents"].startswith("withheld") and r["share_percent"] == ""
        elif not r["respondents"].startswith("withheld"):
            assert int(r["respondents"]) == n
    assert any(0 < by_hand[("ot", v)] < 10 for v in rows["ot"]["labels"]), "no small cell shown"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/findings/{QID}/export/findings.xlsx").data)
    )
    assert "closed questions" in book.sheetnames
    questions = {row[0] for row in book["closed questions"].iter_rows(min_row=2, values_only=True)}
    assert "How good was each service you used? – Occupational therapy" in questions
