"""Routes of the respondent journey.

Every answer typed is kept: a page that fails validation, meets an expired
session or a database hiccup is shown again with what was typed.
"""

from __future__ import annotations

import time

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf, validate_csrf
from sqlalchemy.exc import OperationalError
from wtforms.validators import ValidationError

from questionnaires import Page, Questionnaire
from questionnaires.model import EMPTY
from survey import catalogue
from survey.db import db
from survey.i18n import current_locale
from survey.respond import bp, drafts, languages, shared, typed
from survey.respond.answers import describe
from survey.respond.drafts import SavedDraft
from survey.respond.fields import HONEYPOT, page_answers, page_form
from survey.respond.pages import first_view, is_first_view, previous_page, render_page
from survey.respond.submit import Pending, RateLimited, by_token, submit
from survey.safeguarding import screening, second_look
from survey.safeguarding.screening import Near
from survey.safeguarding.views import help_redirect
from survey.serving import ratelimit
from survey.serving.ratelimit import retry_after, too_many


@bp.get("/")
def home():
    return render_template("home.html", questionnaires=catalogue.open_questionnaires())


@bp.get("/q/<qid>")
def intro(qid: str):
    q = catalogue.get_or_404(qid)
    return render_template("intro.html", q=q, draft=drafts.current(qid))


@bp.get("/q/<qid>/privacy")
def privacy(qid: str):
    return render_template("privacy.html", q=catalogue.get_or_404(qid))


def _csrf_ok() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


@bp.post("/q/<qid>/start")
def start(qid: str):
    q = catalogue.get_or_404(qid)
    draft = drafts.current(qid)
    if draft is None:
        if not _csrf_ok():
            flash(_("Your session had timed out. Press Start again."), "info")
            return redirect(url_for(".intro", qid=qid))
        draft, _code = drafts.start(qid, current_locale())
        session["started"] = {**session.get("started", {}), qid: int(time.time())}
    return redirect(url_for(".page", qid=qid, page_id=_next_page(q, draft).id))


def _next_page(q: Questionnaire, draft: SavedDraft, after: Page | None = None) -> Page | None:
    """The next visible page after ``after`` (or the first); None when all are done."""
    pages = q.visible_pages(draft.answers or {})
    if after is None:
        return pages[0] if pages else None
    ids = [p.id for p in pages]
    index = ids.index(after.id) + 1 if after.id in ids else len(ids)
    return pages[index] if index < len(pages) else None


def _resumed_draft(qid: str) -> tuple[SavedDraft | None, str, int]:
    """The draft named by the code the page carries, when the session has lost its own.

    The hidden code lets a child whose session expired carry on with their
    earlier answers instead of starting again. Call it only once the CSRF token
    has proven the page is ours: a forged form must not choose the draft.
    Returns the draft, its code and, if this address has tried too many codes,
    the seconds to wait (and no draft).
    """
    code = drafts.normalise_code(request.form.get("resume_code", ""))
    if not code:
        return None, "", 0
    wait = ratelimit.hit("resume", current_app.config["RATE_LIMIT_RESUME"])
    return (None if wait else drafts.find(code, qid)), code, wait


def _carried_code(qid: str, trusted: bool) -> str:
    """The resume code a page shown again carries on: the session's own, else the page's.

    The page's own only when its token was good or the browser says the form
    was ours (Sec-Fetch-Site): a code planted by another site's form is never
    put into a page the child might then send.
    """
    own = drafts.code_for(qid)
    if own or not (trusted or request.headers.get("Sec-Fetch-Site") == "same-origin"):
        return own or ""
    return drafts.normalise_code(request.form.get("resume_code", ""))


@bp.route("/q/<qid>/p/<page_id>", methods=["GET", "POST"])
def page(qid: str, page_id: str):
    q = catalogue.get_or_404(qid)
    the_page = q.page(page_id)
    if the_page is None:
        abort(404)
    if request.method == "POST":
        return _save_page(q, the_page)
    draft = drafts.current(qid)
    if draft is None:
        return redirect(url_for(".intro", qid=qid))
    answers = draft.answers or {}
    if not typed.waiting(the_page.questions, draft.typed) and is_first_view(q, the_page, answers):
        return first_view(q, the_page, answers)
    form, questions = page_form(q, the_page, answers)
    errors = typed.put_back(form, questions, draft.typed)  # refused before, as typed
    return render_page(q, the_page, form, questions, errors=errors)


def _save_page(q: Questionnaire, the_page: Page):
    qid = q.id
    # The token first: until it proves the form came from our page, nothing it carries is
    # looked up and nothing is written to the session (a forged form must not choose a draft).
    trusted = _csrf_ok()
    code = ""
    try:
        wait = ratelimit.hit("answers", current_app.config["RATE_LIMIT_ANSWERS"])
        draft = drafts.current(qid)
        if draft is None and trusted and not wait:
            draft, code, wait = _resumed_draft(qid)
    except OperationalError:
        # The database is away: show what was typed again, with a calm word, not an error page.
        db.session.rollback()
        form, questions = page_form(q, the_page, {}, formdata=request.form)
        page_html = _again(q, the_page, form, questions, trusted, notice=_not_saved(), answers={})
        return page_html, 503
    answers = (draft.answers or {}) if draft else {}
    form, questions = page_form(q, the_page, answers, formdata=request.form)
    if wait:
        notice = _(
            "Lots of people are answering from your network right now. Your answers "
            "on this page are still here: wait %(seconds)s seconds, then press Continue.",
            seconds=wait,
        )
        page_html = _again(q, the_page, form, questions, trusted, notice=notice)
        return page_html, 429, {"Retry-After": str(wait)}
    if not trusted:
        # Never save on a bad token; show the typed answers again with a fresh one.
        notice = _(
            "Your session had timed out. Your answers on this page are still here: "
            "check them and press Continue."
        )
        return _again(q, the_page, form, questions, trusted, notice=notice), 400
    if draft is None:
        return redirect(url_for(".intro", qid=qid))
    if code:
        drafts.remember(qid, code)
    if request.form.get(HONEYPOT):
        session["suspect"] = {**session.get("suspect", {}), qid: "honeypot"}
    return _store_page(q, the_page, draft, form, questions)


def _again(q: Questionnaire, the_page: Page, form, questions, trusted: bool, **kw) -> str:
    """The page sent, shown again as typed: a fresh token if its own was bad, and its code."""
    if not trusted:
        form.csrf_token.data = generate_csrf()
    return render_page(q, the_page, form, questions, resume_code=_carried_code(q.id, trusted), **kw)


def _store_page(q: Questionnaire, the_page: Page, draft: SavedDraft, form, questions):
    """Save what passes its checks, keep what does not as typed, then go where the child asked.

    Every button saves: Continue (also what Enter in a box presses), Back, a
    language and "Save and come back later". Only Continue stays until the page
    is right; the others go, keeping a refused answer as typed (see typed.py).
    """
    qid = q.id
    form.validate()
    form.errors.pop("csrf_token", None)
    errors = {name: errs for name, errs in form.errors.items() if errs}
    switch_to = request.form.get("switch_lang")
    switching = switch_to in current_app.config["SUPPORTED_LOCALES"]
    going_back = "back" in request.form
    leaving = switching or going_back or "save_later" in request.form  # anything but Continue
    answers = page_answers(form, [question for question in questions if question.id not in errors])
    refused = typed.refused(form, questions, errors, request.form)
    try:
        shown_in = q.served_locale(the_page.id, current_locale())  # a section-only translation
        draft = drafts.save_answers(draft, answers, shown_in, refused, the_page.id)
    except OperationalError:
        db.session.rollback()
        page_html = render_page(
            q, the_page, form, questions, errors=errors, notice=_not_saved(), answers={}
        )
        return page_html, 503
    following = _next_page(q, draft, after=the_page)
    back = previous_page(q, the_page, draft.answers) if going_back else None
    # The words as typed are screened, refused or not: a child's worry may be in a long answer.
    screened = {**answers, **{k: form[k].data for k in errors if k in form}}
    needs_help, _nears = _screen(q, screened, draft.code_hash)  # listed once sent
    if switching:  # the same page, in the chosen language (its section's only), typed kept
        languages.switch(q, the_page, switch_to)
    if needs_help:  # help first, then on to the page they were going to ("" is check)
        languages.help_in_language_of(q, the_page, current_locale())
        if going_back or switching or (errors and not leaving):
            onward = back if going_back and back else the_page
        else:
            onward = None if request.args.get("return") == "check" else following
        return help_redirect(qid, drafts.code_for(qid), onward.id if onward else "")
    if errors and not leaving:  # Continue stays until the page is right
        return render_page(q, the_page, form, questions, errors=errors), 400
    if switching:
        return redirect(url_for(".page", qid=qid, page_id=the_page.id, **request.args), code=303)
    if going_back:
        to = url_for(".page", qid=qid, page_id=back.id) if back else url_for(".intro", qid=qid)
        return redirect(to, code=303)
    if "save_later" in request.form:
        shared.keep_once("show_code", qid, True)
        return redirect(url_for(".saved", qid=qid))
    if request.args.get("return") == "check" or following is None:
        return redirect(url_for(".check", qid=qid))
    return redirect(url_for(".page", qid=qid, page_id=following.id))


def _screen(q: Questionnaire, answers: dict, code_hash: str) -> tuple[bool, list[Near]]:
    """Screen free text, record any concern as a case; whether the child should see help now,
    and the clear answers worth the lead's second look (listed once the answers are sent)."""
    concerns, nears = screening.screen_answers(q, answers, current_locale())
    if not concerns:
        return False, nears
    created = screening.record(q, concerns, code_hash, current_locale())
    return any(case.screen_status == "flagged" for case in created), nears


def _not_saved() -> str:
    return _(
        "Sorry, we could not save your answers just now. They are still here: "
        "please try again in a minute."
    )


@bp.get("/q/<qid>/saved")
def saved(qid: str):
    q = catalogue.get_or_404(qid)
    code = drafts.code_for(qid)
    if drafts.find(code, qid) is None:
        return redirect(url_for(".intro", qid=qid))
    shown = shared.take_once("show_code", qid)  # once, just after saving: not to the next person
    return render_template("saved.html", q=q, code=drafts.display_code(code) if shown else None)


@bp.get("/q/<qid>/check")
def check(qid: str):
    q = catalogue.get_or_404(qid)
    draft = drafts.current(qid)
    if draft is None:
        return redirect(url_for(".intro", qid=qid))
    return _render_check(q, draft)


def _render_check(q: Questionnaire, draft: SavedDraft, notice: str | None = None):
    answers = q.prune(draft.answers or {})
    rows = []
    for p in q.visible_pages(answers):
        for question in q.visible_questions(p, answers):
            if question.kind.answer == "none":  # words to read: nothing to check
                continue
            rows.append((p, question, describe(question, answers.get(question.id), answers)))
    return render_template(
        "check.html",
        q=q,
        rows=rows,
        token=draft.submission_token,
        missing=_first_unfinished(q, answers, draft.typed),
        notice=notice,
    )


def _first_unfinished(q: Questionnaire, answers: dict, kept: dict):
    """The first (page, question) needing an answer, or holding one refused and kept as typed.

    A refused answer is never sent as nothing: the child is taken back to it first.
    """
    for p in q.visible_pages(answers):
        for question in q.visible_questions(p, answers):
            empty = answers.get(question.id) in EMPTY
            if question.id in kept or (question.required and empty):
                return p, question
    return None


@bp.post("/q/<qid>/submit")
def do_submit(qid: str):
    q = catalogue.get_or_404(qid)
    token = request.form.get("submission_token", "")
    trusted = _csrf_ok()
    draft = drafts.current(qid)
    if draft is None or draft.submission_token != token:
        # Sent already (a double click, a refresh, a replay): the same confirmation again.
        existing = by_token(token) if token else None
        if existing is not None and existing.questionnaire_id == qid:
            return _done_redirect(qid, existing.submission_token, remember=trusted)
        return redirect(url_for(".intro", qid=qid))
    if not trusted:
        flash(_("Your session had timed out. Your answers are saved: press Send again."), "info")
        return redirect(url_for(".check", qid=qid))
    pending = Pending.of(q, draft)
    missing = _first_unfinished(q, pending.answers, draft.typed)
    if missing is not None:
        return redirect(url_for(".page", qid=qid, page_id=missing[0].id, **{"return": "check"}))
    code = drafts.code_for(qid)
    needs_help, nears = _screen(q, pending.answers, pending.code_hash)
    reason = _quarantine_reason(qid)
    try:
        response = submit(
            q,
            pending,
            quarantine=reason,
            fill_seconds=_seconds_taken(qid) if reason else None,  # kept for review only
            rate_limit=("answers", current_app.config["RATE_LIMIT_ANSWERS"]),
        )
    except RateLimited as limited:
        notice = _(
            "Lots of people are sending answers from your network right now. Your "
            "answers are saved: wait %(seconds)s seconds, then press Send again.",
            seconds=limited.retry_after,
        )
        headers = {"Retry-After": str(limited.retry_after)}
        return _render_check(q, draft, notice), 429, headers
    if nears and not reason:  # a quarantined response is listed if it is released
        second_look.record_safely(q.id, [(response.id, near) for near in nears], "sending")
    drafts.forget(qid)
    shared.keep_once("withdraw_codes", qid, code)
    finished = _done_redirect(qid, response.submission_token)
    if needs_help:  # worries first noticed on sending: help in the respondent's language
        languages.help_in_language_of(q, None, current_locale())
    return help_redirect(qid, code, "done") if needs_help else finished


def _quarantine_reason(qid: str) -> str:
    """Why this submission looks automated, or "". Never shown: a bot learns nothing."""
    if session.get("suspect", {}).get(qid):
        return session["suspect"][qid]
    taken = _seconds_taken(qid)
    if taken is not None and taken < current_app.config["MIN_FILL_SECONDS"]:
        return "too_fast"
    return ""


def _seconds_taken(qid: str) -> int | None:
    """Whole seconds since this browser started the questionnaire, if it did here."""
    started = session.get("started", {}).get(qid)
    return int(time.time() - started) if started else None


def _done_redirect(qid: str, token: str, remember: bool = True):
    """To the thank-you page; ``remember`` only for a request whose token was good."""
    if remember:
        session["done"] = {**session.get("done", {}), qid: token}
    return redirect(url_for(".done", qid=qid), code=303)


@bp.get("/q/<qid>/done")
def done(qid: str):
    q = catalogue.get_or_404(qid)
    token = session.get("done", {}).get(qid)
    if not token or by_token(token) is None:
        return redirect(url_for(".intro", qid=qid))
    code = shared.take_once("withdraw_codes", qid)  # shown once: not again, not to the next person
    return render_template("done.html", q=q, code=drafts.display_code(code) if code else None)


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    error = None
    if request.method == "POST":
        if not _csrf_ok():  # before the code is even looked at
            error = _("The page had expired. Please try again.")
            return render_template("resume.html", error=error), 400
        wait = ratelimit.hit("resume", current_app.config["RATE_LIMIT_RESUME"])
        if wait:
            return render_template("resume.html", error=too_many(wait)), 429, retry_after(wait)
        code = drafts.normalise_code(request.form.get("code", ""))
        draft = drafts.find(code)
        if draft is not None:
            drafts.remember(draft.questionnaire_id, code)
            return redirect(url_for(".start_again", qid=draft.questionnaire_id))
        error = _(
            "We could not find answers saved with that code. Check the code and try "
            "again. Codes stop working after %(days)s days.",
            days=current_app.config["DRAFT_DAYS"],
        )
    return render_template("resume.html", error=error), (400 if error else 200)


@bp.get("/q/<qid>/continue")
def start_again(qid: str):
    """After resuming: the first page still to answer or to put right, else check your answers."""
    q = catalogue.get_or_404(qid)
    draft = drafts.current(qid)
    if draft is None:
        return redirect(url_for(".intro", qid=qid))
    answers = draft.answers or {}
    for p in q.visible_pages(answers):
        answerable = [question.id for question in p.questions if question.kind.answer != "none"]
        kept = typed.waiting(q.visible_questions(p, answers), draft.typed)
        if answerable and (kept or not any(qid_ in answers for qid_ in answerable)):
            return redirect(url_for(".page", qid=qid, page_id=p.id))
    return redirect(url_for(".check", qid=qid))
