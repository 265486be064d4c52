"""The commissioners' workspace end to end: analyse, read, filter, correct, quote, export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from helpers import Respondent, add_case, complete, csrf, make_user, sign_in, text_of

from questionnaires import load_directory
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.staff.models import AuditEntry
from survey.workspace.demo import fill
from survey.workspace.models import AnalysisRecord, FindingsSnapshot, Quote, ThemeCorrection
from survey.workspace.run import _corrections, question_context, run_analysis

QID = "children-8-12"


@pytest.fixture
def analysed(app):
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 150, seed=7)
    result = app.test_cli_runner().invoke(args=["analyse", QID])
    assert result.exit_code == 0, result.output
    return app


def analyst(app):
    client = app.test_client()
    if not app.config.get("ANALYST_MADE"):
        make_user(app, "analyst", "analyst@council.example")
        app.config["ANALYST_MADE"] = True
    sign_in(client, "analyst@council.example")
    return client


def test_demo_command_fills_and_analyses(app):
    result = app.test_cli_runner().invoke(args=["demo", QID, "--responses", "40"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Response.id))).scalar_one() == 40
        snap = db.session.execute(db.select(FindingsSnapshot)).scalar_one()
        assert snap.data["respondents"] == 40 and snap.data["themes"]


def test_analyst_reads_themes_with_counts_shares_and_rights(analysed):
    page = analyst(analysed).get(f"/staff/findings/{QID}")
    html = text_of(page)
    assert page.status_code == 200
    assert "Based on 150 responses" in html
    assert "How are we doing?" in html and "What could we do better?" in html
    assert "Article " in html  # each theme links to the UNCRC articles it bears on
    assert "Level of need" in html and "Prevent" in html  # the bundled frameworks, all shown
    assert "SHANARRI wellbeing indicators" in html and "Every Child Matters outcomes" in html
    assert "No finding is mapped to: Ages and stages." in html
    assert "<svg" in html and 'role="img"' in html  # chart with a text alternative
    with analysed.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
    top = data["themes"][0]
    assert top["respondents"] >= 10 and top["name"] in html


def test_small_numbers_are_withheld_everywhere(analysed):
    with analysed.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
    small = [t for t in data["themes"] if 0 < t["respondents"] < 10]
    assert small, "the demo data should include a small theme"
    client = analyst(analysed)
    html = text_of(client.get(f"/staff/findings/{QID}"))
    assert "withheld (fewer than 10)" in html
    export = client.get(f"/staff/findings/{QID}/export/findings.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    for theme in small:
        row = next(r for r in rows if r["theme"] == theme["name"])
        assert row["respondents"].startswith("withheld")
        assert row["share_percent"] == ""


def test_a_filter_is_refused_when_its_group_size_is_withheld(analysed):
    from survey.workspace.disclosure import release

    with analysed.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
    rel = release(data, 10)
    client = analyst(analysed)
    for group, totals in data["group_totals"].items():
        for value, count in totals.items():
            html = text_of(client.get(f"/staff/findings/{QID}?group={group}:{value}"))
            if rel.base(group, value) is None:
                assert "That group cannot be shown on its own" in html
            else:
                assert "That group cannot be shown on its own" not in html
                assert f"Based on {count} responses." in html  # the group's, not everyone's


def test_browse_from_an_article_to_what_was_said(analysed):
    with analysed.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
    article = data["themes"][0]["mappings"]["uncrc"][0]
    page = analyst(analysed).get(f"/staff/findings/{QID}/framework/uncrc/{article}")
    assert page.status_code == 200
    assert data["themes"][0]["name"] in text_of(page)
    assert analyst(analysed).get(f"/staff/findings/{QID}/framework/uncrc/999").status_code == 404


def test_corrections_are_kept_and_feed_the_next_run(analysed):
    client = analyst(analysed)
    page = client.get(f"/staff/findings/{QID}/answers")
    with analysed.app_context():
        questions = catalogue.all_questionnaires()[QID].questions
        about = {x.id: list(x.themes[:1]) for x in questions}
        record = db.session.execute(
            db.select(AnalysisRecord).where(AnalysisRecord.withheld.is_(False)).limit(1)
        ).scalar_one()
        record_id, response_id, question_id = record.id, record.response_id, record.question_id
    client.post(
        f"/staff/findings/{QID}/answers",
        data={
            "csrf_token": csrf(page.get_data(True)),
            "record": record_id,
            "themes": ["transport", "money"],
        },
    )
    with analysed.app_context():
        (correction,) = db.session.execute(db.select(ThemeCorrection)).scalars().all()
        assert correction.themes == ["transport", "money"]
        # The model learns the correction with the theme of the question it answered, as it
        # themes answers with it: "care" from the question is not taught as the words' own.
        (taught,) = _corrections()
        assert taught["themes"] == ["transport", "money"]
        assert taught["context"] == about[question_id]
        run_analysis(QID)
        again = db.session.execute(
            db.select(AnalysisRecord).where(
                AnalysisRecord.response_id == response_id, AnalysisRecord.question_id == question_id
            )
        ).scalar_one()
        assert again.themes == ["transport", "money"] and again.corrected


def test_quotes_are_redacted_proposed_and_shown_only_when_approved(analysed):
    client = analyst(analysed)
    client.post(
        f"/staff/findings/{QID}/run",
        data={"csrf_token": csrf(client.get(f"/staff/findings/{QID}").get_data(True))},
    )
    with analysed.app_context():
        quotes = db.session.execute(db.select(Quote)).scalars().all()
        assert quotes and all(q.status == "proposed" for q in quotes)
        first = quotes[0]
        quote_id, text = first.id, first.text
    assert text not in text_of(client.get(f"/staff/findings/{QID}"))
    page = client.get(f"/staff/findings/{QID}/quotes")
    client.post(
        f"/staff/findings/{QID}/quotes",
        data={"csrf_token": csrf(page.get_data(True)), "quote": quote_id, "decision": "approved"},
    )
    assert text in text_of(client.get(f"/staff/findings/{QID}"))


def test_flagged_answers_are_withheld_from_findings_quotes_and_exports(app):
    client = app.test_client()
    questionnaire = load_directory()[QID]
    complete(client, questionnaire)
    Respondent(client, QID).send()
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        question_id = next(
            k
            for k, v in response.answers.items()
            if isinstance(v, str) and v.startswith("My answer")
        )
        add_case(
            questionnaire_id=QID,
            question_id=question_id,
            text="x",
            text_digest="x",
            screen_status="flagged",
            draft_code_hash="x",
            response_id=response.id,
        )
        db.session.commit()
        run_analysis(QID)
        record = db.session.execute(
            db.select(AnalysisRecord).where(AnalysisRecord.question_id == question_id)
        ).scalar_one()
        assert record.withheld
    export = analyst(app).get(f"/staff/findings/{QID}/export/responses.csv")
    body = export.get_data(as_text=True)
    assert "withheld - safeguarding" in body
    assert f"My answer to {question_id}" not in body


def test_xlsx_export_neutralises_formulas_and_is_audited(analysed):
    with analysed.app_context():
        response = db.session.execute(db.select(Response).limit(1)).scalar_one()
        question = next(
            q for q in catalogue.all_questionnaires()[QID].questions if q.type == "short_text"
        )
        response.answers = {**response.answers, question.id: '=HYPERLINK("http://x","y")'}
        db.session.commit()
    export = analyst(analysed).get(f"/staff/findings/{QID}/export/responses.xlsx")
    assert export.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(export.data))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)
    with analysed.app_context():
        actions = db.session.execute(db.select(AuditEntry.action, AuditEntry.detail)).all()
        assert ("export", "responses.xlsx") in actions


def test_viewers_see_only_published_findings(analysed):
    viewer = analysed.test_client()
    sign_in(viewer, make_user(analysed, "viewer"))
    assert viewer.get(f"/staff/findings/{QID}").status_code == 404
    client = analyst(analysed)
    page = client.get(f"/staff/findings/{QID}")
    client.post(
        f"/staff/findings/{QID}/publish",
        data={"csrf_token": csrf(page.get_data(True)), "published": "yes"},
    )
    assert viewer.get(f"/staff/findings/{QID}").status_code == 200
    assert viewer.get(f"/staff/findings/{QID}/export/findings.csv").status_code == 404


def test_printable_report(analysed):
    page = analyst(analysed).get(f"/staff/findings/{QID}/report")
    html = text_of(page)
    assert page.status_code == 200
    assert "report.css" in html and "Self-evaluation" in html


def test_you_said_we_did_is_published_in_child_friendly_words(analysed):
    client = analyst(analysed)
    page = client.get(f"/staff/findings/{QID}/actions")
    token = csrf(page.get_data(True))
    client.post(
        f"/staff/findings/{QID}/actions",
        data={
            "csrf_token": token,
            "theme": "play",
            "you_said": "The park needs swings",
            "we_did": "We put new swings in Jubilee Park",
        },
    )
    public = analysed.test_client()
    assert "new swings" not in text_of(public.get(f"/q/{QID}/you-said-we-did"))
    with analysed.app_context():
        from survey.workspace.models import Action

        action_id = db.session.execute(db.select(Action.id)).scalar_one()
    client.post(
        f"/staff/findings/{QID}/actions",
        data={"csrf_token": token, "action": "publish", "id": action_id},
    )
    html = text_of(public.get(f"/q/{QID}/you-said-we-did"))
    assert "We put new swings in Jubilee Park" in html


def test_audiences_side_by_side_on_the_same_themes(analysed):
    with analysed.app_context():
        fill(catalogue.all_questionnaires()["partners"], 60, seed=3)
        run_analysis("partners")
    html = text_of(analyst(analysed).get("/staff/findings/compare"))
    assert "Compare audiences" in html
    titles = [
        str(catalogue_title)
        for catalogue_title in (load_directory()[QID].title, load_directory()["partners"].title)
    ]
    assert all(t in html for t in titles)
    assert "Children" in html and "Partners" in html


def test_large_exports_are_prepared_in_the_background_and_downloaded_once_ready(analysed):
    analysed.config["EXPORT_INLINE_LIMIT"] = 10
    analysed.config["JOBS_MODE"] = "queue"
    client = analyst(analysed)
    queued = client.get(f"/staff/findings/{QID}/export/responses.csv")
    assert queued.status_code == 302 and queued.location.endswith("/exports")
    assert "Being prepared" in text_of(client.get(queued.location))
    with analysed.app_context():
        from survey.serving import jobs

        assert jobs.work(once=True) == 1
    page = text_of(client.get(queued.location))
    marker = f'href="/staff/findings/{QID}/exports/'
    assert marker in page
    link = marker[6:] + page.split(marker)[1].split('"')[0]
    download = client.get(link)
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    download.close()
    assert len(rows) == 150
    with analysed.app_context():
        details = (
            db.session.execute(db.select(AuditEntry.detail).where(AuditEntry.action == "export"))
            .scalars()
            .all()
        )
        assert any(d.startswith("responses.csv (prepared, job ") for d in details)
        from survey.workspace.prepared import remove_old

        assert remove_old(0) == 1  # purge removes prepared files once they are old
    assert client.get(link).status_code == 404


@pytest.fixture
def analysed_on_each(db_app):
    """``analysed`` on each database we support (SQLite and PostgreSQL)."""
    with db_app.app_context():
        fill(catalogue.all_questionnaires()[QID], 150, seed=7)
    result = db_app.test_cli_runner().invoke(args=["analyse", QID])
    assert result.exit_code == 0, result.output
    return db_app


def test_a_prepared_export_is_its_owners_only_for_a_day_and_each_download_audited(
    analysed_on_each,
):
    """Issue 12, item 9: any analyst could download another's export, for as long as it lay."""
    analysed = analysed_on_each
    analysed.config["EXPORT_INLINE_LIMIT"] = 10
    owner = analyst(analysed)
    queued = owner.get(f"/staff/findings/{QID}/export/responses.csv")
    page = text_of(owner.get(queued.location))
    marker = f'href="/staff/findings/{QID}/exports/'
    link = marker[6:] + page.split(marker)[1].split('"')[0]
    for _ in range(2):
        download = owner.get(link)
        assert download.status_code == 200
        download.close()

    make_user(analysed, "analyst", "colleague@council.example")
    colleague = analysed.test_client()
    sign_in(colleague, "colleague@council.example")
    assert colleague.get(link).status_code == 404
    assert marker not in text_of(colleague.get(queued.location))  # not even listed

    with analysed.app_context():
        from survey.serving.models import Job

        job = db.session.execute(db.select(Job)).scalar_one()
        job.finished_at -= dt.timedelta(hours=24, minutes=1)  # EXPORT_KEEP_HOURS, default 24
        db.session.commit()
    assert owner.get(link).status_code == 404  # expired, even before the purge removes it
    assert "Expired" in text_of(owner.get(queued.location))
    with analysed.app_context():
        downloads = db.session.execute(
            db.select(AuditEntry.user_id, AuditEntry.detail).where(AuditEntry.action == "export")
        ).all()
    assert len(downloads) == 2 and all("(prepared, job " in detail for _, detail in downloads)


def test_a_prepared_spreadsheet_holds_every_response(analysed):
    from survey.workspace.prepared import path_for, write_prepared

    with analysed.app_context():
        name = write_prepared({"questionnaire": QID, "kind": "responses", "fmt": "xlsx"})
        workbook = openpyxl.load_workbook(path_for(name), read_only=True)
        rows = list(workbook["responses"].iter_rows(values_only=True))
        workbook.close()  # a read-only workbook keeps its file open until closed
    assert rows[0][:3] == ("response", "submitted_on", "locale")
    assert len(rows) == 151  # a heading and 150 responses
    assert all(isinstance(r[0], int) for r in rows[1:])


def test_a_prepared_export_that_fails_leaves_nothing_to_download(analysed, monkeypatch):
    from survey.workspace import exporting
    from survey.workspace.prepared import folder, write_prepared

    def fails_half_way(q, snap, kind, fmt, configured, out) -> str:
        out.write(b"response,submitted_on\r\n1,2026-11-23\r\n")
        raise OSError("No space left on device")

    monkeypatch.setattr(exporting, "write", fails_half_way)
    with analysed.app_context():
        with pytest.raises(OSError):
            write_prepared({"questionnaire": QID, "kind": "responses", "fmt": "csv"})
        assert list(folder().iterdir()) == []


def test_parent_carer_priorities_by_borda_weighted_and_forums_separately(app):
    with app.app_context():
        fill(catalogue.all_questionnaires()["parent-carers"], 120, seed=5)
        run_analysis("parent-carers")
        data = db.session.execute(db.select(FindingsSnapshot.data)).scalar_one()
    (ranking,) = data["rankings"]
    points = [i["points"] for i in ranking["items"]]
    assert points == sorted(points, reverse=True)  # the overall order is by Borda points
    assert ranking["weighted"] and ranking["separately"]["groups"]
    values = {g["value"] for g in ranking["separately"]["groups"]}
    assert {"myself", "forum"} <= values
    html = text_of(analyst(app).get("/staff/findings/parent-carers"))
    assert "Borda count" in html and "Shown separately:" in html
    assert "On behalf of a parent carer forum" in html


def test_ranking_points_from_fewer_than_ten_people_are_withheld():
    from survey.workspace.presenting import _ranking

    items = [
        {"value": "a", "label": "A", "points": 90, "first": 20, "ranked": 30},
        {"value": "b", "label": "B", "points": 12, "first": 3, "ranked": 4},
    ]
    shown = _ranking(
        {
            "id": "r",
            "text": "T",
            "items": items,
            "weighted": items,
            "separately": {"groups": [{"value": "x", "label": "X", "items": items}]},
        },
        10,
    )
    for listed in (shown["items"], shown["weighted"], shown["separately"][0]["items"]):
        assert [i["points"] for i in listed] == [90, None]
    assert shown["firsts"]["b"] is None


def test_the_command_line_counts_themes_as_the_workspace_does(analysed):
    """One findings engine: the analysed answers the workspace stored, counted by the command
    line's findings, give the snapshot's figures theme by theme."""
    from analysis.codebook import load_codebook
    from analysis.findings import build_findings
    from analysis.stages import ResponseResult

    with analysed.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
        records = db.session.execute(db.select(AnalysisRecord).order_by(AnalysisRecord.id))
        results = [
            ResponseResult(
                id=str(r.id),
                text="",
                themes=list(r.themes),
                subthemes=list(r.subthemes),
                sentiment=r.sentiment,
                safeguarding_flag=r.withheld,
                respondent=str(r.response_id),
            )
            for r in records.scalars()
        ]
    assert any(r.safeguarding_flag for r in results) or data["withheld"] == 0
    findings = build_findings(results, load_codebook("standard"), emerging=False)
    keys = ("id", "respondents", "sentiment", "positive", "negative", "scored", "subthemes")
    assert [{k: t[k] for k in keys} for t in findings.themes] == [
        {k: t[k] for k in keys} for t in data["themes"]
    ]
    assert findings.withheld == data["withheld"] and len(findings.themes) >= 5


def test_a_question_s_first_theme_is_what_its_answers_are_about(analysed):
    with analysed.app_context():
        care = catalogue.all_questionnaires()["care-experienced"]
        assert question_context(care, "contact_better") == ["care"]  # themes: [care, family]
        assert question_context(care, "no-such-question") == []
        assert question_context(None, "contact_better") == []
