"""Findings pages for analysts and viewers, coding, quotes, actions and the analysis run."""

from __future__ import annotations

import datetime as dt

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from survey import catalogue
from survey.db import db
from survey.ids import page_number, whole
from survey.models import Response
from survey.safeguarding.withholding import is_withheld
from survey.serving import jobs
from survey.serving.models import Job
from survey.staff import auth
from survey.staff.models import now
from survey.staff.views import csrf_ok
from survey.workspace import bp, exporting, prepared, presenting
from survey.workspace.models import Action, AnalysisRecord, FindingsSnapshot, Quote
from survey.workspace.run import latest_snapshot, published_snapshot
from survey.workspace.withheld import repeats_withheld

READERS = ("analyst", "viewer")


def _repeats_withheld() -> str:
    return _(
        "That repeats words from an answer withheld for safeguarding, which can only be "
        "read in the safeguarding queue. Write it in your own words."
    )


def _withheld(record: AnalysisRecord) -> bool:
    return db.session.execute(
        db.select(is_withheld(record.response_id, record.question_id))
    ).scalar_one()


def _questionnaire_or_404(qid: str):
    q = catalogue.all_questionnaires().get(qid)
    return q or abort(404)


def _snapshot_for_reader(qid: str) -> FindingsSnapshot | None:
    """Viewers see only published findings; analysts see the latest run."""
    if auth.current_user().role == "viewer":
        return published_snapshot(qid)
    return latest_snapshot(qid)


@bp.get("/findings/")
@auth.require(*READERS)
def findings_index():
    rows = []
    for q in catalogue.all_questionnaires().values():
        snap = _snapshot_for_reader(q.id)
        if snap is None and auth.current_user().role == "viewer":
            continue
        rows.append((q, snap))
    return render_template("workspace/index.html", rows=rows)


@bp.get("/findings/<qid>")
@auth.require(*READERS)
def findings(qid: str):
    q = _questionnaire_or_404(qid)
    snap = _snapshot_for_reader(qid)
    if snap is None:
        if auth.current_user().role == "viewer":
            abort(404)
        return render_template("workspace/findings.html", q=q, view=None)
    view = presenting.findings_view(
        snap.data, request.args, current_app.config.get("SUPPRESSION_THRESHOLD")
    )
    quotes = {} if view["filtered"] else presenting.approved_quotes(qid)  # quotes: everyone's
    return render_template("workspace/findings.html", q=q, view=view, snap=snap, quotes=quotes)


@bp.post("/findings/<qid>/run")
@auth.require("analyst")
def run(qid: str):
    _questionnaire_or_404(qid)
    if not csrf_ok():
        abort(400)
    job = jobs.enqueue("analyse", {"questionnaire": qid})
    auth.audit("analysis_run", target=f"questionnaire:{qid}", detail=f"job {job.id}")
    db.session.commit()
    if job.status == "done":
        flash(_("Analysis finished: %(result)s.", result=job.result), "info")
    elif job.status == "failed":  # e.g. a council's framework file with a mistake, named
        flash(_("The analysis could not run: %(error)s", error=job.result), "error")
    else:
        flash(_("The analysis has started. Refresh this page in a minute to see it."), "info")
    return redirect(url_for(".findings", qid=qid))


@bp.post("/findings/<qid>/publish")
@auth.require("analyst")
def publish(qid: str):
    if not csrf_ok():
        abort(400)
    snap = latest_snapshot(qid) or abort(404)
    snap.published = request.form.get("published") == "yes"
    auth.audit(
        "findings_published" if snap.published else "findings_unpublished",
        target=f"questionnaire:{qid}",
    )
    db.session.commit()
    return redirect(url_for(".findings", qid=qid))


@bp.get("/findings/<qid>/framework/<framework>/<item>")
@auth.require(*READERS)
def by_framework(qid: str, framework: str, item: str):
    q = _questionnaire_or_404(qid)
    snap = _snapshot_for_reader(qid) or abort(404)
    view = presenting.framework_view(
        snap.data, framework, item, current_app.config.get("SUPPRESSION_THRESHOLD")
    )
    if view is None:
        abort(404)
    return render_template("workspace/framework.html", q=q, view=view)


@bp.route("/findings/<qid>/answers", methods=["GET", "POST"])
@auth.require("analyst")
def answers(qid: str):
    q = _questionnaire_or_404(qid)
    page = page_number(request.args)
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        record = db.session.get(AnalysisRecord, request.form.get("record", type=whole) or 0)
        if record is None or record.questionnaire_id != qid or _withheld(record):
            abort(404)
        presenting.correct(record, request.form.getlist("themes"))
        auth.audit("themes_corrected", target=f"record:{record.id}")
        db.session.commit()
        return redirect(url_for(".answers", qid=qid, page=page))
    rows, more = presenting.coding_rows(q, page)
    return render_template(
        "workspace/answers.html",
        q=q,
        rows=rows,
        page=page,
        more=more,
        themes=presenting.theme_choices(),
    )


@bp.route("/findings/<qid>/quotes", methods=["GET", "POST"])
@auth.require("analyst")
def quotes(qid: str):
    q = _questionnaire_or_404(qid)
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        quote = db.session.get(Quote, request.form.get("quote", type=whole) or 0)
        if quote is None or quote.questionnaire_id != qid:
            abort(404)
        decision = request.form.get("decision")
        if decision not in ("approved", "rejected"):
            abort(400)
        if quote.status == "withdrawn":
            abort(409)  # its answer is withheld for safeguarding: there is nothing to approve
        quote.status = decision
        quote.decided_by = auth.current_user().id
        auth.audit(f"quote_{decision}", target=f"quote:{quote.id}")
        db.session.commit()
        return redirect(url_for(".quotes", qid=qid))
    items = (
        db.session.execute(
            db.select(Quote).where(Quote.questionnaire_id == qid).order_by(Quote.theme, Quote.id)
        )
        .scalars()
        .all()
    )
    return render_template("workspace/quotes.html", q=q, quotes=items)


@bp.route("/findings/<qid>/actions", methods=["GET", "POST"])
@auth.require("analyst")
def actions(qid: str):
    q = _questionnaire_or_404(qid)
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        if request.form.get("action") == "publish":
            item = db.session.get(Action, request.form.get("id", type=whole) or 0)
            if item is None or item.questionnaire_id != qid:
                abort(404)
            if not item.published and repeats_withheld(qid, item.you_said, item.we_did):
                flash(_repeats_withheld(), "error")
                return redirect(url_for(".actions", qid=qid))
            item.published = not item.published
        else:
            said = request.form.get("you_said", "").strip()[:1000]
            did = request.form.get("we_did", "").strip()[:2000]
            theme = request.form.get("theme", "")[:64]
            if not said or not did:
                flash(_("Write both what children said and what was done."), "error")
                return redirect(url_for(".actions", qid=qid))
            if repeats_withheld(qid, said, did):
                flash(_repeats_withheld(), "error")
                return redirect(url_for(".actions", qid=qid))
            db.session.add(Action(questionnaire_id=qid, theme=theme, you_said=said, we_did=did))
        auth.audit("action_recorded", target=f"questionnaire:{qid}")
        db.session.commit()
        return redirect(url_for(".actions", qid=qid))
    items = (
        db.session.execute(
            db.select(Action).where(Action.questionnaire_id == qid).order_by(Action.id)
        )
        .scalars()
        .all()
    )
    return render_template(
        "workspace/actions.html", q=q, actions=items, themes=presenting.theme_choices()
    )


@bp.get("/findings/<qid>/report")
@auth.require(*READERS)
def report(qid: str):
    q = _questionnaire_or_404(qid)
    snap = _snapshot_for_reader(qid) or abort(404)
    view = presenting.findings_view(snap.data, {}, current_app.config.get("SUPPRESSION_THRESHOLD"))
    actions = (
        db.session.execute(
            db.select(Action).where(Action.questionnaire_id == qid, Action.published.is_(True))
        )
        .scalars()
        .all()
    )
    return render_template(
        "workspace/report.html",
        q=q,
        view=view,
        snap=snap,
        quotes=presenting.approved_quotes(qid),
        actions=actions,
    )


@bp.get("/findings/<qid>/export/<kind>.<fmt>")
@auth.require("analyst")
def export(qid: str, kind: str, fmt: str):
    q = _questionnaire_or_404(qid)
    if kind not in ("findings", "closed", "change", "responses") or fmt not in ("csv", "xlsx"):
        abort(404)
    snap = latest_snapshot(qid) or abort(404)
    if kind == "responses" and _response_count(qid) > current_app.config["EXPORT_INLINE_LIMIT"]:
        owner = auth.current_user().id  # only the analyst who asked may download it
        job = jobs.enqueue(
            "export", {"questionnaire": qid, "kind": kind, "fmt": fmt, "owner": owner}
        )
        auth.audit("export_queued", target=f"questionnaire:{qid}", detail=f"{kind}.{fmt}")
        db.session.commit()
        if job.status != "done":
            flash(
                _(
                    "The export is large, so it is being prepared. It will be listed here when "
                    "it is ready."
                ),
                "info",
            )
        return redirect(url_for(".exports", qid=qid))
    configured = current_app.config.get("SUPPRESSION_THRESHOLD")
    group = request.args.get("group", "") if kind == "findings" else ""  # change: everyone
    if group and presenting.findings_view(snap.data, {"group": group}, configured)["refused"]:
        abort(404)  # a group that cannot be shown on the page cannot be exported either
    body, mimetype = exporting.build(q, snap, kind, fmt, configured, {"group": group})
    detail = f"{kind}.{fmt}" + (f" ({group})" if group else "")
    auth.audit("export", target=f"questionnaire:{qid}", detail=detail)
    db.session.commit()
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{qid}-{kind}.{fmt}"'
    return response


@bp.get("/findings/compare")
@auth.require(*READERS)
def compare():
    """Children's, young people's, parent carers' and partners' findings on the same themes."""
    columns, rows = [], {}
    configured = current_app.config.get("SUPPRESSION_THRESHOLD")
    for q in catalogue.all_questionnaires().values():
        snap = _snapshot_for_reader(q.id)
        if snap is None:
            continue
        view = presenting.findings_view(snap.data, {}, configured)
        columns.append(q)
        for theme in view["themes"]:
            rows.setdefault(theme["id"], {"name": theme["name"], "cells": {}})
            rows[theme["id"]]["cells"][q.id] = theme["share"]
    ordered = sorted(rows.values(), key=lambda r: -sum(v or 0 for v in r["cells"].values()))
    return render_template("workspace/compare.html", columns=columns, rows=ordered)


def _response_count(qid: str) -> int:
    return db.session.execute(
        db.select(db.func.count(Response.id)).where(Response.questionnaire_id == qid)
    ).scalar_one()


def _export_jobs(qid: str) -> list[Job]:
    """The signed-in analyst's own exports of ``qid``, newest first."""
    me = auth.current_user().id
    rows = db.session.execute(
        db.select(Job).where(Job.kind == "export").order_by(Job.id.desc()).limit(200)
    ).scalars()
    return [
        job
        for job in rows
        if job.payload.get("questionnaire") == qid and job.payload.get("owner") == me
    ][:50]


def _expired(job: Job) -> bool:
    """A prepared export may be downloaded for EXPORT_KEEP_HOURS after it is ready, no longer."""
    hours = current_app.config["EXPORT_KEEP_HOURS"]
    return job.finished_at is None or now() - job.finished_at > dt.timedelta(hours=hours)


@bp.get("/findings/<qid>/exports")
@auth.require("analyst")
def exports(qid: str):
    q = _questionnaire_or_404(qid)
    return render_template("workspace/exports.html", q=q, jobs=_export_jobs(qid), expired=_expired)


@bp.get("/findings/<qid>/exports/<int:job_id>")
@auth.require("analyst")
def download_export(qid: str, job_id: int):
    """Only the analyst who asked for it, only while it is fresh; every download audited."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != "export" or job.payload.get("questionnaire") != qid:
        abort(404)
    if job.payload.get("owner") != auth.current_user().id:
        abort(404)  # another analyst's export: as if it did not exist
    path = prepared.path_for(job.result)
    if job.status != "done" or path is None or _expired(job):
        abort(404)
    auth.audit(
        "export",
        target=f"questionnaire:{qid}",
        detail=f"{job.payload['kind']}.{job.payload['fmt']} (prepared, job {job.id})",
    )
    db.session.commit()
    return send_file(
        path,
        mimetype=exporting.MIMETYPES[job.payload["fmt"]],
        as_attachment=True,
        download_name=f"{qid}-{job.payload['kind']}.{job.payload['fmt']}",
    )
