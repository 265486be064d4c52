"""The safeguarding lead's second-look list: answers close to a disclosure that were not flagged.

The screen flags an answer when a rule matches or its meaning layer finds it at least
``THRESHOLD`` likely to be a disclosure. On words written blind, a fresh writer's disclosure
is still missed about one time in ten, and about half of those misses fall just below the
threshold (docs/benchmarks.md). Those answers are listed here, when they are sent and when
the answers are analysed, for the lead to read once and decide: open a case (the same case,
trail and email as a flag, and from then on the answer is withheld everywhere), or nothing to
act on. A listed answer is not withheld while it waits: most are everyday answers (about six
in a hundred of all answers), and withholding them would empty the findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.safeguarding import notify
from survey.safeguarding.models import SafeguardingCase, SecondLook
from survey.safeguarding.screening import Concern, Near, answer_text, free_texts, open_case
from survey.safeguarding.withholding import FROM_LIST, withheld_pairs
from survey.staff import auth
from survey.staff.models import User, now

FOUND = ("sending", "analysis")


@dataclass(frozen=True)
class _Removed:
    """A questionnaire since taken out of the catalogue: a case about one of its answers must
    still open, named by its id."""

    id: str
    audience: str = ""

    @property
    def title(self) -> str:
        return self.id


def record(questionnaire_id: str, nears: Sequence[tuple[int, Near]], found: str) -> int:
    """List each (response id, near answer) not listed before and with no case; returns how
    many were new, and tells the leads when there are (the caller commits, then calls
    ``notify.deliver_soon``). Two runs at once list an answer once: the insert skips a pair
    already there, on SQLite and PostgreSQL alike."""
    if found not in FOUND:
        raise ValueError(f"found must be one of {FOUND}, not {found!r}")
    if not nears:
        return 0
    cased = withheld_pairs(response_id for response_id, _ in nears)
    rows = [
        {
            "created_at": now(),
            "questionnaire_id": questionnaire_id,
            "response_id": response_id,
            "question_id": near.question_id,
            "audience": near.audience[:32],
            "category": near.category[:40],
            "probability": near.probability,
            "reason": near.reason[:600],
            "meaning": near.meaning,
            "found": found,
            "decision": "",
        }
        for response_id, near in nears
        if (response_id, near.question_id) not in cased
    ]
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    added = 0
    for start in range(0, len(rows), 500):
        statement = (
            dialect.insert(SecondLook)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["response_id", "question_id"])
            .returning(SecondLook.id)
        )
        added += len(db.session.execute(statement).all())
    if added:
        notify.second_look_waiting(count_waiting())
    return added


def record_safely(questionnaire_id: str, nears: Sequence[tuple[int, Near]], found: str) -> None:
    """:func:`record` and commit, never raising: on sending, the child's answers are already
    safe, and the next analysis run lists what a database hiccup kept off the list here."""
    try:
        if record(questionnaire_id, nears, found):
            db.session.commit()
            notify.deliver_soon()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("second-look list not updated on sending")


def waiting(limit: int = 500) -> list[SecondLook]:
    """The answers waiting for the lead, oldest first: each has waited longest."""
    query = db.select(SecondLook).where(SecondLook.decision == "").order_by(SecondLook.id)
    return list(db.session.execute(query.limit(limit)).scalars())


def decided(limit: int = 500) -> list[SecondLook]:
    query = db.select(SecondLook).where(SecondLook.decision != "").order_by(SecondLook.id.desc())
    return list(db.session.execute(query.limit(limit)).scalars())


def count_waiting() -> int:
    query = db.select(db.func.count()).select_from(SecondLook).where(SecondLook.decision == "")
    return int(db.session.execute(query).scalar_one())


def texts_of(items: Sequence[SecondLook]) -> dict[int, str]:
    """Each listed answer's words, read from its response (the list keeps no copy)."""
    ids = sorted({item.response_id for item in items})
    query = db.select(Response.id, Response.answers).where(Response.id.in_(ids))
    answers = {row.id: row.answers for row in db.session.execute(query)} if ids else {}
    questionnaires = catalogue.all_questionnaires()
    out = {}
    for item in items:
        q = questionnaires.get(item.questionnaire_id)
        given = answers.get(item.response_id) or {}
        if q is not None:
            out[item.id] = free_texts(q, given).get(item.question_id, "")
        else:  # the questionnaire was since removed: the stored answer as it is
            out[item.id] = answer_text(given.get(item.question_id))
    return out


def locked(item_id: int) -> SecondLook | None:
    """The item, locked until commit: two leads deciding at once decide it once."""
    query = db.select(SecondLook).where(SecondLook.id == item_id).with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def open_case_for(item: SecondLook, user: User) -> SafeguardingCase:
    """Open a case for a listed answer (the caller commits, then calls :func:`after_case`).

    The case is opened as any other (``screening.open_case``: trail, email to the lead) and
    names the response, so the answer is withheld from then on. If a case already names the
    answer (a later analysis run flagged it), that case is the decision.
    """
    existing = db.session.execute(
        db.select(SafeguardingCase).where(
            SafeguardingCase.response_id == item.response_id,
            SafeguardingCase.question_id == item.question_id,
        )
    ).scalar()
    case = existing
    if case is None:
        response = db.session.get(Response, item.response_id)
        q = catalogue.all_questionnaires().get(item.questionnaire_id)
        q = q if q is not None else _Removed(item.questionnaire_id)
        text = texts_of([item])[item.id]
        concern = Concern(
            item.question_id,
            text,
            "flagged",
            (item.category,),
            "und",
            item.reason,
            meaning=item.meaning,
        )
        case = open_case(
            q,
            concern,
            code_hash=response.code_hash or "",
            locale=response.locale,
            audience=item.audience,
            response_id=response.id,
            note=FROM_LIST,
        )
    _decide(item, user, "case")
    item.case_id = case.id
    auth.audit("second_look_case", target=f"second_look:{item.id}", detail=f"case:{case.id}")
    return case


def nothing_to_act_on(item: SecondLook, user: User) -> None:
    """The lead read it and there is nothing to act on (the caller commits)."""
    _decide(item, user, "nothing")
    auth.audit("second_look_nothing", target=f"second_look:{item.id}")


def _decide(item: SecondLook, user: User, decision: str) -> None:
    item.decision, item.decided_at, item.decided_by = decision, now(), user.id


def after_case(questionnaire_id: str, user: User) -> None:
    """What follows a case opened from the list, once it is committed: the lead is told as
    for any case; the answer's quotes are withdrawn and its words struck from "You said",
    emerging themes and prepared exports made with it are dropped (it may have been read in
    the workspace while it waited), and the analysis runs again so that counts leave it out."""
    from survey.serving import jobs
    from survey.workspace.models import FindingsSnapshot
    from survey.workspace.withheld import forget_earlier, withdraw

    notify.deliver_soon()
    withdraw(questionnaire_id)
    forget_earlier(questionnaire_id)
    analysed = db.session.execute(
        db.select(FindingsSnapshot.id).where(FindingsSnapshot.questionnaire_id == questionnaire_id)
    ).first()
    db.session.commit()
    if analysed is not None:
        job = jobs.enqueue("analyse", {"questionnaire": questionnaire_id})
        auth.audit(
            "analysis_run",
            target=f"questionnaire:{questionnaire_id}",
            user=user,
            detail=f"job {job.id}",
        )
        db.session.commit()
