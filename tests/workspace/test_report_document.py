"""The cabinet report: one command makes a PDF and a Word file from a bundled questionnaire's
findings, and both hold what a council publishes and nothing suppression withholds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from docx import Document as WordDocument
from helpers import PG_URL, close_app, make_app, make_user, sign_in
from pypdf import PdfReader

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row
from survey.staff.models import AuditEntry
from survey.workspace import reporting
from survey.workspace.demo import fill
from survey.workspace.models import Action, FieldworkPeriod, FindingsSnapshot, Quote
from survey.workspace.presenting import propose_quotes
from survey.workspace.report_content import Source
from survey.workspace.report_document import build, worth_printing
from survey.workspace.report_model import Heading, Table

QID = "children-8-12"
PLANTED = "zanzibar_ward"  # an age band nobody else gives: a group of 3, under the threshold
TYPED = "The buses to the youth club stop running far too early in the evening"
PAGE = re.compile(r"Page (\d+) of (\d+)")


def _typed(q, answers: dict, n: int, tag: str) -> None:
    version = version_row(q)
    for i in range(n):
        db.session.add(Response(**response_row(q, answers, f"typed-{tag}-{i}", version.id)))
    db.session.commit()


def _two_periods(qid: str) -> None:
    """Spring and autumn fieldwork, every other response sent in each."""
    ids = db.session.execute(db.select(Response.id).order_by(Response.id)).scalars().all()
    for n, rid in enumerate(ids):
        day = dt.date(2026, 3, 10) if n % 2 else dt.date(2026, 10, 10)
        db.session.execute(db.update(Response).where(Response.id == rid).values(submitted_on=day))
    for name, starts, ends in (("Spring 2026", (3, 1), (5, 31)), ("Autumn 2026", (9, 1), (11, 30))):
        db.session.add(
            FieldworkPeriod(
                questionnaire_id=qid,
                name=name,
                starts_on=dt.date(2026, *starts),
                ends_on=dt.date(2026, *ends),
            )
        )
    db.session.commit()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def reported(request, tmp_path_factory):
    """Demo responses plus typed ones, analysed, one quote approved and one action published,
    then the report made by the command: (app, pdf text per page, docx, the docx's text)."""
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need it")
    tmp = tmp_path_factory.mktemp(request.param)
    app, schema = make_app(tmp, request.param)
    with app.app_context():
        q = catalogue.all_questionnaires()[QID]
        fill(q, 150, seed=7)
        _typed(q, {"take_part": True, "change_one_thing": TYPED}, 3, "text")
        _typed(q, {"take_part": True, "age": PLANTED}, 3, "small")
        _two_periods(q.id)
    result = app.test_cli_runner().invoke(args=["analyse", QID])
    assert result.exit_code == 0, result.output
    with app.app_context():
        data = db.session.execute(db.select(FindingsSnapshot.data)).scalar_one()
        assert data["group_totals"]["age"][PLANTED] == 3  # counted, to be withheld
        propose_quotes(QID, None)
        quote = db.session.execute(db.select(Quote).order_by(Quote.id).limit(1)).scalar_one()
        quote.status = "approved"
        db.session.add(
            Action(
                questionnaire_id=QID,
                theme="play",
                you_said="More places to play",
                we_did="Opened two play streets",
                published=True,
            )
        )
        db.session.commit()
        quoted = quote.text
        title = str(q.title)
    pdf, docx = tmp / "report.pdf", tmp / "report.docx"
    result = app.test_cli_runner().invoke(
        args=["report", QID, "--pdf", str(pdf), "--docx", str(docx)]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    word = WordDocument(str(docx))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    word_text = "\n".join([p.text for p in word.paragraphs] + cells)
    yield {
        "app": app,
        "pages": pages,
        "catalog": reader.trailer["/Root"],
        "word": word,
        "word_text": word_text,
        "quote": quoted,
        "title": title,
    }
    close_app(app, schema)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_has_numbered_pages_and_none_is_blank(reported):
    pages = reported["pages"]
    assert len(pages) > 1
    for n, text in enumerate(pages, start=1):
        assert PAGE.search(text), f"page {n} has no page number"
        assert PAGE.search(text).groups() == (str(n), str(len(pages)))
        body = PAGE.sub("", text).replace(reported["title"], "")
        assert len(body.split()) >= 5, f"page {n} is blank: {text!r}"


def test_the_pdf_is_tagged_for_screen_readers(reported):
    catalog = reported["catalog"]
    assert "/StructTreeRoot" in catalog  # headings, tables and reading order are tagged
    assert catalog["/Lang"] == "en"


def test_the_pdf_opens_with_a_contents_list_and_a_plain_summary(reported):
    pages = reported["pages"]
    contents = next(p for p in pages if p.lstrip().startswith("Contents"))
    listed = dict(re.findall(r"^(\S.*?)\s*\.{3,}\s*(\d+)$", contents, re.M))
    assert {"Summary", "Method and limits", "You said, we did", "Change since Spring 2026"} <= set(
        listed
    )
    summary_page = int(listed["Summary"])
    assert pages[summary_page - 1].lstrip().startswith("Summary")  # the number is right
    summary = _flat(pages[summary_page - 1])
    assert "children answered" in summary and "What people said most often" in summary
    assert re.search(r"\d+(\.\d)?% \(\d+ of 156\)", summary), summary  # shares, of everyone
    assert "Spring 2026, 1 March 2026 to 31 May 2026" in summary  # fieldwork, en-GB dates
    assert "What has changed since the last fieldwork period" in summary


def test_the_report_holds_the_quote_action_and_en_gb_dates(reported):
    text = _flat("\n".join(reported["pages"]))
    assert _flat(reported["quote"])[:60] in text
    assert "More places to play" in text and "Opened two play streets" in text
    assert re.search(r"Report made \d{1,2} [A-Z][a-z]+ \d{4}", text)  # 6 December 2026
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text)


def test_a_group_under_the_threshold_is_in_neither_file(reported):
    pdf = _flat("\n".join(reported["pages"])).lower()
    word = reported["word_text"].lower()
    for text in (pdf, word):
        assert "zanzibar" not in text
        assert "withheld (fewer than" not in text  # a line says what was left out, not rows
    assert "not shown" in pdf and "not shown" in word


def test_the_word_copy_has_real_headings_tables_and_page_numbers(reported):
    word = reported["word"]
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Contents", "Summary"]
    assert "Method and limits" in headings
    assert word.tables
    footer = word.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and " PAGE " in footer
    assert "TOC" in word.element.body.xml


def test_frameworks_are_whatever_the_findings_view_gives(reported):
    """A council's own framework, named in its own file, is printed without a change of code."""
    app = reported["app"]
    with app.app_context(), app.test_request_context():
        inputs = reporting.inputs_for(QID)
        theme = next(t for t in inputs.main.view["themes"] if t["n"] is not None)
        need = {"id": "need", "name": "Need", "kind": "levels", "items": [{"id": "prevent"}]}
        view = {**inputs.main.view, "themes": [{**theme, "frameworks": [need]}]}
        main = Source(inputs.main.title, inputs.main.audience, view)
        doc = build(dataclasses.replace(inputs, main=main))
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "Need" in headings
    tables = [b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Article or outcome"]
    assert [row[0] for t in tables for row in t.rows] == ["prevent"]
    assert "UNCRC" not in headings  # nothing printed that the view did not give


def test_a_welsh_report_is_in_welsh_with_welsh_dates(reported, tmp_path):
    out = tmp_path / "adroddiad.pdf"
    result = (
        reported["app"]
        .test_cli_runner()
        .invoke(args=["report", QID, "--language", "cy", "--pdf", str(out)])
    )
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert re.search(rf"Tudalen 1 o {len(pages)}\b", pages[0])
    text = _flat("\n".join(pages))
    assert "Crynodeb" in text and "Summary" not in text
    assert "1 Mawrth 2026" in text  # the spring period's first day, in Welsh


def test_emerging_themes_print_only_as_phrases_that_mean_something():
    assert not worth_printing("nothing")
    assert not worth_printing("dog")
    assert not worth_printing("nothing really")
    assert worth_printing("youth club")


def test_the_command_says_which_command_to_run_first(app):
    result = app.test_cli_runner().invoke(args=["report", "partners", "--pdf", "x.pdf"])
    assert result.exit_code != 0
    assert "flask --app app analyse partners" in result.output
    result = app.test_cli_runner().invoke(args=["report", QID])
    assert result.exit_code != 0 and "--pdf" in result.output


def test_download_refuses_anonymous_and_serves_a_signed_in_reader(app):
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 30, seed=2)
    assert app.test_cli_runner().invoke(args=["analyse", QID]).exit_code == 0
    anonymous = app.test_client().get(f"/staff/findings/{QID}/report.pdf")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.location
    client = app.test_client()
    sign_in(client, make_user(app, "viewer"))
    assert client.get(f"/staff/findings/{QID}/report.pdf").status_code == 404  # unpublished
    with app.app_context():
        db.session.execute(db.update(FindingsSnapshot).values(published=True))
        db.session.commit()
    pdf = client.get(f"/staff/findings/{QID}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == f'attachment; filename="{QID}-report.pdf"'
    docx = client.get(f"/staff/findings/{QID}/report.docx")
    assert docx.status_code == 200
    assert WordDocument(io.BytesIO(docx.data)).paragraphs
    with app.app_context():
        details = db.session.execute(db.select(AuditEntry.detail)).scalars().all()
    assert "report.pdf" in details and "report.docx" in details
