"""From a question definition to a WTForms field, and back to a stored answer.

One entry per widget (a type's ``widget``, questionnaires/types.py) in ``_FIELDS``; a
widget without one stops the import, so a new type cannot reach a child half-built, and a
new type drawn by an existing widget needs nothing here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from questionnaires import Page, Question, Questionnaire
from questionnaires.model import chosen
from questionnaires.types import OTHER, PREFER_NOT_TO_SAY, REGISTRY
from survey.i18n import current_locale, localise, words
from survey.respond.builtin_words import builtin_word
from survey.respond.matrix import MatrixField, matrix_answer, matrix_field

# A field people never see or fill; simple bots fill every field they find.
HONEYPOT = "hp_extra"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str | None) -> str:
    """Strip characters that cannot be stored or that reorder text to deceive a reader."""
    if not value:
        return ""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


def _select_choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in choices(question, marked=True)]


def choices(question: Question, marked: bool = False) -> list[tuple[str, str]]:
    """(value, words) for each option in the respondent's language.

    ``marked`` for a page: an author's option not translated into the page's
    language comes as HTML marked with its own language (see ``i18n.words``).
    """
    author = words if marked else localise
    out = [
        (o.value, builtin_word(o.label.default) if o.builtin else author(o.label))
        for o in question.options
    ]
    if question.prefer_not_to_say:
        out.append((PREFER_NOT_TO_SAY, _("Prefer not to say")))
    return out


class RankingField(Field):
    """Each item gets a position (1st, 2nd, ...) from a list; works without JavaScript."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.ranks: dict[str, str] = {}
        self.other_text = ""

    @property
    def item_values(self) -> list[str]:
        values = [o.value for o in self.question.options]
        return [*values, "other"] if self.question.settings.get("other") else values

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors = []
        self.ranks, self.other_text = {}, ""
        if formdata is not None and any(k.startswith(f"{self.name}-") for k in formdata):
            for value in self.item_values:
                self.ranks[value] = str(formdata.get(f"{self.name}-{value}", "")).strip()
            self.other_text = clean_text(formdata.get(f"{self.name}-other_text", ""))[:200]
        elif isinstance(data, dict):
            for position, value in enumerate(data.get("order", []), start=1):
                self.ranks[value] = str(position)
            self.other_text = data.get("other", "")
        self.data = self._answer()

    def _answer(self) -> dict[str, Any] | None:
        ranked = [(int(r), v) for v, r in self.ranks.items() if r.isdigit()]
        if not ranked:
            return None
        answer: dict[str, Any] = {"order": [v for _, v in sorted(ranked)]}
        if self.other_text and "other" in answer["order"]:
            answer["other"] = self.other_text
        return answer

    def pre_validate(self, form) -> None:
        allowed = {str(n) for n in range(1, self.positions + 1)}
        given = [r for r in self.ranks.values() if r]
        if any(r not in allowed for r in given):
            raise ValidationError(_("Choose a position from the list for each priority"))
        if len(given) != len(set(given)):
            raise ValidationError(_("Give each priority a different position"))
        if self.ranks.get("other") and not self.other_text:
            raise ValidationError(_("Write what your other priority is, or remove its position"))

    @property
    def positions(self) -> int:
        return min(self.question.settings.get("max_ranked", 99), len(self.item_values))

    @property
    def posted_names(self) -> list[str]:
        """The names its controls post under: a position per item, and the other text."""
        return [f"{self.name}-{value}" for value in self.item_values] + [f"{self.name}-other_text"]


OTHER_LENGTH = 200  # the words beside "Other": a few, not an essay


class ChoicesField(SelectMultipleField):
    """Tick boxes, and the words beside "Other" when the question has ``other: true``.

    The words post under ``<id>-other_text`` (as ranking's do) and are kept with the
    ticks, so a refused page gives back both.
    """

    other_text = ""

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.other_text = ""
        if isinstance(data, dict):
            self.other_text = str(data.get("other", ""))
            data = chosen(data)
        super().process(formdata, data, extra_filters)
        if formdata is not None:  # a posted page: what is in the box now, even nothing
            self.other_text = clean_text(formdata.get(f"{self.name}-other_text", ""))

    @property
    def posted_names(self) -> list[str]:
        return [self.name, f"{self.name}-other_text"]


def choices_answer(field: Field) -> list[str] | dict[str, Any] | None:
    """The stored answer: the values ticked, with the words for "Other" when written."""
    picked = list(field.data or [])
    words = getattr(field, "other_text", "")
    if words and OTHER[0] in picked:
        return {"choices": picked, "other": words}
    return picked or None


@dataclass(frozen=True)
class Widget:
    template: str
    field: Callable[[Question], UnboundField] | None
    to_answer: Callable[[Field], Any]
    prefill: Callable[[Any], Any]  # a stored answer as the field's data


def _required(question: Question, message: str):
    def check(form, field) -> None:
        if question.required and field.data in (None, "", [], {}, False):
            raise ValidationError(message)

    return check


def _radio(q: Question) -> UnboundField:
    def valid(form, field) -> None:
        if field.data not in (None, "") and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_("Choose one of the options"))

    return RadioField(
        choices=_select_choices(q),
        validate_choice=False,
        validators=[_required(q, _("Choose an answer")), valid],
    )


def _checkboxes(q: Question) -> UnboundField:
    limit = q.settings.get("max_choices")

    def valid(form, field) -> None:
        picked = field.data or []
        if any(v not in {c.value for c in field.choices} for v in picked):
            raise ValidationError(_("Choose from the options"))
        if PREFER_NOT_TO_SAY in picked and len(picked) > 1:
            raise ValidationError(_("Choose options, or 'Prefer not to say', not both"))
        alone = next((o for o in q.options if o.exclusive and o.value in picked), None)
        if alone is not None and len(picked) > 1:
            raise ValidationError(
                _(
                    "Choose '%(option)s' on its own, or untick it to keep the others",
                    option=localise(alone.label),
                )
            )
        if limit and len(picked) > limit:
            raise ValidationError(_("Choose up to %(n)s", n=limit))
        if q.settings.get("other"):
            written = bool(field.other_text)
            if OTHER[0] in picked and not written:
                raise ValidationError(_("Write your other answer, or untick 'Other'"))
            if written and OTHER[0] not in picked:
                raise ValidationError(_("Tick 'Other' to keep what you wrote, or clear its box"))
            if len(field.other_text) > OTHER_LENGTH:
                raise ValidationError(_("Write %(n)s characters or fewer", n=OTHER_LENGTH))

    return ChoicesField(
        choices=_select_choices(q),
        validate_choice=False,
        validators=[_required(q, _("Choose at least one answer")), valid],
    )


def _text(long: bool) -> Callable[[Question], UnboundField]:
    def make(q: Question) -> UnboundField:
        limit = q.settings.get("max_length", 2000 if long else 200)

        def length(form, field) -> None:
            if len(field.data or "") > limit:
                raise ValidationError(_("Write %(n)s characters or fewer", n=limit))

        kind = TextAreaField if long else StringField
        return kind(filters=[clean_text], validators=[_required(q, _("Write an answer")), length])

    return make


def number_range(question: Question) -> str | None:
    """The allowed range in words, or None when the author set no ``min`` or ``max``.

    The same words are the hint shown before a mistake and the error after one, so a
    child reads the rule once and is never told something new only when they get it wrong.
    """
    low, high = question.settings.get("min"), question.settings.get("max")
    if low is not None and high is not None:
        return _("Enter a number from %(low)s to %(high)s", low=low, high=high)
    if low is not None:
        return _("Enter a number of %(low)s or more", low=low)
    if high is not None:
        return _("Enter a number of %(high)s or less", high=high)
    return None


def range_hint(question: Question) -> str | None:
    """The hint a number question shows when its author wrote none but set a range."""
    if question.kind.answer != "number" or question.hint is not None:
        return None
    return number_range(question)


def _number(q: Question) -> UnboundField:
    low, high = q.settings.get("min"), q.settings.get("max")

    def valid(form, field) -> None:
        raw = (field.data or "").strip()
        if not raw:
            return
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise ValidationError(_("Enter a whole number, like 3"))
        if (low is not None and int(raw) < low) or (high is not None and int(raw) > high):
            raise ValidationError(number_range(q))

    return StringField(filters=[clean_text], validators=[_required(q, _("Enter a number")), valid])


def _consent(q: Question) -> UnboundField:
    return SelectMultipleField(
        choices=[SelectChoice("yes")],
        validate_choice=False,
        validators=[_required(q, _("Tick the box if you want to take part"))],
    )


def _ranking(q: Question) -> UnboundField:
    return RankingField(
        question=q, validators=[_required(q, _("Put at least one priority in order"))]
    )


def _to_number(field: Field) -> int | None:
    raw = (field.data or "").strip()
    return int(raw) if raw else None


def _as_stored(value: Any) -> Any:
    return value


# The web half of each widget: its WTForms field, how the posted field becomes the stored
# answer and how a stored answer fills the field again. The template is the widget's own
# (questionnaires/types.py, ``QuestionType.template``).
_Builder = Callable[[Question], UnboundField] | None
_FIELDS: dict[str, tuple[_Builder, Callable[[Field], Any], Callable[[Any], Any]]] = {
    "statement": (None, lambda f: None, _as_stored),
    "consent": (
        _consent,
        lambda f: "yes" in (f.data or []) or None,
        lambda value: ["yes"] if value else [],
    ),
    "radios": (_radio, lambda f: f.data or None, _as_stored),
    "feelings": (_radio, lambda f: f.data or None, _as_stored),
    "checkboxes": (_checkboxes, choices_answer, _as_stored),
    "text": (_text(long=False), lambda f: f.data or None, _as_stored),
    "textarea": (_text(long=True), lambda f: f.data or None, _as_stored),
    "number": (_number, _to_number, lambda value: "" if value is None else str(value)),
    "ranking": (_ranking, lambda f: f.data, _as_stored),
    "matrix": (matrix_field, matrix_answer, _as_stored),
}

_DRAWN = {t.widget for t in REGISTRY.values()}
if set(_FIELDS) != _DRAWN:  # fail at import, never at a child's page
    raise RuntimeError(f"widgets without fields, or fields no type uses: {_DRAWN ^ set(_FIELDS)}")

# Keyed by type name, as the page template and the form builder look a question up.
WIDGETS: dict[str, Widget] = {
    name: Widget(t.template, *_FIELDS[t.widget]) for name, t in REGISTRY.items()
}


class PageForm(FlaskForm):
    """Fields are added per page; see ``page_form``."""

    class Meta:
        def get_translations(self, form):
            # Every message a respondent can see is ours, already in their language: loading
            # WTForms' own catalogue on every page would cost time and translate nothing.
            return None


def page_form(
    questionnaire: Questionnaire, page: Page, answers: dict[str, Any], formdata=None
) -> tuple[FlaskForm, list[Question]]:
    """A form for the questions of ``page`` that are visible given ``answers``."""
    questions = questionnaire.visible_questions(page, answers)
    form_class = _form_class(questionnaire, page, questions)
    prefill = {q.id: WIDGETS[q.type].prefill(answers.get(q.id)) for q in questions}
    form = form_class(formdata=formdata, data=prefill)
    for q in questions:
        if q.kind.answer == "matrix":  # rows may come from an earlier answer: this request's own
            form[q.id].rows = q.matrix_rows(answers)
    return form, questions


_FORM_CLASSES: dict[tuple, type[PageForm]] = {}


def _form_class(
    questionnaire: Questionnaire, page: Page, questions: list[Question]
) -> type[PageForm]:
    """The form class for these questions in this language, made once per process.

    Making a WTForms class is a third of a page's form work, and the class holds nothing of
    a respondent's (their answers go into each request's instance). The key has the
    definition's hash, so an edited questionnaire gets new classes.
    """
    key = (
        questionnaire.id,
        questionnaire.content_hash,
        page.id,
        tuple(q.id for q in questions),
        current_locale(),
    )
    made = _FORM_CLASSES.get(key)
    if made is None:
        if len(_FORM_CLASSES) >= 1024:  # bounded; a process serves far fewer pages than this
            _FORM_CLASSES.clear()
        attrs = {q.id: WIDGETS[q.type].field(q) for q in questions if WIDGETS[q.type].field}
        made = _FORM_CLASSES[key] = type("PageForm", (PageForm,), attrs)
    return made


def posted_names(field: Field) -> list[str]:
    """The form names a field's controls post under (most post under the question's id)."""
    kinds = RankingField | ChoicesField | MatrixField
    return field.posted_names if isinstance(field, kinds) else [field.name]


def page_answers(form: FlaskForm, questions: list[Question]) -> dict[str, Any]:
    return {q.id: WIDGETS[q.type].to_answer(form[q.id]) for q in questions if q.id in form}


def privacy_note(question: Question) -> str | None:
    """The just-in-time note for a question: the author's, or ours for free text and equality.

    Every free-text box and every equality question says, right beside it,
    who will read the answer and why, even when the author forgot to.
    """
    if question.privacy_note is not None:
        return words(question.privacy_note)
    if question.is_free_text:
        return _(
            "Please do not write your name or anyone else's. The council team who read the "
            "answers will see this. If you write something that makes us worried about your "
            "safety, we will tell someone whose job is to keep children safe."
        )
    if question.purpose == "equality":
        return _(
            "We ask this to check that services are fair for everyone. You do not have to "
            "answer. Answers are only counted in groups, never shown on their own."
        )
    return None
