"""Resume codes and the answers a respondent has saved so far.

A code carries 130 random bits in 26 Crockford base-32 characters, shown in
groups of four so a child can copy it down; we keep only its SHA-256.

Drafts are read and written on every page of every journey, so this module
talks to the table with prebuilt Core statements rather than ORM objects: a
classroom burst spends its time on children, not on identity maps.

Beside the answers a draft keeps what was typed but did not pass its checks
(``typed``, see ``respond/typed.py``): stored in the same JSON under a key no
question id can take (ids are slugs starting with a letter or digit), so a
draft needs no column of its own for it, and split off here on reading, so
nothing else ever mistakes it for an answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app, g, has_request_context, request, session
from sqlalchemy import bindparam, insert, select, update

from questionnaires.model import EMPTY
from survey.db import db, read_connection
from survey.models import Draft, today

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O or U: easy to read back
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
CODE_LENGTH = 26  # 26 x 5 bits = 130 bits
_TYPED = "_typed"  # never a question id: see the module docstring

# What a child typed into one question, as posted: form name -> values.
Typed = dict[str, list[str]]

_TABLE = Draft.__table__
_COLUMNS = (
    _TABLE.c.id,
    _TABLE.c.code_hash,
    _TABLE.c.questionnaire_id,
    _TABLE.c.answers,
    _TABLE.c.locale,
    _TABLE.c.page_locales,
    _TABLE.c.submission_token,
    _TABLE.c.expires_on,
)
_FIND = select(*_COLUMNS).where(_TABLE.c.code_hash == bindparam("code_hash"))
_SAVE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("draft_id"))
    .values(
        answers=bindparam("answers"),
        locale=bindparam("locale"),
        page_locales=bindparam("page_locales"),
        updated_on=bindparam("on"),
    )
)


@dataclass(frozen=True)
class SavedDraft:
    """A draft as read from the database; saving returns a new one, never edits this."""

    id: int
    code_hash: str
    questionnaire_id: str
    answers: dict[str, Any]
    locale: str
    page_locales: dict[str, str]  # the language each page was saved in, by page id
    submission_token: str
    expires_on: dt.date
    typed: dict[str, Typed] = field(default_factory=dict)  # question id -> as typed


def _split(stored: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Typed]]:
    """The answers column as read: the answers, and what was typed but not yet accepted."""
    answers = dict(stored or {})
    typed = answers.pop(_TYPED, None)
    return answers, dict(typed) if isinstance(typed, dict) else {}


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


def start(questionnaire_id: str, locale: str) -> tuple[SavedDraft, str]:
    code = new_code()
    values = {
        "code_hash": hash_code(code),
        "questionnaire_id": questionnaire_id,
        "answers": {},
        "locale": locale,
        "page_locales": {},
        "submission_token": secrets.token_urlsafe(32),
        "expires_on": today() + dt.timedelta(days=current_app.config["DRAFT_DAYS"]),
    }
    result = db.session.connection().execute(insert(_TABLE).values(updated_on=today(), **values))
    db.session.commit()
    remember(questionnaire_id, code)
    return SavedDraft(id=result.inserted_primary_key[0], **values), code


def remember(questionnaire_id: str, code: str) -> None:
    g.setdefault("hys_drafts", {}).pop(questionnaire_id, None)
    codes = _session_codes()
    codes[questionnaire_id] = code
    # Not made permanent: the cookie ends with the browser, so a shared device forgets the child.
    session["drafts"] = codes


def forget(questionnaire_id: str) -> None:
    g.setdefault("hys_drafts", {}).pop(questionnaire_id, None)
    codes = _session_codes()
    codes.pop(questionnaire_id, None)
    session["drafts"] = codes


def code_for(questionnaire_id: str) -> str | None:
    return _session_codes().get(questionnaire_id)


def find(code: str | None, questionnaire_id: str | None = None) -> SavedDraft | None:
    if not code:
        return None
    params = {"code_hash": hash_code(code)}
    if has_request_context() and request.method == "GET":
        # A page view reads this one row and nothing else: a connection of its own is lighter
        # than the ORM session's. Anything else goes on to write, so it reads through the
        # session and uses one connection for the whole request.
        with read_connection() as connection:
            row = connection.execute(_FIND, params).first()
    else:
        row = db.session.connection().execute(_FIND, params).first()
    if row is None or row.expires_on < today():
        return None
    if questionnaire_id is not None and row.questionnaire_id != questionnaire_id:
        return None
    values = row._asdict()
    values["answers"], values["typed"] = _split(values["answers"])
    return SavedDraft(**values)


def current(questionnaire_id: str) -> SavedDraft | None:
    """The session's draft, looked up once per request (pages ask for it several times)."""
    cache = g.setdefault("hys_drafts", {})
    if questionnaire_id not in cache:
        cache[questionnaire_id] = find(code_for(questionnaire_id), questionnaire_id)
    return cache[questionnaire_id]


def _merge(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``old`` updated with ``new``; an empty value removes its key rather than being kept."""
    merged = dict(old)
    for key, value in new.items():
        if value in EMPTY:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def save_answers(
    draft: SavedDraft,
    answers: dict[str, Any],
    locale: str,
    typed: Mapping[str, Typed | None] | None = None,
    page_id: str | None = None,
) -> SavedDraft:
    """Merge one page's answers in; a cleared answer is removed, not kept. Returns the new draft.

    ``typed`` gives, per question of the page, what was typed but refused
    (kept until put right), or None once there is nothing refused to keep.
    ``page_id`` records the language that page was answered in: the words a
    child read are part of what their answer means.
    """
    merged = _merge(draft.answers or {}, answers)
    held = _merge(draft.typed, typed or {})
    stored = {**merged, _TYPED: held} if held else merged
    page_locales = dict(draft.page_locales or {})
    if page_id is not None:
        page_locales[page_id] = locale
    db.session.connection().execute(
        _SAVE,
        {
            "draft_id": draft.id,
            "answers": stored,
            "locale": locale,
            "page_locales": page_locales,
            "on": today(),
        },
    )
    db.session.commit()
    saved = replace(draft, answers=merged, locale=locale, typed=held, page_locales=page_locales)
    g.setdefault("hys_drafts", {})[draft.questionnaire_id] = saved
    return saved
