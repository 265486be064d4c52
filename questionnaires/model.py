"""Immutable objects a loaded questionnaire is made of.

The web app, the analysis and the workspace all read these, never the raw
YAML, so a definition is validated once and means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from questionnaires.types import QuestionType

AUDIENCES = ("child", "young_person", "parent_carer", "partner")
STATUSES = ("open", "closed", "draft")
PURPOSES = ("equality", "breakdown", "group_size", "forum_name", "district")
# What a stored answer is when nothing was given, whatever the type; a page never stores one.
EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class Text:
    """Wording in the definition's language plus any translations.

    Falls back to the definition's own language, so a missing translation
    shows the original words rather than nothing; ``falls_back`` says when it
    does, so the page can mark those words with their own language.
    """

    default: str
    translations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    language: str = "en"  # the language of ``default``: the definition's own

    def get(self, locale: str | None = None) -> str:
        if locale and locale in self.translations:
            return self.translations[locale]
        return self.default

    def falls_back(self, locale: str | None) -> bool:
        """True when ``locale`` is shown the original words because it has no translation."""
        return bool(locale) and locale != self.language and locale not in self.translations

    def __str__(self) -> str:
        return self.default


@dataclass(frozen=True)
class Option:
    """A choice. ``builtin`` options (yes/no, faces) take their wording from the
    interface catalogs, so they are translated once for every questionnaire."""

    value: str
    label: Text
    symbol: str = ""  # the face a feelings option draws (see questionnaires/types.py)
    builtin: bool = False
    exclusive: bool = False  # "None of these": chosen alone on a multiple_choice


@dataclass(frozen=True)
class Condition:
    """Show a page or question only when an earlier answer matches."""

    question: str
    equals: tuple[str, ...] = ()
    answered: bool | None = None

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.question)
        given = value not in EMPTY
        if self.answered is not None:
            return given == self.answered
        if isinstance(value, list | dict):
            return any(str(v) in self.equals for v in chosen(value))
        return given and str(value) in self.equals


def chosen(value: Any) -> list[str]:
    """The option values of a closed answer, whatever shape it is stored in.

    A multiple_choice answer is a list of values, or, when "Other" was ticked and
    described, ``{"choices": [...], "other": "words"}`` (ranking's shape, with the words
    under the same key, so everything that reads free text finds them the same way).
    """
    if isinstance(value, dict):
        value = value.get("choices", [])
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value in (None, "") else [str(value)]


@dataclass(frozen=True)
class Row:
    """One row of a matrix as a respondent meets it.

    ``typed`` holds the words written beside "Other" on the question the rows come from,
    so the row reads as the respondent put it ("Other: a youth club"), not as "Other".
    """

    option: Option
    typed: str = ""

    @property
    def value(self) -> str:
        return self.option.value


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    hint: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    prefer_not_to_say: bool = False
    show_if: Condition | None = None
    privacy_note: Text | None = None
    purpose: str | None = None
    themes: tuple[str, ...] = ()
    uncrc: tuple[int, ...] = ()
    outcomes: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def matrix_rows(self, answers: Mapping[str, Any]) -> tuple[Row, ...]:
        """A matrix's rows given the answers so far, in the questionnaire's order.

        ``settings["rows"]`` holds every row it can have (the loader puts there the
        author's rows, or the options of the ``rows_from`` question less any exclusive
        "None of these"); with ``rows_from`` only those ticked there are asked.
        """
        rows: tuple[Option, ...] = self.settings.get("rows", ())
        source = self.settings.get("rows_from")
        if not source:
            return tuple(Row(o) for o in rows)
        value = answers.get(source)
        picked = set(chosen(value))
        words = str(value.get("other", "")) if isinstance(value, dict) else ""
        return tuple(
            Row(o, words if o.builtin and o.value == "other" else "")
            for o in rows
            if o.value in picked
        )

    @property
    def kind(self) -> QuestionType:
        """This question's type: ask it rather than testing the type's name."""
        from questionnaires.types import get_type

        return get_type(self.type)

    @property
    def is_free_text(self) -> bool:
        kind = self.kind
        return kind.free_text or (kind.answer == "choices" and bool(self.settings.get("other")))


@dataclass(frozen=True)
class Page:
    id: str
    questions: tuple[Question, ...]
    title: Text | None = None
    show_if: Condition | None = None


@dataclass(frozen=True)
class Section:
    """Pages answered by someone other than the questionnaire's own audience.

    A parent carer's questionnaire may hand the phone to the child for a few pages:
    those answers are the child's (their audience and age band), so they are linted,
    screened for safeguarding, counted and exported as a child's.
    """

    id: str
    pages: tuple[str, ...]
    respondent: str
    age_band: str
    title: Text | None = None
    intro: Text | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: Text
    audience: str
    age_band: str
    intro: Text
    thank_you: Text
    pages: tuple[Page, ...]
    source: str
    content_hash: str
    language: str = "en"
    status: str = "open"
    summary: Text | None = None
    privacy: Text | None = None
    retention_days: int = 730
    locales: tuple[str, ...] = ("en",)
    sections: tuple[Section, ...] = ()
    # A translation that covers one section only, {locale: section id}: the other pages
    # are shown in the original language in that locale (see served_locale).
    section_only: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for p in self.pages for q in p.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def section_of(self, page_id: str) -> Section | None:
        return next((s for s in self.sections if page_id in s.pages), None)

    def _in_sections(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for page_id in section.pages:
                page = self.page(page_id)
                yield from ((section, q) for q in (page.questions if page is not None else ()))

    def respondent(self, question_id: str) -> tuple[str, str]:
        """(audience, age band) of whoever answers ``question_id``: a section's own, or ours."""
        found = next((s for s, q in self._in_sections() if q.id == question_id), None)
        return (found.respondent, found.age_band) if found else (self.audience, self.age_band)

    def answered_by(self, answers: Mapping[str, Any]) -> dict[str, dict[str, str]]:
        """Who gave each answer of a section: {question id: {"audience", "age_band"}}.

        Stored with the response, so an answer stays the child's even if the file changes.
        """
        return {
            q.id: {"audience": s.respondent, "age_band": s.age_band}
            for s, q in self._in_sections()
            if q.id in answers
        }

    def served_locale(self, page_id: str, locale: str) -> str:
        """The language a page's wording is shown in: a translation of one section only
        leaves every other page in the original language."""
        only = self.section_only.get(locale)
        if only is not None and page_id not in next(
            (s.pages for s in self.sections if s.id == only), ()
        ):
            return self.language
        return locale

    def visible_pages(self, answers: Mapping[str, Any]) -> list[Page]:
        """Pages the respondent should see given what they have answered so far.

        A page left with nothing to show (a matrix whose rows come from an earlier
        question where nothing was ticked) is skipped, as ``show_if`` skips one.
        """
        return [
            p
            for p in self.pages
            if (p.show_if is None or p.show_if.holds(answers))
            and self.visible_questions(p, answers)
        ]

    def visible_questions(self, page: Page, answers: Mapping[str, Any]) -> list[Question]:
        return [
            q
            for q in page.questions
            if (q.show_if is None or q.show_if.holds(answers))
            and (q.kind.answer != "matrix" or q.matrix_rows(answers))
        ]

    def prune(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Drop answers to questions that are hidden by later changes.

        A child who changes "Do you have a brother or sister?" to "No" should
        not have the follow-up answer stored against their wishes.
        """
        kept: dict[str, Any] = {}
        for page in self.pages:
            if page.show_if is not None and not page.show_if.holds(kept):
                continue
            for q in page.questions:
                if q.show_if is not None and not q.show_if.holds(kept):
                    continue
                if q.id in answers:
                    kept[q.id] = answers[q.id]
                if q.kind.answer == "matrix" and isinstance(kept.get(q.id), dict):
                    # a row whose option was unticked earlier is no longer asked
                    rows = {r.value for r in q.matrix_rows(kept)}
                    rated = {k: v for k, v in kept[q.id].items() if k in rows}
                    if rated:
                        kept[q.id] = rated
                    else:
                        del kept[q.id]
        return kept
