"""The report as a PDF or Word download, for those who may read the HTML report.

Same readers and same findings as ``/findings/<qid>/report``: a viewer gets the published
findings, an analyst the latest run. Every download is audited like an export.
"""

from __future__ import annotations

from flask import abort, current_app

from survey import catalogue
from survey.db import db
from survey.staff import auth
from survey.workspace import bp, reporting

READERS = ("analyst", "viewer")
REPORT_MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@bp.get("/findings/<qid>/report.pdf")
@auth.require(*READERS)
def report_pdf(qid: str):
    return _download(qid, "pdf")


@bp.get("/findings/<qid>/report.docx")
@auth.require(*READERS)
def report_docx(qid: str):
    return _download(qid, "docx")


def _download(qid: str, fmt: str):
    if qid not in catalogue.all_questionnaires():
        abort(404)
    try:
        doc = reporting.document(qid, published_only=auth.current_user().role == "viewer")
    except reporting.NoFindings:
        abort(404)
    body = reporting.render(doc, fmt)
    auth.audit("export", target=f"questionnaire:{qid}", detail=f"report.{fmt}")
    db.session.commit()
    response = current_app.response_class(body, mimetype=REPORT_MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{qid}-report.{fmt}"'
    return response
