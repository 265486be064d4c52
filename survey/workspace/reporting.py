"""Making the printed report: choosing the findings, and ``flask --app app report``.

The findings come from :func:`presenting.findings_view`, as on the findings page, so the PDF,
the Word copy and the screen show the same numbers and withhold the same ones. A viewer's
report is made from published findings only, an analyst's (and the command's) from the
latest run, as on the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from questionnaires.errors import did_you_mean
from survey import catalogue
from survey.config import SUPPORTED_LOCALES
from survey.db import db
from survey.models import Response
from survey.workspace import presenting, report_docx, report_pdf
from survey.workspace.models import Action, FindingsSnapshot
from survey.workspace.report_content import ReportInputs, Source
from survey.workspace.report_document import build
from survey.workspace.report_model import Document
from survey.workspace.run import latest_snapshot, published_snapshot
from survey.workspace.setup import AUDIENCE_NAMES

FORMATS = ("pdf", "docx")


class NoFindings(LookupError):
    """The questionnaire has no analysis (or none published) to report on."""


def _snapshot(qid: str, published_only: bool) -> FindingsSnapshot | None:
    return published_snapshot(qid) if published_only else latest_snapshot(qid)


def _view(snap: FindingsSnapshot) -> dict:
    return presenting.findings_view(snap.data, {}, current_app.config.get("SUPPRESSION_THRESHOLD"))


def _received(qid: str) -> tuple[dt.date, dt.date] | None:
    first, last = db.session.execute(
        db.select(db.func.min(Response.submitted_on), db.func.max(Response.submitted_on)).where(
            Response.questionnaire_id == qid, Response.quarantine == ""
        )
    ).one()
    return (first, last) if first and last else None


def inputs_for(qid: str, published_only: bool = False) -> ReportInputs:
    """Everything the report on ``qid`` is made from; NoFindings when there is nothing yet."""
    questionnaires = catalogue.all_questionnaires()
    q = questionnaires[qid]
    language = str(get_locale() or "en")  # titles in the report's language, where translated
    snap = _snapshot(qid, published_only)
    if snap is None:
        raise NoFindings(qid)
    others = []
    for other in questionnaires.values():
        other_snap = _snapshot(other.id, published_only) if other.id != qid else None
        if other_snap is not None:
            others.append(Source(other.title.get(language), other.audience, _view(other_snap)))
    periods = [
        (p["name"], dt.date.fromisoformat(p["starts_on"]), dt.date.fromisoformat(p["ends_on"]))
        for p in snap.data.get("periods", [])
        if p.get("respondents")
    ]
    actions = db.session.execute(
        db.select(Action.you_said, Action.we_did)
        .where(Action.questionnaire_id == qid, Action.published.is_(True))
        .order_by(Action.id)
    ).all()
    return ReportInputs(
        main=Source(q.title.get(language), q.audience, _view(snap)),
        made=dt.datetime.now(dt.UTC),
        analysed=snap.created_at,
        council=current_app.config.get("COUNCIL_NAME", ""),
        periods=periods,
        received=_received(qid),
        quotes={
            theme: [quote.text for quote in quotes]
            for theme, quotes in presenting.approved_quotes(qid).items()
        },
        actions=[(a.you_said, a.we_did) for a in actions],
        others=others,
        audience_names=AUDIENCE_NAMES,
    )


def document(qid: str, published_only: bool = False) -> Document:
    doc = build(inputs_for(qid, published_only))
    doc.language = str(get_locale() or "en")
    return doc


def render(doc: Document, fmt: str) -> bytes:
    """The document as a PDF or a Word file."""
    footer = _("Page %(page)s of %(pages)s", page=report_pdf.MARK, pages=report_pdf.MARK)
    if fmt == "pdf":
        return report_pdf.to_pdf(doc, footer)
    if fmt == "docx":
        return report_docx.to_docx(doc, footer)
    raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")


@click.command("report")
@with_appcontext
@click.argument("questionnaire")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), help="PDF to write.")
@click.option(
    "--docx", "docx", type=click.Path(dir_okay=False, path_type=Path), help="Word file to write."
)
@click.option("--published", is_flag=True, help="Report the published findings, as viewers see.")
@click.option(
    "--language",
    default="en",
    show_default=True,
    type=click.Choice(SUPPORTED_LOCALES),
    help="The language of the report's own words (a Welsh council publishes in Welsh too).",
)
def report_command(
    questionnaire: str, pdf: Path | None, docx: Path | None, published: bool, language: str
) -> None:
    """Write a questionnaire's findings report as a PDF and/or an editable Word file."""
    if not pdf and not docx:
        raise click.UsageError("say what to write: --pdf FILE, --docx FILE, or both")
    with force_locale(language):
        _write(questionnaire, pdf, docx, published)


def _write(questionnaire: str, pdf: Path | None, docx: Path | None, published: bool) -> None:
    known = catalogue.all_questionnaires()
    if questionnaire not in known:
        hint = did_you_mean(questionnaire, known) or "run 'questionnaires list' to see them"
        raise click.ClickException(f"no questionnaire '{questionnaire}': {hint}")
    try:
        doc = document(questionnaire, published)
    except NoFindings:
        what = "published findings" if published else "analysis"
        raise click.ClickException(
            f"{questionnaire} has no {what} to report on yet: run "
            f"'flask --app app analyse {questionnaire}' first"
            + (" and publish the findings" if published else "")
        ) from None
    for path, fmt in ((pdf, "pdf"), (docx, "docx")):
        if path:
            path.write_bytes(render(doc, fmt))
            click.echo(f"wrote {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(report_command)
