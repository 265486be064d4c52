"""Precomputing a questionnaire's findings into one snapshot.

Counts here are raw; every page, chart, export and report applies small-number
suppression when it shows them (``survey.workspace.suppression``), so the
threshold can be raised without re-running the analysis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from questionnaires import Questionnaire
from survey.db import db
from survey.models import QuestionnaireVersion, Response
from survey.workspace import stats
from survey.workspace.models import AnalysisRecord

BREAKDOWN_PURPOSES = ("equality", "breakdown")


def _label(question, value: str) -> str:
    option = question.option(value)
    if value == "prefer_not_to_say":
        return "Prefer not to say"
    return str(option.label) if option else value


def build_snapshot(q: Questionnaire, run: Any) -> dict[str, Any]:
    """Everything the findings pages show, as plain JSON-able data."""
    from analysis import FrameworkIndex, load_codebook, load_frameworks

    frameworks = load_frameworks()
    codebook = load_codebook("standard", frameworks)
    index = FrameworkIndex(codebook, frameworks)

    responses = db.session.execute(
        db.select(Response.id, Response.answers, Response.audience, QuestionnaireVersion.version)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.version_id)
        .where(Response.questionnaire_id == q.id, Response.quarantine == "")
    ).all()
    answers_by_id = {r.id: r.answers for r in responses}
    wave_of = {r.id: r.version for r in responses}
    audience_of = {r.id: r.audience for r in responses}
    group_questions = [
        x for x in q.questions if x.purpose in BREAKDOWN_PURPOSES or x.type == "age_band"
    ]
    records = (
        db.session.execute(db.select(AnalysisRecord).where(AnalysisRecord.questionnaire_id == q.id))
        .scalars()
        .all()
    )

    theme_members: dict[str, set[int]] = defaultdict(set)
    sub_members: dict[str, set[int]] = defaultdict(set)
    sentiments: dict[str, list[float]] = defaultdict(list)
    withheld = 0
    for rec in records:
        if rec.withheld:
            withheld += 1
            continue
        for theme in rec.themes:
            theme_members[theme].add(rec.response_id)
            if rec.sentiment is not None:
                sentiments[theme].append(rec.sentiment)
        for sub in rec.subthemes:
            sub_members[sub].add(rec.response_id)

    total = len(responses)
    themes = []
    for theme_id, members in sorted(theme_members.items(), key=lambda kv: -len(kv[1])):
        theme = codebook.themes.get(theme_id)
        links = index.for_theme(theme_id) if theme else {}
        by_group = {
            gq.id: dict(Counter(str(answers_by_id[m].get(gq.id, "not_answered")) for m in members))
            for gq in group_questions
        }
        by_wave = Counter(wave_of[m] for m in members)
        scores = sentiments[theme_id]
        mean = round(sum(scores) / len(scores), 3) if scores else None
        themes.append(
            {
                "id": theme_id,
                "name": theme.name if theme else theme_id,
                "description": theme.description if theme else "",
                "respondents": len(members),
                "sentiment": mean,
                "subthemes": [
                    {"id": s.id, "name": s.name, "respondents": len(sub_members[s.id])}
                    for s in codebook.subthemes_of(theme_id)
                    if sub_members.get(s.id)
                ],
                "frameworks": {
                    name: [{"id": item.id, "name": item.name} for item in items]
                    for name, items in links.items()
                },
                "by_group": by_group,
                "by_wave": {str(k): v for k, v in by_wave.items()},
                "by_audience": dict(Counter(audience_of[m] for m in members)),
            }
        )

    waves = Counter(str(r.version) for r in responses)
    emerging = []
    if run.findings is not None:
        emerging = [
            {
                "label": g.label,
                "key_phrases": list(g.key_phrases),
                "respondents": len({i.split(":")[0] for i in g.ids}),
            }
            for g in run.findings.emerging
        ]
    return {
        "questionnaire": q.id,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "respondents": total,
        "withheld": withheld,
        "waves": dict(waves),
        "group_totals": {
            gq.id: dict(Counter(str(r.answers.get(gq.id, "not_answered")) for r in responses))
            for gq in group_questions
        },
        "groups": {
            gq.id: {"text": str(gq.text), "labels": {o.value: str(o.label) for o in gq.options}}
            for gq in group_questions
        },
        "themes": themes,
        "emerging": emerging,
        "closed": _closed_questions(q, [r.answers for r in responses]),
        "rankings": _rankings(q, [r.answers for r in responses]),
        "reduced": list(run.reduced),
    }


def _closed_questions(q: Questionnaire, answers: list[dict]) -> list[dict[str, Any]]:
    out = []
    for question in q.questions:
        if question.type not in (
            "single_choice",
            "multiple_choice",
            "yes_no",
            "feelings",
            "age_band",
        ):
            continue
        counts = stats.closed_question_counts(question, answers)
        out.append(
            {
                "id": question.id,
                "text": str(question.text),
                "type": question.type,
                "purpose": question.purpose,
                **stats.counts_as_dict(counts),
            }
        )
    return out


def _rankings(q: Questionnaire, answers: list[dict]) -> list[dict[str, Any]]:
    weight_q = next((x.id for x in q.questions if x.purpose == "group_size"), None)
    out = []
    for question in q.questions:
        if question.type != "ranking":
            continue
        plain = stats.ranking_order(question, answers)
        entry = {
            "id": question.id,
            "text": str(question.text),
            "items": stats.ranking_as_list(plain),
        }
        if weight_q:
            weights = [max(1, int(a.get(weight_q) or 1)) for a in answers]
            entry["weighted"] = stats.ranking_as_list(
                stats.ranking_order(question, answers, weights=weights)
            )
        out.append(entry)
    return out
