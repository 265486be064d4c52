"""The registry of question types.

A definition naming a type that is not here fails when it is loaded, never
when a child reaches the page. Each type says which extra keys it takes, what
its answer looks like and whether the answer is free text (free text is what
the safeguarding screen and the analysis read).

Each entry is the one place a type's facts live: its keys (checked at load), the
shape of its stored answer (``answer``), whether that answer is free text, how
the findings tally it (``tally``), where its options come from, its XLSForm
type, the purposes it can serve and the widget template that draws it
(``survey/templates/widgets/<widget>.html``). Code asks the entry
(``question.kind``), never the type's name. The web layer
(survey/respond/fields.py, keyed by widget) and the demo data
(survey/workspace/demo.py, keyed by answer shape) keep registries that are
checked complete at import, so a new type is an entry here plus its template.
See docs/questionnaires.md, "Adding a question type".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from questionnaires.model import EMPTY, PURPOSES

# The shapes a stored answer can take; survey/workspace/demo.py has a maker for each.
ANSWER_SHAPES = ("none", "flag", "choice", "choices", "text", "number", "ranking", "matrix")
# How the findings count a type: "closed" (one tally of options, analysis/reporting/stats.py),
# "matrix" (a tally per row, survey/workspace/ratings.py) or "none" (not tallied: free text,
# numbers and rankings have findings of their own).
TALLY_KINDS = ("closed", "matrix", "none")
# Where a type's options come from: none; the author's list; built in (``fixed_options``);
# or the matrix's rows and scale (questionnaires/matrix.py).
OPTION_SOURCES = ("none", "author", "builtin", "scale")


@dataclass(frozen=True)
class QuestionType:
    """Everything the code knows about one type of question, as data.

    Callers ask these fields (``question.kind.<field>``) rather than testing the type's
    name, so a new type is one entry here plus its widget template.
    """

    name: str
    summary: str
    answer: str  # one of ANSWER_SHAPES
    widget: str  # survey/templates/widgets/<widget>.html draws it
    options: str = "none"  # one of OPTION_SOURCES
    free_text: bool = False
    tally: str = "none"  # one of TALLY_KINDS
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # How the type is written in XLSForm: (type, appearance). Import reads the reverse table
    # built from these (``xlsform_types``): several of ours may share one XLSForm type.
    xlsform: tuple[str, str] = ("", "")
    # The keys that bound an answer and travel as an XLSForm ``constraint``
    # (questionnaires/xlsform/common.py writes and reads them).
    xlsform_constraint: tuple[str, ...] = ()
    # The options of an ``options="builtin"`` type, given the question's settings
    # (value, English label, face drawn); the author never writes them.
    fixed_options: Callable[[Mapping[str, object]], tuple[tuple[str, str, str], ...]] | None = None
    # The purposes (model.PURPOSES) that only some types can serve, and this type can: a
    # purpose no entry lists may go on any question (checks.py, HYS041).
    purposes: tuple[str, ...] = ()
    # The answer is the respondent's own age band: always a breakdown in the findings, and the
    # band a response's free text is screened and themed as (survey/workspace/run.py).
    respondent_band: bool = False

    def __post_init__(self) -> None:
        # A typo in an entry stops the import, never a page or a tally.
        if self.answer not in ANSWER_SHAPES or self.tally not in TALLY_KINDS:
            raise ValueError(f"question type {self.name!r}: bad answer or tally kind")
        if self.options not in OPTION_SOURCES:
            raise ValueError(f"question type {self.name!r}: bad options {self.options!r}")
        if (self.options == "builtin") != (self.fixed_options is not None):
            raise ValueError(f"question type {self.name!r}: built-in options need fixed_options")
        if not self.xlsform[0]:
            raise ValueError(f"question type {self.name!r}: no XLSForm type")
        if not set(self.xlsform_constraint) <= set(self.keys):
            raise ValueError(f"question type {self.name!r}: a constraint names an unknown key")
        if not set(self.purposes) <= set(PURPOSES):
            raise ValueError(f"question type {self.name!r}: unknown purpose in {self.purposes}")
        if self.respondent_band and self.answer != "choice":
            raise ValueError(f"question type {self.name!r}: an age band is one choice")

    @property
    def template(self) -> str:
        """The widget template that draws a question of this type."""
        return f"widgets/{self.widget}.html"

    @property
    def several(self) -> bool:
        """Whether one answer holds several options (ticked or put in order): a condition
        matches any of them, and a tally's groups overlap, so percentages do not add up."""
        return self.answer in ("choices", "ranking")

    @property
    def single_pick(self) -> bool:
        """Whether the answer is one pick (an option or a tick): such a question asking two
        things at once cannot be answered honestly (questionnaires/lint.py, HYS203)."""
        return self.answer in ("choice", "flag")

    @staticmethod
    def is_empty(value: Any) -> bool:
        """Whether a stored answer says nothing (the same for every type today)."""
        return value in EMPTY


# The faces of the feelings scale: the word is always shown, and the face is drawn as inline
# SVG named by the word (survey/templates/widgets/faces.html), never an emoji a phone without
# an emoji font would show as an empty box. The third item names the face drawn.
# The English words are translated by the interface catalogs (survey/respond/builtin_words.py).
FACES_3 = (("1", "Sad", "sad"), ("2", "OK", "ok"), ("3", "Happy", "happy"))
FACES_5 = (
    ("1", "Very sad", "very_sad"),
    ("2", "Sad", "sad"),
    ("3", "OK", "ok"),
    ("4", "Happy", "happy"),
    ("5", "Very happy", "very_happy"),
)
YES_NO = (("yes", "Yes", ""), ("no", "No", ""), ("not_sure", "Not sure", ""))
PREFER_NOT_TO_SAY = "prefer_not_to_say"
# The option 'other: true' adds to a multiple_choice (the same value as ranking's "other"):
# counted as "Other" in tallies, with the words written beside it kept as free text.
OTHER = ("other", "Other", "")


def _faces(settings: Mapping[str, object]) -> tuple[tuple[str, str, str], ...]:
    return FACES_5 if settings.get("scale", 5) == 5 else FACES_3


_TYPES = (
    QuestionType(
        "statement",
        "Information to read; no answer.",
        "none",
        "statement",
        xlsform=("note", ""),
    ),
    QuestionType(
        "consent",
        "A tick box to agree (assent for children, consent for adults).",
        "flag",
        "consent",
        keys={"label": "text"},
        xlsform=("acknowledge", ""),
    ),
    QuestionType(
        "single_choice",
        "Choose one option.",
        "choice",
        "radios",
        options="author",
        tally="closed",
        xlsform=("select_one", ""),
        purposes=("district",),
    ),
    QuestionType(
        "multiple_choice",
        "Choose any number of options, with room for 'other, please say'.",
        "choices",
        "checkboxes",
        options="author",
        tally="closed",
        keys={"max_choices": "int", "other": "bool"},
        xlsform=("select_multiple", ""),
        xlsform_constraint=("max_choices",),
    ),
    QuestionType(
        "feelings",
        "A scale of 3 or 5 faces, each with words.",
        "choice",
        "feelings",
        options="builtin",
        tally="closed",
        keys={"scale": "int", "labels": "text_list"},
        xlsform=("select_one", "likert"),
        fixed_options=_faces,
    ),
    QuestionType(
        "short_text",
        "A line of text.",
        "text",
        "text",
        free_text=True,
        keys={"max_length": "int"},
        xlsform=("text", ""),
        xlsform_constraint=("max_length",),
        purposes=("forum_name",),
    ),
    QuestionType(
        "long_text",
        "A paragraph of text.",
        "text",
        "textarea",
        free_text=True,
        keys={"max_length": "int"},
        xlsform=("text", "multiline"),
        xlsform_constraint=("max_length",),
    ),
    QuestionType(
        "ranking",
        "Put a list of priorities in order, with room for 'other'.",
        "ranking",
        "ranking",
        options="author",
        free_text=True,
        keys={"max_ranked": "int", "other": "bool"},
        xlsform=("rank", ""),
    ),
    QuestionType(
        "number",
        "A whole number.",
        "number",
        "number",
        keys={"min": "int", "max": "int", "unit": "text"},
        xlsform=("integer", ""),
        xlsform_constraint=("min", "max"),
        purposes=("group_size",),
    ),
    QuestionType(
        "age_band",
        "An age band (never a date of birth).",
        "choice",
        "radios",
        options="author",
        tally="closed",
        xlsform=("select_one", ""),
        respondent_band=True,
    ),
    QuestionType(
        "yes_no",
        "Yes, no or not sure.",
        "choice",
        "radios",
        options="builtin",
        tally="closed",
        xlsform=("select_one", ""),
        fixed_options=lambda settings: YES_NO,
    ),
    # Each row rated on one scale. The rows are the author's (``rows``) or the options the
    # respondent ticked on an earlier multiple_choice (``rows_from``); ``scale`` is the
    # answers each row offers. Both lists are checked by questionnaires/matrix.py. In
    # XLSForm it is a note followed by a select_one per row (questionnaires/xlsform/matrix.py).
    QuestionType(
        "matrix",
        "Rate each of several things on one scale, such as each service ticked earlier.",
        "matrix",
        "matrix",
        options="scale",
        tally="matrix",
        keys={"rows_from": "slug", "rows": "any", "scale": "any"},
        xlsform=("note", ""),
    ),
)

REGISTRY: Mapping[str, QuestionType] = MappingProxyType({t.name: t for t in _TYPES})


def get_type(name: str) -> QuestionType:
    """The type called ``name``; a KeyError, never a silent default."""
    return REGISTRY[name]


def builtin_options(qtype: QuestionType, settings: Mapping[str, object]) -> tuple:
    """The fixed options of a type whose options are not written by the author."""
    if qtype.fixed_options is None:
        raise KeyError(f"question type {qtype.name!r} has no built-in options")
    return qtype.fixed_options(settings)


def xlsform_types() -> dict[str, tuple[str, ...]]:
    """XLSForm type -> our types written as it, in the registry's order (so the first is
    what a plain ODK or Kobo form means: the entries list the plainest type first)."""
    found: dict[str, tuple[str, ...]] = {}
    for t in _TYPES:
        found[t.xlsform[0]] = (*found.get(t.xlsform[0], ()), t.name)
    return found


def types_for(purpose: str) -> tuple[str, ...]:
    """The types that can serve ``purpose``; empty when any type can."""
    return tuple(t.name for t in _TYPES if purpose in t.purposes)
