"""The quarantine pages: a list without answers' words, one response in full, decisions.

Admins and analysts may use them. Every decision is a POST with a CSRF token and is
audited per response (which, and why it had been held: never its words). Releasing
responses queues an analysis run of their questionnaires, which screens them for
safeguarding and counts them.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from survey import catalogue
from survey.db import db
from survey.ids import page_number, whole
from survey.quarantine import bp, review
from survey.serving import jobs
from survey.staff import auth
from survey.staff.views import csrf_ok

REVIEWERS = ("admin", "analyst")
MAX_AT_ONCE = 500


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        abort(400)


@bp.get("")
@auth.require(*REVIEWERS)
def index():
    junk = request.args.get("show") == "junk"
    qid = request.args.get("questionnaire", "")
    if qid and qid not in catalogue.all_questionnaires():
        qid = ""
    day = _day(request.args.get("day", ""))
    page = page_number(request.args)
    rows, more = review.listed(junk, qid, day, page)
    return render_template(
        "staff/quarantine.html",
        rows=rows,
        more=more,
        page=page,
        junk=junk,
        chosen=qid,
        day=day,
        counts=review.counts(),
        questionnaires=catalogue.all_questionnaires(),
    )


@bp.get("/<int:response_id>")
@auth.require(*REVIEWERS)
def detail(response_id: int):
    response = review.quarantined(response_id) or abort(404)
    auth.audit("quarantine_viewed", target=f"response:{response.id}")
    db.session.commit()
    return render_template(
        "staff/quarantine_response.html",
        r=response,
        reason=review.reason_of(response.quarantine),
        junk=response.quarantine.startswith(review.JUNK),
        answers=review.answers_shown(response),
        questionnaires=catalogue.all_questionnaires(),
    )


@bp.post("")
@auth.require(*REVIEWERS)
def decide():
    if not csrf_ok():
        abort(400)
    decision = request.form.get("decision")
    if decision not in ("release", "junk"):
        abort(400)
    ids = []
    for raw in request.form.getlist("response")[:MAX_AT_ONCE]:
        try:
            ids.append(whole(raw))
        except ValueError:
            abort(400)
    chosen = [r for r in (review.quarantined(i) for i in dict.fromkeys(ids)) if r is not None]
    # Back to the list as it was filtered (a class, a day); never anywhere else.
    listing, back = url_for(".index"), request.form.get("back", "")
    target = back if back == listing or back.startswith(listing + "?") else listing
    if not chosen:
        flash(_("Select at least one response."), "error")
        return redirect(target)
    for response in chosen:
        auth.audit(
            "quarantine_released" if decision == "release" else "quarantine_junk",
            target=f"response:{response.id}",
            detail=review.reason_of(response.quarantine),
        )
    if decision == "release":
        touched = review.release(chosen)
        db.session.commit()
        for qid in sorted(touched):
            job = jobs.enqueue("analyse", {"questionnaire": qid})
            auth.audit("analysis_run", target=f"questionnaire:{qid}", detail=f"job {job.id}")
        db.session.commit()
        message = ngettext(
            "%(num)s response released. It is screened for safeguarding and counted in the "
            "findings from the next analysis run, which has been started.",
            "%(num)s responses released. They are screened for safeguarding and counted in the "
            "findings from the next analysis run, which has been started.",
            len(chosen),
        )
    else:
        review.confirm_junk(chosen)
        db.session.commit()
        message = ngettext(
            "%(num)s response confirmed as junk. It stays out of the findings.",
            "%(num)s responses confirmed as junk. They stay out of the findings.",
            len(chosen),
        )
    flash(message, "info")
    return redirect(target)
