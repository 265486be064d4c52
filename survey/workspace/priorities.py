"""Parent carers' priorities: rankings counted once per answer, and weighted for forums.

Counted while the responses stream past (``findings.build_snapshot``), then ordered by Borda
count (``stats.ranking_order``) twice: every answer once, and forums weighted by the families
they speak for (``forums.weigh``: a listed forum's verified size, others capped). Counts are
raw here, like the rest of the snapshot; the page suppresses them (``presenting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from analysis.reporting import stats
from questionnaires import Question, Questionnaire
from questionnaires.types import PREFER_NOT_TO_SAY
from survey.db import db
from survey.workspace import forums
from survey.workspace.models import ParentCarerForum


def _label(question: Question, value: str) -> str:
    option = question.option(value)
    if value == PREFER_NOT_TO_SAY:
        return "Prefer not to say"
    return str(option.label) if option else value


def _gate_of(q: Questionnaire, forum_q: str | None) -> Question | None:
    """The question that decides whether a response speaks for a group (e.g. a forum)."""
    if forum_q is None:
        return None
    for page in q.pages:
        for question in page.questions:
            if question.id == forum_q:
                condition = question.show_if or page.show_if
                return q.question(condition.question) if condition else None
    return None


def forum_answer(
    answers: Mapping[str, Any], size_q: str | None, name_q: str | None
) -> forums.ForumAnswer | None:
    """What a response said about the forum it answers for; None for a parent carer
    answering for themselves (the forum page was not shown, so neither was answered)."""
    claimed = forums.claimed_size(answers.get(size_q)) if size_q else None
    name = answers.get(name_q) if name_q else None
    name = name.strip() if isinstance(name, str) and name.strip() else None
    if claimed is None and name is None:
        return None
    return forums.ForumAnswer(name, claimed)


def listed_forums() -> dict[str, forums.Listed]:
    """The council's list of forums as it is now, by every name each is known by."""
    return forums.book(db.session.execute(db.select(ParentCarerForum)).scalars())


class PriorityTally:
    """Every ranking question's answers, with whom each speaks for, added one response at a
    time. Only answers that ranked something are kept (an empty ranking adds nothing)."""

    def __init__(self, q: Questionnaire) -> None:
        self.questions = [x for x in q.questions if x.kind.answer == "ranking"]
        self.size_q = next((x.id for x in q.questions if x.purpose == "group_size"), None)
        self.name_q = next((x.id for x in q.questions if x.purpose == "forum_name"), None)
        self.weighted = bool(self.size_q or self.name_q)
        # e.g. "answering for myself / for a forum"
        self.gate = _gate_of(q, self.size_q or self.name_q)
        self.ranked: dict[str, list[dict[str, Any]]] = {x.id: [] for x in self.questions}
        self.on_behalf: dict[str, list[forums.ForumAnswer | None]] = {
            x.id: [] for x in self.questions
        }
        self.gates: dict[str, list[str]] = {x.id: [] for x in self.questions}

    def add(self, answers: Mapping[str, Any]) -> None:
        for rq in self.questions:
            value = answers.get(rq.id)
            if not (isinstance(value, Mapping) and value.get("order")):
                continue
            self.ranked[rq.id].append({rq.id: value})
            if self.weighted:
                self.on_behalf[rq.id].append(forum_answer(answers, self.size_q, self.name_q))
            if self.gate is not None:
                self.gates[rq.id].append(str(answers.get(self.gate.id, "not_answered")))

    def snapshot(self) -> dict[str, Any]:
        """The snapshot's ``rankings`` and ``weighting`` (the rule the weighted order used,
        for the page to state; it holds no count of respondents)."""
        listed = listed_forums() if self.weighted else {}
        cap = int(current_app.config.get("FORUM_UNVERIFIED_MAX", forums.UNVERIFIED_MAX))
        entries = []
        for rq in self.questions:
            weights = None
            if self.weighted:
                weights = forums.weigh(self.on_behalf[rq.id], listed, cap).weights
            entries.append(
                ranking_entry(rq, self.ranked[rq.id], weights, self.gate, self.gates[rq.id])
            )
        weighting = None
        if self.weighted:
            weighting = {"cap": cap, "listed": len({f.id for f in listed.values()})}
        return {"rankings": entries, "weighting": weighting}


def ranking_entry(
    question: Question,
    answers: list[dict[str, Any]],
    weights: list[float] | None,
    gate: Question | None = None,
    gates: list[str] | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": question.id,
        "text": str(question.text),
        "items": stats.ranking_as_list(stats.ranking_order(question, answers)),
    }
    if weights is not None:
        entry["weighted"] = [
            {**item, "points": round(item["points"], 1)}
            for item in stats.ranking_as_list(
                stats.ranking_order(question, answers, weights=weights)
            )
        ]
    if gate is not None and gates:
        # Forums and individual parent carers shown separately, as the analyst may prefer.
        entry["separately"] = {
            "question": str(gate.text),
            "groups": [
                {
                    "value": value,
                    "label": _label(gate, value),
                    "items": stats.ranking_as_list(
                        stats.ranking_order(
                            question, [a for a, g in zip(answers, gates, strict=True) if g == value]
                        )
                    ),
                }
                for value in sorted(set(gates))
            ],
        }
    return entry
