"""The help page a respondent sees at once, and the safeguarding lead's queue and second-look
list."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from survey import catalogue
from survey.db import db
from survey.respond import drafts
from survey.respond.shared import take_once
from survey.safeguarding import bp, second_look
from survey.safeguarding.models import STATUSES, CaseEvent, SafeguardingCase
from survey.serving import ratelimit
from survey.serving.ratelimit import retry_after, too_many
from survey.staff import auth
from survey.staff.models import now
from survey.staff.views import csrf_ok

CONTACT_METHODS = ("phone", "text", "email", "trusted_adult", "other")


def _continue_url(qid: str, next_page: str | None) -> str:
    q = catalogue.get_or_404(qid)
    if next_page == "done":
        return url_for("respond.done", qid=qid)
    if next_page and q.page(next_page):
        return url_for("respond.page", qid=qid, page_id=next_page)
    return url_for("respond.check", qid=qid)


def help_redirect(qid: str, code: str, next_page: str):
    """Send the respondent to the help page, remembering whose case a contact request joins."""
    session["help"] = {**session.get("help", {}), qid: code}
    return redirect(url_for("safeguarding.help_page", qid=qid, next=next_page), code=303)


@bp.route("/q/<qid>/help", methods=["GET", "POST"])
def help_page(qid: str):
    """Shown straight after a possible disclosure: never blames, never promises secrecy."""
    q = catalogue.get_or_404(qid)
    next_page = request.args.get("next")
    code = session.get("help", {}).get(qid) or drafts.code_for(qid)
    errors: dict[str, str] = {}
    sent = False
    wait = 0
    if request.method == "POST":
        method = request.form.get("method", "")
        details = request.form.get("details", "").strip()[:300]
        times = request.form.get("times", "").strip()[:300]
        if not csrf_ok():  # before anything is looked up or written
            errors["method"] = _("Your page had expired. Please press Send again.")
        elif wait := ratelimit.hit("help", current_app.config["RATE_LIMIT_RESUME"]):
            errors["method"] = too_many(wait)
        elif method not in CONTACT_METHODS:
            errors["method"] = _("Choose how we should contact you")
        elif method != "trusted_adult" and not details:
            errors["details"] = _("Write how we can reach you, for example a phone number")
        if not errors and code:
            cases = (
                db.session.execute(
                    db.select(SafeguardingCase)
                    .where(SafeguardingCase.draft_code_hash == drafts.hash_code(code))
                    .order_by(SafeguardingCase.id.desc())
                )
                .scalars()
                .all()
            )
            for case in cases[:1]:
                case.contact_method, case.contact_details, case.contact_times = (
                    method,
                    details,
                    times,
                )
                db.session.add(CaseEvent(case_id=case.id, action="contact_requested"))
            db.session.commit()
            sent = bool(cases)
            if sent:  # asked: once the journey is over, nothing left in this browser can change it
                take_once("help", qid)
    page = render_template(
        "safeguarding/help.html",
        q=q,
        errors=errors,
        sent=sent,
        can_ask=bool(code),
        continue_url=_continue_url(qid, next_page),
        methods=CONTACT_METHODS,
        adult=_audience(q.audience, code) in ("parent_carer", "partner"),
    )
    if wait:
        return page, 429, retry_after(wait)
    return page, 400 if errors else 200


def _audience(audience: str, code: str | None) -> str:
    """Whose words raised the latest case of this respondent: a child who answered their
    section of a parent's questionnaire is shown the child's help page, not the adult's."""
    if not code:
        return audience
    found = db.session.execute(
        db.select(SafeguardingCase.audience)
        .where(SafeguardingCase.draft_code_hash == drafts.hash_code(code))
        .order_by(SafeguardingCase.id.desc())
        .limit(1)
    ).scalar()
    return found or audience


@bp.get("/staff/safeguarding/")
@auth.require("safeguarding")
def queue():
    wanted = request.args.get("status", "open")
    query = db.select(SafeguardingCase).order_by(SafeguardingCase.created_at.desc())
    if wanted == "open":
        query = query.where(SafeguardingCase.status != "closed")
    elif wanted in STATUSES:
        query = query.where(SafeguardingCase.status == wanted)
    cases = db.session.execute(query.limit(500)).scalars().all()
    return render_template(
        "safeguarding/queue.html",
        cases=cases,
        wanted=wanted,
        statuses=STATUSES,
        titles=_titles(),
        second_look_waiting=second_look.count_waiting(),
    )


@bp.get("/staff/safeguarding/second-look")
@auth.require("safeguarding")
def second_look_list():
    """Answers the screen found close to a disclosure but did not flag: read once, decide."""
    show = "decided" if request.args.get("show") == "decided" else "waiting"
    items = second_look.decided() if show == "decided" else second_look.waiting()
    auth.audit("second_look_viewed", target=f"second_look:{show}", detail=f"{len(items)} answers")
    db.session.commit()
    return render_template(
        "safeguarding/second_look.html",
        items=items,
        texts=second_look.texts_of(items),
        show=show,
        titles=_titles(),
    )


@bp.post("/staff/safeguarding/second-look/<int:item_id>")
@auth.require("safeguarding")
def decide_second_look(item_id: int):
    """Open a case, or nothing to act on. Decided once: a second click, or a second lead at
    the same moment, finds it decided and is shown the outcome."""
    if not csrf_ok():
        abort(400)
    decision = request.form.get("decision")
    if decision not in ("case", "nothing"):
        abort(400)
    item = second_look.locked(item_id) or abort(404)
    user = auth.current_user()
    if item.decision:
        db.session.rollback()
        if item.case_id is not None:
            return redirect(url_for(".case", case_id=item.case_id), code=303)
        return redirect(url_for(".second_look_list"), code=303)
    if decision == "nothing":
        second_look.nothing_to_act_on(item, user)
        db.session.commit()
        return redirect(url_for(".second_look_list"), code=303)
    found = second_look.open_case_for(item, user)
    _acknowledge(found, user)  # the lead who opened it has taken it on
    qid, case_id = item.questionnaire_id, found.id
    db.session.commit()
    second_look.after_case(qid, user)
    return redirect(url_for(".case", case_id=case_id), code=303)


def _titles() -> dict[str, str]:
    return {qid: str(q.title) for qid, q in catalogue.all_questionnaires().items()}


def _case_or_404(case_id: int) -> SafeguardingCase:
    return db.session.get(SafeguardingCase, case_id) or abort(404)


@bp.get("/staff/safeguarding/<int:case_id>")
@auth.require("safeguarding")
def case(case_id: int):
    """Reading a case changes nothing but the trail: acknowledging it is a separate action.

    A link preview, a prefetching browser or a glance on the wrong screen must
    not stop the escalation of a case nobody has actually taken on.
    """
    item = _case_or_404(case_id)
    user = auth.current_user()
    db.session.add(CaseEvent(case_id=item.id, user_id=user.id, action="viewed"))
    auth.audit("case_viewed", target=f"case:{item.id}")
    db.session.commit()
    return render_template("safeguarding/case.html", case=item, statuses=STATUSES, titles=_titles())


def _acknowledge(item: SafeguardingCase, user) -> None:
    """The lead has taken the case on: it will not be escalated. Once; the caller commits."""
    if item.acknowledged_at is not None:
        return
    item.acknowledged_at = now()
    db.session.add(CaseEvent(case_id=item.id, user_id=user.id, action="acknowledged"))
    auth.audit("case_acknowledged", target=f"case:{item.id}")


@bp.post("/staff/safeguarding/<int:case_id>/acknowledge")
@auth.require("safeguarding")
def acknowledge_case(case_id: int):
    item = _case_or_404(case_id)
    if not csrf_ok():
        abort(400)
    _acknowledge(item, auth.current_user())
    db.session.commit()
    return redirect(url_for(".case", case_id=item.id))


@bp.post("/staff/safeguarding/<int:case_id>")
@auth.require("safeguarding")
def update_case(case_id: int):
    item = _case_or_404(case_id)
    if not csrf_ok():
        abort(400)
    user = auth.current_user()
    status = request.form.get("status")
    note = request.form.get("note", "").strip()[:5000]
    if status in STATUSES and status != item.status:
        _acknowledge(item, user)  # moving a case on is taking it on
        db.session.add(
            CaseEvent(
                case_id=item.id, user_id=user.id, action="status", note=f"{item.status} -> {status}"
            )
        )
        auth.audit("case_status", target=f"case:{item.id}", detail=f"{item.status}->{status}")
        item.status = status
    if note:
        db.session.add(CaseEvent(case_id=item.id, user_id=user.id, action="note", note=note))
    db.session.commit()
    return redirect(url_for(".case", case_id=item.id))
