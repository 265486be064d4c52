"""The one rule for withheld answers: an answer a safeguarding case names is seen only there.

A free-text answer becomes a case when the screen flags it (or cannot screen it) on a page
save, on sending, or when the answers are analysed later with newer rules, or when the lead
opens one from the second-look list (``second_look``). However it got
there, the case names the response and the question, and that pair is then withheld from
everything outside the safeguarding queue: findings, emerging themes, quotes, exports, the
report and "You said, we did". Every one of those asks this module, and nothing else, so
there is one rule to check and one place to change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists
from sqlalchemy.sql import ColumnElement

from questionnaires import Questionnaire
from survey.db import db
from survey.models import Response
from survey.safeguarding import notify
from survey.safeguarding.models import CaseEvent, SafeguardingCase
from survey.safeguarding.screening import Concern, answer_text, finding_of, open_case

LATE = "found when the answers were analysed"  # the note on the trail of a late case
FROM_LIST = "opened from the second-look list"  # a listed answer may have been read meanwhile
ONCE_SHOWN = (LATE, FROM_LIST)  # the notes of cases whose answers analysts could once read
BATCH = 2000  # ids per query: well under PostgreSQL's and SQLite's bound-parameter limits


def is_withheld(response_id: Any, question_id: Any) -> ColumnElement[bool]:
    """SQL: true when a case names this response's answer to this question."""
    return exists().where(
        SafeguardingCase.response_id == response_id,
        SafeguardingCase.question_id == question_id,
    )


def withheld_pairs(response_ids: Iterable[int]) -> set[tuple[int, str]]:
    """The (response id, question id) pairs among these responses that only the queue may show.

    Looked up a batch at a time, so an export of a million responses never names a million
    ids in one query.
    """
    ids = list(dict.fromkeys(response_ids))
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ids), BATCH):
        rows = db.session.execute(
            db.select(SafeguardingCase.response_id, SafeguardingCase.question_id).where(
                SafeguardingCase.response_id.in_(ids[start : start + BATCH])
            )
        ).all()
        found.update((r, q) for r, q in rows)
    return found


def withheld_in(questionnaire_id: str) -> set[tuple[int, str]]:
    """Every withheld (response id, question id) pair of one questionnaire's responses."""
    rows = db.session.execute(
        db.select(SafeguardingCase.response_id, SafeguardingCase.question_id)
        .join(Response, Response.id == SafeguardingCase.response_id)
        .where(Response.questionnaire_id == questionnaire_id)
    ).all()
    return {(r, q) for r, q in rows}


def texts_once_shown(questionnaire_id: str) -> list[str]:
    """The words of withheld answers that analysts could read before they were withheld.

    Only an answer flagged when the answers were analysed, or opened as a case from the lead's
    second-look list, was ever shown in the workspace (one flagged on a page save or on
    sending never was), so only these can have been copied
    into something an analyst wrote, such as a "You said". Checking only these also means
    the check never tells an analyst anything about answers they could not have read.
    """
    rows = db.session.execute(
        db.select(Response.answers, SafeguardingCase.question_id)
        .join(SafeguardingCase, SafeguardingCase.response_id == Response.id)
        .join(CaseEvent, CaseEvent.case_id == SafeguardingCase.id)
        .where(
            Response.questionnaire_id == questionnaire_id,
            CaseEvent.action == "created",
            CaseEvent.note.in_(ONCE_SHOWN),
        )
    ).all()
    texts: list[str] = []
    for answers, question_id in rows:
        text = answer_text(answers.get(question_id))
        if text.strip():
            texts.append(text)
    return texts


@dataclass(frozen=True)
class LateFlag:
    """An answer the screen flagged (or could not screen) when the answers were analysed."""

    response_id: int
    question_id: str
    text: str
    status: str  # flagged | unscreened
    categories: tuple[str, ...]
    language: str
    locale: str
    audience: str
    code_hash: str
    meaning: Mapping[str, Any] | None = None  # the meaning layer's finding, when it flagged


def open_late_cases(questionnaire: Questionnaire, flags: Sequence[LateFlag]) -> int:
    """A case for each flagged answer that has none yet; returns how many were opened.

    The same case, trail and email as a flag found on sending (``screening.open_case``). An
    answer that already has a case (from a page save, from sending, or from an earlier run)
    never gets a second one: the response row is locked first (``FOR UPDATE`` on PostgreSQL;
    SQLite takes one writer at a time), so two runs at once cannot both open one.
    """
    opened = 0
    for flag in flags:
        db.session.execute(
            db.select(Response.id).where(Response.id == flag.response_id).with_for_update()
        )
        if db.session.execute(
            db.select(is_withheld(flag.response_id, flag.question_id))
        ).scalar_one():
            continue
        reason = str(flag.meaning["reason"]) if flag.meaning else ""
        concern = Concern(
            flag.question_id,
            flag.text,
            flag.status,
            flag.categories,
            flag.language,
            reason,
            meaning=finding_of(flag.meaning),
        )
        open_case(
            questionnaire,
            concern,
            code_hash=flag.code_hash,
            locale=flag.locale,
            audience=flag.audience,
            response_id=flag.response_id,
            note=LATE,
        )
        opened += 1
    db.session.commit()
    if opened:
        notify.deliver_soon()
    return opened
