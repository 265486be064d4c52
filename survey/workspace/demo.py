"""``flask --app app demo``: fill a questionnaire with generated responses to try the workspace.

Free text is drawn from our own evaluation set (``analysis/evaluation``), so the
themes look like real findings; closed answers are random. Never for a live
database: every demo response says so in its locale field ("demo").
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from questionnaires import Question, Questionnaire
from questionnaires.types import ANSWER_SHAPES
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row

TEXTS = Path(__file__).resolve().parents[2] / "analysis" / "evaluation"
_AUDIENCE_TEXTS = {
    "child": ("child",),
    "young_person": ("young_person", "child"),
    "parent_carer": ("parent_carer",),
    "partner": ("partner",),
}


def _texts(audience: str) -> list[str]:
    wanted = _AUDIENCE_TEXTS[audience]
    texts = []
    for path in sorted(TEXTS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("audience") in wanted and row.get("text"):
                texts.append(row["text"])
    return texts


# Made-up forum names for a forum's answer. Most forums answer once, under names of their
# own; a few names recur, typed as people do, to show the matching against the council's list.
DEMO_FORUMS = (
    "Northshire Parent Carer Forum",
    "northshire parent carer forum",
    "Eastbrook Parent Carers Together",
)


def _one(question: Question, rng: random.Random, values: list[str], _texts: list[str]) -> Any:
    return rng.choice(values)


def _several(question: Question, rng: random.Random, values: list[str], texts: list[str]) -> Any:
    # "None of these" (``exclusive: true``) and "Prefer not to say" are chosen alone.
    alone = [o.value for o in question.options if o.exclusive]
    alone += ["prefer_not_to_say"] if question.prefer_not_to_say else []
    others = [v for v in values if v not in alone]
    if not others or (alone and rng.random() < 0.1):
        return [rng.choice(alone or values)]
    picked = rng.sample(others, rng.randint(1, min(3, len(others))))
    if "other" in picked and question.settings.get("other"):
        # "Other" is always described, as the page insists; no words, no Other
        if texts:
            return {"choices": picked, "other": rng.choice(texts)[:200]}
        picked.remove("other")
    return picked or None


def _text(question: Question, rng: random.Random, _values: list[str], texts: list[str]) -> Any:
    return rng.choice(texts) if texts and rng.random() < 0.8 else None


def _number(question: Question, rng: random.Random, _values: list[str], _texts: list[str]) -> Any:
    low, high = question.settings.get("min", 0) or 0, question.settings.get("max", 40) or 40
    if question.purpose == "group_size":
        # Forums speak for a few dozen families, now and then a few hundred.
        size = round(rng.lognormvariate(3.4, 0.8))
        return max(low, min(high, size))
    return rng.randint(low, min(high, low + 40))


def _ranking(question: Question, rng: random.Random, values: list[str], _texts: list[str]) -> Any:
    picked = rng.sample(values, min(len(values), question.settings.get("max_ranked", 3)))
    return {"order": picked}


# A demo answer for each shape of stored answer (questionnaires/types.py). A matrix is rated
# over the rows asked, which depend on earlier answers: see ``_ratings``.
_MAKERS: dict[str, Callable[[Question, random.Random, list[str], list[str]], Any]] = {
    "none": lambda question, rng, values, texts: None,
    "flag": lambda question, rng, values, texts: True,
    "choice": _one,
    "choices": _several,
    "text": _text,
    "number": _number,
    "ranking": _ranking,
}
if set(_MAKERS) | {"matrix"} != set(ANSWER_SHAPES):  # fail at import, never mid-fill
    raise RuntimeError(f"answer shapes without a demo maker: {set(ANSWER_SHAPES) - set(_MAKERS)}")


def _answer(question: Question, rng: random.Random, texts: list[str]) -> Any:
    if question.purpose == "forum_name":
        if rng.random() < 0.1:
            return rng.choice(DEMO_FORUMS)
        return f"Demo forum {rng.randrange(10**6)}"
    values = [o.value for o in question.options]
    if question.prefer_not_to_say:
        values.append("prefer_not_to_say")
    return _MAKERS[question.kind.answer](question, rng, values, texts)


def _ratings(question: Question, answers: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """A matrix rated over the rows this respondent was asked (the options they ticked
    earlier, for ``rows_from``); a row now and then left unrated unless it is required."""
    scale = [o.value for o in question.options]
    return {
        row.value: rng.choice(scale)
        for row in question.matrix_rows(answers)
        if question.required or rng.random() < 0.9
    }


def fill(q: Questionnaire, count: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    texts = _texts(q.audience)
    version = version_row(q)
    for n in range(count):
        answers: dict[str, Any] = {}
        for page in q.pages:  # in order, as a respondent goes: a page shows on earlier answers
            if page.show_if is not None and not page.show_if.holds(answers):
                continue
            for question in q.visible_questions(page, answers):
                if question.kind.answer == "matrix":
                    value = _ratings(question, answers, rng)
                else:
                    value = _answer(question, rng, texts)
                if not question.kind.is_empty(value):
                    answers[question.id] = value
        answers = q.prune(answers)
        token = f"demo-{q.id}-{seed}-{n}-{rng.random()}"
        db.session.add(Response(**response_row(q, answers, token, version.id)))
    db.session.commit()
    return count
