"""Running the analysis over stored responses and saving what the workspace shows.

Each run re-themes every free-text answer of a questionnaire (learning from
all analysts' corrections so far), stores a row per answer, and precomputes
the findings into a snapshot. Safeguarding-flagged answers are analysed but
withheld: they never count in findings or become quotes.
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
from survey.safeguarding.models import SafeguardingCase
from survey.safeguarding.screening import free_texts
from survey.workspace.findings import build_snapshot
from survey.workspace.models import AnalysisRecord, FindingsSnapshot, ThemeCorrection


@dataclass(frozen=True)
class RunSummary:
    questionnaire_id: str
    responses: int
    answers: int
    withheld: int
    not_processed: int
    reduced: tuple[str, ...]


def _age_band(q: Questionnaire, answers: dict[str, Any]) -> str:
    for question in q.questions:
        if question.type == "age_band" and isinstance(answers.get(question.id), str):
            return answers[question.id]
    return q.age_band


def _responses(qid: str) -> Iterator[Response]:
    query = (
        db.select(Response)
        .where(Response.questionnaire_id == qid, Response.quarantine == "")
        .order_by(Response.id)
    )
    yield from db.session.execute(query.execution_options(yield_per=2000)).scalars()


def _corrections() -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(ThemeCorrection, Response.answers).join(
            Response, Response.id == ThemeCorrection.response_id
        )
    ).all()
    out = []
    for correction, answers in rows:
        value = answers.get(correction.question_id)
        text = value.get("other", "") if isinstance(value, dict) else value
        if isinstance(text, str) and text.strip():
            out.append({"text": text, "themes": correction.themes})
    return out


def learned_model_path() -> Path:
    return Path(current_app.instance_path) / "analysis" / "learned-model.json"


def run_analysis(qid: str) -> RunSummary:
    from analysis import analyse

    q = catalogue.all_questionnaires()[qid]
    records, keys = [], {}
    for response in _responses(qid):
        for question_id, text in free_texts(q, response.answers).items():
            key = f"{response.id}:{question_id}"
            keys[key] = (response.id, question_id)
            records.append(
                {
                    "id": key,
                    "text": text,
                    "audience": response.audience,
                    "age_band": _age_band(q, response.answers),
                    "locale": response.locale,
                }
            )
    cased = {
        tuple(row)
        for row in db.session.execute(
            db.select(SafeguardingCase.response_id, SafeguardingCase.question_id).where(
                SafeguardingCase.questionnaire_id == qid, SafeguardingCase.response_id.isnot(None)
            )
        ).all()
    }
    corrected = {
        (c.response_id, c.question_id): c.themes
        for c in db.session.execute(
            db.select(ThemeCorrection).order_by(ThemeCorrection.at)
        ).scalars()
    }
    path = learned_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    run = analyse(records, corrections=_corrections(), learned_path=path)

    db.session.execute(delete(AnalysisRecord).where(AnalysisRecord.questionnaire_id == qid))
    withheld = 0
    for result in run.results:
        response_id, question_id = keys[result.id]
        hold = result.safeguarding_flag or (response_id, question_id) in cased
        withheld += hold
        themes = corrected.get((response_id, question_id), list(result.themes))
        db.session.add(
            AnalysisRecord(
                response_id=response_id,
                questionnaire_id=qid,
                question_id=question_id,
                themes=list(themes),
                subthemes=list(result.subthemes),
                uncrc=list(result.uncrc),
                outcomes={
                    "shanarri": list(result.shanarri),
                    "ecm": list(result.ecm),
                    "local": list(result.outcomes),
                },
                sentiment=result.sentiment,
                language=result.language,
                withheld=hold,
                corrected=(response_id, question_id) in corrected,
            )
        )
    db.session.flush()
    snapshot = build_snapshot(q, run)
    db.session.add(FindingsSnapshot(questionnaire_id=qid, data=snapshot))
    db.session.commit()
    return RunSummary(
        qid,
        snapshot["respondents"],
        len(run.results),
        withheld,
        len(run.not_processed),
        tuple(run.reduced),
    )


def latest_snapshot(qid: str) -> FindingsSnapshot | None:
    return db.session.execute(
        db.select(FindingsSnapshot)
        .where(FindingsSnapshot.questionnaire_id == qid)
        .order_by(FindingsSnapshot.id.desc())
        .limit(1)
    ).scalar_one_or_none()
