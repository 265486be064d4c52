"""Deleting what has been kept long enough, and what a respondent takes back.

Safeguarding cases are not deleted here: they keep a copy of the words that
raised them and follow the council's safeguarding records policy.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func

from survey import catalogue
from survey.db import db
from survey.models import Draft, Response, today
from survey.privacy.models import PrivacyEvent

DEFAULT_RETENTION_DAYS = 730


def purge(on: dt.date | None = None) -> dict[str, int]:
    """Delete responses past their questionnaire's retention and expired drafts.

    Idempotent: a second run on the same day deletes nothing more and records
    nothing more. A questionnaire whose file is broken is skipped: its own
    retention period cannot be read, and the default might be shorter.
    Returns counts by questionnaire (and ``drafts``).
    """
    on = on or today()
    known = catalogue.all_questionnaires()
    refused = catalogue.refused()
    counts: dict[str, int] = {}
    ids = db.session.execute(db.select(Response.questionnaire_id).distinct()).scalars().all()
    for qid in ids:
        if qid in refused:  # its retention period is unreadable: keep everything until fixed
            continue
        days = known[qid].retention_days if qid in known else DEFAULT_RETENTION_DAYS
        cutoff = on - dt.timedelta(days=days)
        result = db.session.execute(
            delete(Response).where(Response.questionnaire_id == qid, Response.submitted_on < cutoff)
        )
        if result.rowcount:
            counts[qid] = result.rowcount
            db.session.add(
                PrivacyEvent(on=on, kind="retention", questionnaire_id=qid, count=result.rowcount)
            )
    from flask import current_app

    from survey.workspace.prepared import remove_old

    exports = remove_old(current_app.config["EXPORT_KEEP_HOURS"])
    if exports:
        counts["prepared_exports"] = exports
    drafts = db.session.execute(delete(Draft).where(Draft.expires_on < on)).rowcount
    if drafts:
        counts["drafts"] = drafts
        db.session.add(PrivacyEvent(on=on, kind="draft_expiry", count=drafts))
    db.session.commit()
    return counts


def withdraw(code_hash: str) -> Response | None:
    """Remove the response sent with this code, while its questionnaire is open."""
    response = db.session.execute(
        db.select(Response).where(Response.code_hash == code_hash)
    ).scalar_one_or_none()
    if response is None:
        return None
    questionnaire = catalogue.all_questionnaires().get(response.questionnaire_id)
    if questionnaire is None or questionnaire.status != "open":
        return None
    qid = response.questionnaire_id
    db.session.delete(response)
    db.session.add(PrivacyEvent(kind="withdrawal", questionnaire_id=qid, count=1))
    db.session.commit()
    return response


def totals() -> list[tuple[str, str, int]]:
    return db.session.execute(
        db.select(
            PrivacyEvent.kind, PrivacyEvent.questionnaire_id, func.sum(PrivacyEvent.count)
        ).group_by(PrivacyEvent.kind, PrivacyEvent.questionnaire_id)
    ).all()
