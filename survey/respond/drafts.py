"""Resume codes and the answers a respondent has saved so far.

A code carries 130 random bits in 26 Crockford base-32 characters, shown in
groups of four so a child can copy it down; we keep only its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from flask import current_app, g, session

from survey.db import db
from survey.models import Draft, today

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O or U: easy to read back
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
CODE_LENGTH = 26  # 26 x 5 bits = 130 bits


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """Accept the code however it was copied: spaces, dashes, lower case, O for 0."""
    cleaned = "".join(c for c in typed.upper() if c.isalnum()).translate(_CONFUSABLE)
    return cleaned if len(cleaned) == CODE_LENGTH and set(cleaned) <= set(_ALPHABET) else ""


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _session_codes() -> dict[str, str]:
    """A copy: reading must not mark the session changed (that re-signs the cookie each time)."""
    return dict(session.get("drafts", {}))


def start(questionnaire_id: str, locale: str) -> tuple[Draft, str]:
    code = new_code()
    draft = Draft(
        code_hash=hash_code(code),
        questionnaire_id=questionnaire_id,
        answers={},
        locale=locale,
        submission_token=secrets.token_urlsafe(32),
        updated_on=today(),
        expires_on=today() + dt.timedelta(days=current_app.config["DRAFT_DAYS"]),
    )
    db.session.add(draft)
    db.session.commit()
    remember(questionnaire_id, code)
    return draft, code


def remember(questionnaire_id: str, code: str) -> None:
    g.setdefault("hys_drafts", {}).pop(questionnaire_id, None)
    codes = _session_codes()
    codes[questionnaire_id] = code
    session["drafts"] = codes
    session.permanent = True


def forget(questionnaire_id: str) -> None:
    g.setdefault("hys_drafts", {}).pop(questionnaire_id, None)
    codes = _session_codes()
    codes.pop(questionnaire_id, None)
    session["drafts"] = codes


def code_for(questionnaire_id: str) -> str | None:
    return _session_codes().get(questionnaire_id)


def find(code: str | None, questionnaire_id: str | None = None) -> Draft | None:
    if not code:
        return None
    draft = db.session.execute(
        db.select(Draft).where(Draft.code_hash == hash_code(code))
    ).scalar_one_or_none()
    if draft is None or draft.expires_on < today():
        return None
    if questionnaire_id is not None and draft.questionnaire_id != questionnaire_id:
        return None
    return draft


def current(questionnaire_id: str) -> Draft | None:
    """The session's draft, looked up once per request (pages ask for it several times)."""
    cache = g.setdefault("hys_drafts", {})
    if questionnaire_id not in cache:
        cache[questionnaire_id] = find(code_for(questionnaire_id), questionnaire_id)
    return cache[questionnaire_id]


def save_answers(draft: Draft, answers: dict[str, Any], locale: str) -> None:
    """Merge one page's answers in; a cleared answer is removed, not kept."""
    merged = dict(draft.answers or {})
    for key, value in answers.items():
        if value in (None, "", [], {}):
            merged.pop(key, None)
        else:
            merged[key] = value
    draft.answers = merged
    draft.locale = locale
    draft.updated_on = today()
    db.session.commit()
