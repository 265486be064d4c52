"""Screening what a respondent wrote, and turning a concern into a case.

The screen runs in a worker thread with a time limit. If it fails, is slow
or is misconfigured, the answer becomes an "unscreened" case for a person to
read, and the respondent's journey carries on: a fault never hides a
disclosure and never stops a child.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from questionnaires import Questionnaire
from survey.db import db
from survey.safeguarding import notify
from survey.safeguarding.models import CaseEvent, SafeguardingCase

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="screen")


@dataclass(frozen=True)
class Concern:
    question_id: str
    text: str
    status: str  # flagged | unscreened
    categories: tuple[str, ...]
    language: str
    error: str = ""
    audience: str = ""  # who wrote it: a child's section of a parent's questionnaire is a child's
    meaning: dict[str, Any] | None = None  # the meaning layer's finding (``finding_of``)


@dataclass(frozen=True)
class Near:
    """An answer the screen did not flag but found close to a disclosure: for the lead's
    second-look list (survey/safeguarding/second_look.py)."""

    question_id: str
    audience: str
    category: str
    probability: float
    reason: str
    meaning: dict[str, Any] | None = None  # the finding as parts (``finding_of``)


def finding_of(summary: Any) -> dict[str, Any] | None:
    """What is stored of the meaning layer's finding (``MeaningFlag.summary()``, or a stored
    finding read back): its parts, so the lead's pages can word it in their language
    (``setup.meaning_reason``). None when they are missing (a summary kept by an older
    version, a row stored before): its English ``reason`` then stands alone."""
    try:
        parts = {
            "category": str(summary["category"]),
            "probability": float(summary["probability"]),
            "similarity": float(summary["similarity"]),
            "exemplar": str(summary["exemplar"]),
        }
        if summary.get("rule") is not None:  # a rule's match the layer set aside
            parts |= {"rule": str(summary["rule"]), "words": str(summary.get("words", ""))}
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return parts


def near_of(question_id: str, audience: str, found: Any) -> Near | None:
    """A ``Near`` from a screen's ``second_look`` (the meaning layer's flag, or the summary
    the analysis keeps of it), or None when there is none."""
    if found is None:
        return None
    summary: Mapping[str, Any] = found if isinstance(found, Mapping) else found.summary()
    return Near(
        question_id,
        audience,
        str(summary["category"]),
        float(summary["probability"]),
        str(summary["reason"])[:600],
        finding_of(summary),
    )


def _default_screen() -> Callable[..., Any]:
    """The bundled screener, loaded here (once per process, before any time limit starts):
    loading the rules and the semantic layer can take seconds, screening an answer must not.
    With the council's second-look floor (``SAFEGUARDING_SECOND_LOOK``), if it set one."""
    from analysis.safeguarding import default_screener

    return default_screener(current_app.config.get("SAFEGUARDING_SECOND_LOOK")).screen_safely


def category_names(categories: list[str]) -> str:
    """Readable names of screen categories; the ids themselves if the screen cannot load."""
    try:
        from analysis.safeguarding import CATEGORIES
    except Exception:  # the screen being broken must not stop a case being reported
        CATEGORIES = {}
    return ", ".join(str(CATEGORIES.get(c, c)) for c in categories)


def answer_text(value: Any) -> str:
    """The words of one stored answer: the text itself, or the words of ranking's and multiple
    choice's "Other"; "" for anything else (never a list of option values)."""
    text = value.get("other", "") if isinstance(value, dict) else value
    return text if isinstance(text, str) else ""


def free_texts(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, str]:
    """Every piece of free text in ``answers``, keyed by question id."""
    texts: dict[str, str] = {}
    for question in questionnaire.questions:
        value = answers.get(question.id)
        if not question.is_free_text or not value:
            continue
        text = answer_text(value)
        if text.strip():
            texts[question.id] = text
    return texts


def screen_answers(
    questionnaire: Questionnaire, answers: dict[str, Any], locale: str
) -> tuple[list[Concern], list[Near]]:
    """Concerns in ``answers``, and the clear answers close to one (for the lead's second
    look); never raises."""
    limit = current_app.config.get("SAFEGUARDING_TIMEOUT_SECONDS", 2.0)
    try:
        screen = current_app.config.get("SAFEGUARDING_SCREEN") or _default_screen()
        load_error = ""
    except Exception as exc:  # a screen that will not load is misconfigured
        screen, load_error = None, f"screen could not load: {exc.__class__.__name__}"
    concerns, nears = [], []
    for question_id, text in free_texts(questionnaire, answers).items():
        status, categories, language, error = "unscreened", (), "und", load_error
        meaning = None
        audience = questionnaire.respondent(question_id)[0]
        try:
            if screen is not None:
                future = _pool.submit(screen, text, locale=locale, audience=audience)
                result = future.result(timeout=limit)
                status, categories = result.status, tuple(result.categories)
                # For the lead: why the screen flagged it, when no rule did (the meaning
                # layer's nearest example), or why it could not screen it.
                language = result.language
                error = result.error or getattr(result, "reason", None) or ""
                found = getattr(result, "meaning", None)
                meaning = finding_of(found.summary()) if found is not None else None
                if status == "clear":
                    near = near_of(question_id, audience, getattr(result, "second_look", None))
                    nears += [near] if near is not None else []
        except concurrent.futures.TimeoutError:
            error = "screen timed out"
        except Exception as exc:  # a broken screen must not stop the child
            error = f"screen failed: {exc.__class__.__name__}"
        if status != "clear":
            concerns.append(
                Concern(question_id, text, status, categories, language, error, audience, meaning)
            )
    return concerns, nears


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def open_case(
    questionnaire: Questionnaire,
    concern: Concern,
    *,
    code_hash: str,
    locale: str,
    audience: str | None = None,
    response_id: int | None = None,
    note: str = "",
) -> SafeguardingCase:
    """A new case with its trail and its email to the safeguarding lead (the caller commits).

    Every case is opened here, whether the screen flagged the words on a page save, on
    sending or when the answers were analysed, so every case is told the same way.
    """
    case = SafeguardingCase(
        questionnaire_id=questionnaire.id,
        question_id=concern.question_id,
        text=concern.text,
        text_digest=digest(concern.text),
        categories=list(concern.categories),
        screen_status=concern.status,
        screen_error=concern.error[:300],
        meaning=concern.meaning,
        language=concern.language,
        locale=locale,
        audience=audience or questionnaire.audience,
        draft_code_hash=code_hash,
        response_id=response_id,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseEvent(case_id=case.id, action="created", note=note))
    notify.new_case(case, questionnaire)
    return case


def record(
    questionnaire: Questionnaire, concerns: list[Concern], code_hash: str, locale: str
) -> list[SafeguardingCase]:
    """A case per new concern (the same words from the same respondent are one case)."""
    created = []
    for concern in concerns:
        exists = db.session.execute(
            db.select(SafeguardingCase.id).where(
                SafeguardingCase.draft_code_hash == code_hash,
                SafeguardingCase.question_id == concern.question_id,
                SafeguardingCase.text_digest == digest(concern.text),
            )
        ).first()
        if exists:
            continue
        created.append(
            open_case(
                questionnaire,
                concern,
                code_hash=code_hash,
                locale=locale,
                audience=concern.audience or None,
            )
        )
    db.session.commit()
    if created:
        notify.deliver_soon()
    return created
