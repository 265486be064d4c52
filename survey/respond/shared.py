"""Shared devices: a school tablet passes from one child to the next.

What the session holds of a child (their draft, the code to withdraw, the
case a contact request joins) ends with the browser, is cleared by "This is
not me: start again", and codes are shown once: the next person to look at
the same page finds neither the code nor the way into someone else's answers.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from survey import catalogue
from survey.respond import bp
from survey.staff.views import csrf_ok

# Everything a respondent's journey keeps in the session, by key.
RESPONDENT_KEYS = ("drafts", "started", "suspect", "done", "withdraw_codes", "help", "show_code")


def respondent_session() -> bool:
    """True when this browser holds something of a respondent (shows "This is not me")."""
    return any(session.get(key) for key in RESPONDENT_KEYS)


def keep_once(key: str, qid: str, value: Any) -> None:
    """Keep ``value`` for the next page that shows it, and for that page only."""
    session[key] = {**session.get(key, {}), qid: value}


def take_once(key: str, qid: str) -> Any:
    """The value kept with ``keep_once``, gone from the session once read (None if none)."""
    kept = dict(session.get(key, {}))
    value = kept.pop(qid, None)
    if value is not None:
        session[key] = kept
    return value


@bp.post("/not-me")
def not_me():
    """Forget everything this browser holds, for the next person; the answers stay stored.

    Whoever saved a draft or sent answers can still reach them with their code.
    """
    q = catalogue.all_questionnaires().get(request.form.get("q", ""))
    back = url_for(".intro", qid=q.id) if q and q.status != "closed" else url_for(".home")
    if not csrf_ok():
        flash(_("The page had expired. Please try again."), "info")
        return redirect(back)
    session.clear()
    flash(_("Everything from before has been cleared from this device."), "info")
    return redirect(back)
