"""Taking answers back with the respondent's code."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from survey.privacy import bp, retention
from survey.respond import drafts
from survey.staff.views import csrf_ok


@bp.route("/withdraw", methods=["GET", "POST"])
def withdraw():
    error = None
    done = False
    if request.method == "POST":
        code = drafts.normalise_code(request.form.get("code", ""))
        confirmed = request.form.get("confirm") == "yes"
        if not csrf_ok():
            error = _("The page had expired. Please try again.")
        elif not confirmed:
            error = _("Tick the box to confirm you want to take your answers back")
        elif not code or retention.withdraw(drafts.hash_code(code)) is None:
            error = _(
                "We could not find answers sent with that code, or the questionnaire "
                "has closed. Check the code and try again."
            )
        else:
            done = True
    return render_template("privacy/withdraw.html", error=error, done=done), (400 if error else 200)
