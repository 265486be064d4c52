"""Running the analysis over stored responses and saving what the workspace shows.

Each run re-themes every free-text answer of a questionnaire (learning from
all analysts' corrections so far), stores a row per answer, and precomputes
the findings into a snapshot. The run screens every answer again, with the
rules as they are now: an answer flagged now that was not flagged on sending
gets a case, exactly as if it had been flagged then, and from then on it is
withheld like any other (``survey.safeguarding.withholding``): not themed, not
counted, not in emerging themes, and any quote of it is withdrawn. An answer it finds
close to a disclosure but does not flag goes on the lead's second-look list
(``survey.safeguarding.second_look``), once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import delete

from questionnaires import Questionnaire
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.safeguarding import notify, second_look
from survey.safeguarding.screening import Near, answer_text, free_texts, near_of
from survey.safeguarding.withholding import LateFlag, is_withheld, open_late_cases, withheld_in
from survey.workspace import mapped
from survey.workspace.findings import build_snapshot
from survey.workspace.models import AnalysisRecord, FindingsSnapshot, ThemeCorrection
from survey.workspace.withheld import forget_earlier, withdraw


@dataclass(frozen=True)
class RunSummary:
    questionnaire_id: str
    responses: int
    answers: int
    withheld: int
    not_processed: int
    reduced: tuple[str, ...]
    cases_opened: int = 0
    quotes_withdrawn: int = 0  # approved quotes taken back because their answer is now withheld
    listed: int = 0  # answers newly put on the lead's second-look list


def _age_band(q: Questionnaire, answers: dict[str, Any]) -> str:
    for question in q.questions:
        if question.kind.respondent_band and isinstance(answers.get(question.id), str):
            return answers[question.id]
    return q.age_band


def answered_as(
    response: Any, question_id: str, q: Questionnaire | None = None
) -> tuple[str, str | None]:
    """(audience, age band) of whoever wrote an answer: the child who answered a section of
    a parent's questionnaire is a child, screened and themed as one; everyone else is the
    response's own audience (its age band asked, if ``q`` is given to find it)."""
    by = (getattr(response, "answered_by", None) or {}).get(question_id)
    if by:
        return by["audience"], by.get("age_band")
    return response.audience, _age_band(q, response.answers) if q is not None else None


def _responses(qid: str) -> Iterator[Response]:
    query = (
        db.select(Response)
        .where(Response.questionnaire_id == qid, Response.quarantine == "")
        .order_by(Response.id)
    )
    yield from db.session.execute(query.execution_options(yield_per=2000)).scalars()


def question_contexts(q: Questionnaire) -> dict[str, list[str]]:
    """Each question's first theme, by question id: what every answer to it is about ("What
    would make being in care better?" is about care). The analysis weighs it as a human coder
    would, both when it themes an answer and when it learns from an analyst's correction."""
    return {x.id: list(x.themes[:1]) for x in q.questions}


def question_context(q: Questionnaire | None, question_id: str) -> list[str]:
    """One answer's context; a correction's questionnaire may since have been removed."""
    return question_contexts(q).get(question_id, []) if q is not None else []


def _corrections() -> list[dict[str, Any]]:
    """Every correction to learn from, except those of withheld answers: the learned model
    is a file on disk, and a withheld answer's words must not end up in it."""
    rows = db.session.execute(
        db.select(ThemeCorrection, Response.answers, Response.questionnaire_id)
        .join(Response, Response.id == ThemeCorrection.response_id)
        .where(~is_withheld(ThemeCorrection.response_id, ThemeCorrection.question_id))
    ).all()
    questionnaires = catalogue.all_questionnaires()
    out = []
    for correction, answers, qid in rows:
        text = answer_text(answers.get(correction.question_id))
        if text.strip():
            context = question_context(questionnaires.get(qid), correction.question_id)
            out.append({"text": text, "themes": correction.themes, "context": context})
    return out


def learned_model_path() -> Path:
    return Path(current_app.instance_path) / "analysis" / "learned-model.json"


@dataclass(frozen=True)
class _Screened:
    """A configured screen's answer in the shape the analysis reads (it also wants ``flag``)."""

    status: str
    flag: bool
    categories: tuple[str, ...]
    language: str
    error: str
    second_look: Any = None  # clear but close to a disclosure (the lead's second-look list)
    meaning: Any = None  # the meaning layer's finding, when it flagged the answer


def _screen() -> Any:
    """The screen used for sending (``SAFEGUARDING_SCREEN``, or the bundled one with the
    council's second-look floor), so an answer is judged by the same rules at every moment;
    None only when the bundled screen will not load (the analysis then marks answers
    unscreened)."""
    configured = current_app.config.get("SAFEGUARDING_SCREEN")
    if configured is None:
        try:  # the bundled screen with the council's second-look floor, as at sending
            from analysis.safeguarding import default_screener

            return default_screener(current_app.config.get("SAFEGUARDING_SECOND_LOOK"))
        except Exception:  # the analysis's own default then marks every answer unscreened
            return None

    def screen(text: str, *, locale: str | None = None, audience: str | None = None):
        result = configured(text, locale=locale, audience=audience)
        status = str(result.status)
        categories = tuple(getattr(result, "categories", ()) or ())
        language = str(getattr(result, "language", "") or "und")
        error = str(getattr(result, "error", "") or "")
        near = getattr(result, "second_look", None)  # the stage keeps it only when clear
        meant = getattr(result, "meaning", None)
        return _Screened(status, status != "clear", categories, language, error, near, meant)

    return screen


def _late_flags(run: Any, keys: dict[str, tuple[int, str]]) -> list[LateFlag]:
    """What the screen flagged (or could not screen) in this run, with what a case needs."""
    flagged = [r for r in run.results if r.safeguarding_flag]
    ids = sorted({keys[r.id][0] for r in flagged})
    about: dict[int, Any] = {}
    for start in range(0, len(ids), 2000):  # a broken screen flags everything: stay in limits
        query = db.select(
            Response.id,
            Response.locale,
            Response.audience,
            Response.code_hash,
            Response.answered_by,
        )
        for row in db.session.execute(query.where(Response.id.in_(ids[start : start + 2000]))):
            about[row.id] = row
    flags = []
    for r in flagged:
        response_id, question_id = keys[r.id]
        response = about[response_id]
        flags.append(
            LateFlag(
                response_id=response_id,
                question_id=question_id,
                text=r.text,
                status="unscreened" if r.safeguarding_status == "unscreened" else "flagged",
                categories=tuple(r.safeguarding_categories),
                language=r.language,
                locale=response.locale,
                audience=answered_as(response, question_id)[0],
                code_hash=response.code_hash or "",
                meaning=r.safeguarding_meaning,
            )
        )
    return flags


def _nears(run: Any, keys: dict[str, tuple[int, str]]) -> list[tuple[int, Near]]:
    """The clear answers of this run close to a disclosure, for the lead's second look."""
    found = []
    for r in run.results:
        response_id, question_id = keys[r.id]
        near = near_of(question_id, r.audience or "", r.safeguarding_second_look)
        if near is not None:
            found.append((response_id, near))
    return found


def run_analysis(qid: str) -> RunSummary:
    from analysis import analyse, learn
    from analysis.findings import emerging_groups

    q = catalogue.all_questionnaires()[qid]
    records, keys = [], {}
    contexts = question_contexts(q)
    for response in _responses(qid):
        for question_id, text in free_texts(q, response.answers).items():
            key = f"{response.id}:{question_id}"
            keys[key] = (response.id, question_id)
            audience, age_band = answered_as(response, question_id, q)
            records.append(
                {
                    "id": key,
                    "text": text,
                    "audience": audience,
                    "age_band": age_band,
                    "locale": response.locale,
                    "context": contexts.get(question_id, []),
                }
            )
    corrected = {
        (c.response_id, c.question_id): c.themes
        for c in db.session.execute(
            db.select(ThemeCorrection).order_by(ThemeCorrection.at)
        ).scalars()
    }
    path = learned_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Emerging themes are grouped below, from the answers that are not withheld only.
    frameworks, codebook = mapped.configured()
    run = analyse(
        records,
        corrections=_corrections(),
        learned_path=path,
        codebook=codebook,
        frameworks=frameworks,
        screen=_screen(),
        emerging=False,
    )
    # Safeguarding first: the cases are committed (and the lead told) before anything else.
    opened = open_late_cases(q, _late_flags(run, keys))
    listed = second_look.record(qid, _nears(run, keys), "analysis")
    db.session.commit()
    if listed:
        notify.deliver_soon()
    if opened:  # relearn without them: the model file keeps the words of corrected answers
        learn(_corrections(), codebook, path=path)
    hidden = withheld_in(qid)

    db.session.execute(delete(AnalysisRecord).where(AnalysisRecord.questionnaire_id == qid))
    # A forum's name is screened like any free text, but it is not an opinion: no themes,
    # no quotes, no emerging theme of forum names (survey/workspace/forums.py reads it).
    names = {x.id for x in q.questions if x.purpose == "forum_name"}
    themed = [r for r in run.results if keys[r.id][1] not in names]
    withheld = 0
    for result in themed:
        response_id, question_id = keys[result.id]
        hold = (response_id, question_id) in hidden
        withheld += hold
        themes = corrected.get((response_id, question_id), list(result.themes))
        # A withheld answer keeps no analysis: nothing derived from its words is stored.
        db.session.add(
            AnalysisRecord(
                response_id=response_id,
                questionnaire_id=qid,
                question_id=question_id,
                themes=[] if hold else list(themes),
                subthemes=[] if hold else list(result.subthemes),
                mappings={} if hold else dict(result.mappings),
                sentiment=None if hold else result.sentiment,
                language=result.language,
                withheld=hold,
                corrected=(response_id, question_id) in corrected,
            )
        )
    db.session.flush()
    groups, _ungrouped = emerging_groups([r for r in themed if keys[r.id] not in hidden])
    snapshot = build_snapshot(q, groups, run.reduced)
    if opened:
        forget_earlier(qid)
    db.session.add(FindingsSnapshot(questionnaire_id=qid, data=snapshot))
    withdrawn = withdraw(qid)
    db.session.commit()
    return RunSummary(
        qid,
        snapshot["respondents"],
        len(themed),
        withheld,
        len(run.not_processed),
        tuple(run.reduced),
        opened,
        withdrawn.approved_quotes,
        listed,
    )


def latest_snapshot(qid: str) -> FindingsSnapshot | None:
    return db.session.execute(
        db.select(FindingsSnapshot)
        .where(FindingsSnapshot.questionnaire_id == qid)
        .order_by(FindingsSnapshot.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def published_snapshot(qid: str) -> FindingsSnapshot | None:
    """The findings viewers read (and the API serves): the newest published snapshot."""
    return db.session.execute(
        db.select(FindingsSnapshot)
        .where(FindingsSnapshot.questionnaire_id == qid, FindingsSnapshot.published.is_(True))
        .order_by(FindingsSnapshot.id.desc())
        .limit(1)
    ).scalar_one_or_none()
