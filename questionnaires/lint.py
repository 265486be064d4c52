"""Warnings about wording: too hard to read, two questions in one, too long for a phone;
and texts a translation leaves out.

These are warnings, not errors: an author may have a good reason, and a
questionnaire with warnings still loads. Only the definition's own language
(English) is measured; translations need a human reader, but a missing one
is counted (``untranslated_warnings``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from questionnaires.checks import _where
from questionnaires.errors import Problem
from questionnaires.loader import untranslated
from questionnaires.model import Question, Questionnaire

PHONE_TEXT = 120  # characters of question text that fit a small phone screen without scrolling
PHONE_HINT = 250
ADULT_READING_AGE = 12  # plain English for the public
_WORD = re.compile(r"[A-Za-z']+")
_AND = re.compile(r"\b(\w+) and (\w+)\b", re.I)
_OR = re.compile(r"\b(\w+) or (\w+)\b", re.I)
# Pairs that are one thing to most people, so "and" does not make two questions.
_ONE_THING = {
    "friends and family",
    "family and friends",
    "safe and well",
    "health and wellbeing",
    "parents and carers",
    "parent and carer",
    "sooner or later",
    "more or less",
    "yes or no",
    "mum or dad",
    "mum and dad",
    "brothers and sisters",
    "brother or sister",
    "school or college",
    "college or work",
    "education, employment or training",
    "friends or family",
}
# Fixed phrases in which "and" or "or" names one category, a role or a service, not two
# questions ("ill or disabled", "social worker or personal adviser"). A match inside one of
# these is not warned about; hyphens count as spaces.
_FIXED = (
    "ill or disabled",
    "sick or disabled",
    "disability or long term health condition",
    "disability or long term condition",
    "long term health condition or special educational needs",
    "special educational needs and disabilities",
    "special educational needs or disabilities",
    "social worker or personal adviser",
    "personal adviser or social worker",
    "foster carer or social worker",
    "children and young people",
    "parent carers and families",
    "education, health and care",
    "health and care",
    "health and social care",
    "speech and language",
    "aches and pains",
    "safe and sound",
    "fish and chips",
    "rock and roll",
)


def syllables(word: str) -> int:
    """A rough English syllable count: vowel groups, less a silent final 'e'."""
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def reading_age(text: str) -> float:
    """Flesch-Kincaid grade plus five: the age at which most children read this easily."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(re.findall(r"[.!?]+", text)) or 1)
    grade = 0.39 * len(words) / sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
    return max(5.0, grade + 5)


def target_age(q: Questionnaire, page_id: str | None = None) -> float:
    """The reading age to write for: a section's own respondent's (a child's section of a
    parent's questionnaire is read by the child), else the questionnaire's audience's."""
    section = q.section_of(page_id) if page_id else None
    audience, band = (section.respondent, section.age_band) if section else (q.audience, q.age_band)
    if audience in ("parent_carer", "partner"):
        return ADULT_READING_AGE
    first = re.match(r"\d+", band)
    return int(first.group()) + 1 if first else ADULT_READING_AGE


@lru_cache(maxsize=64)
def _tree(source: str, modified: float) -> yaml.Node | None:
    """The file's YAML node tree, for line numbers (``modified`` makes an edit re-read it)."""
    try:
        return yaml.compose(Path(source).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _line(source: str, path: tuple) -> int | None:
    try:
        modified = Path(source).stat().st_mtime
    except OSError:
        return None
    return _where(_tree(source, modified), path)


def _warn(q: Questionnaire, path: tuple, code: str, message: str, fix: str) -> Problem:
    """A warning named like an error: file, line, place, code, and how to fix it."""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return Problem(code, q.source, text, message, fix, _line(q.source, path), warning=True)


def _inside_fixed_phrase(text: str, start: int, end: int) -> bool:
    plain = text.lower().replace("-", " ")
    for phrase in _FIXED:
        at = plain.find(phrase)
        while at != -1:
            if at <= start and end <= at + len(phrase):
                return True
            at = plain.find(phrase, at + 1)
    return False


def _question_warnings(
    q: Questionnaire, question: Question, path: tuple, target: float
) -> Iterable[Problem]:
    text = question.text.default
    age = reading_age(text)
    if len(_WORD.findall(text)) >= 6 and age > target + 1:
        yield _warn(
            q,
            (*path, "text"),
            "HYS201",
            f"reading age about {age:.0f}, above this audience's {target:.0f}",
            "use shorter words and a shorter sentence",
        )
    if len(text) > PHONE_TEXT:
        yield _warn(
            q,
            (*path, "text"),
            "HYS202",
            f"{len(text)} characters: too long to read on a phone at a glance",
            f"keep the question under {PHONE_TEXT} characters; move detail to 'hint'",
        )
    if question.hint is not None and len(question.hint.default) > PHONE_HINT:
        yield _warn(
            q,
            (*path, "hint"),
            "HYS202",
            f"the hint has {len(question.hint.default)} characters",
            f"keep hints under {PHONE_HINT} characters",
        )
    if question.kind.single_pick:
        # One pick cannot answer two things joined by "and". "Or" offers the choices in a
        # question whose options the author wrote; it doubles only one whose options are
        # built in (a scale of faces, yes/no), which never lists the choices in its words.
        pattern = _OR if question.kind.options == "builtin" else None
        matches = [*_AND.finditer(text), *(pattern.finditer(text) if pattern else [])]
        for match in matches:
            if match.group(0).lower() not in _ONE_THING and not _inside_fixed_phrase(
                text, match.start(), match.end()
            ):
                yield _warn(
                    q,
                    (*path, "text"),
                    "HYS203",
                    f"may ask two things at once ('{match.group(0)}')",
                    "split it into two questions, or reword it to ask one thing",
                )
                break


def lint(q: Questionnaire) -> list[Problem]:
    """Every wording warning for ``q``."""
    found: list[Problem] = []
    for pi, page in enumerate(q.pages):
        target = target_age(q, page.id)
        for qi, question in enumerate(page.questions):
            if question.kind.answer != "none":  # words to read, with nothing to answer
                found += _question_warnings(q, question, ("pages", pi, "questions", qi), target)
    return found


def untranslated_warnings(q: Questionnaire) -> list[Problem]:
    """One warning per text that a translation file of ``q`` leaves out, in its file.

    Respondents in that language see the original words there (marked as such,
    with a short notice): allowed, but never by accident.
    """
    source = Path(q.source)
    return [
        Problem(
            "HYS063",
            str(source.with_name(f"{source.stem}.{locale}.yaml")),
            key,
            f"not translated into '{locale}'"
            + (
                f" (this file translates section '{q.section_only[locale]}' only)"
                if locale in q.section_only
                else ""
            )
            + ": respondents see the original words",
            f"add '{key}: \"...\"' with the translation",
            warning=True,
        )
        for locale, keys in untranslated(q).items()
        for key in keys
    ]
