"""Taking answers back with the respondent's code."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _

from survey.privacy import bp, retention
from survey.respond import drafts
from survey.serving import ratelimit
from survey.serving.ratelimit import retry_after, too_many
from survey.staff.views import csrf_ok


@bp.route("/withdraw", methods=["GET", "POST"])
def withdraw():
    if request.method == "GET":
        return _page()
    if not csrf_ok():  # before the code is even looked at
        return _page(_("The page had expired. Please try again.")), 400
    wait = ratelimit.hit("withdraw", current_app.config["RATE_LIMIT_RESUME"])
    if wait:
        return _page(too_many(wait)), 429, retry_after(wait)
    if request.form.get("confirm") != "yes":
        return _page(_("Tick the box to confirm you want to take your answers back")), 400
    code = drafts.normalise_code(request.form.get("code", ""))
    if not code or retention.withdraw(drafts.hash_code(code)) is None:
        error = _(
            "We could not find answers sent with that code, or the questionnaire "
            "has closed. Check the code and try again."
        )
        return _page(error), 400
    return _page(done=True)


def _page(error: str | None = None, done: bool = False) -> str:
    return render_template("privacy/withdraw.html", error=error, done=done)
