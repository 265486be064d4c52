"""The registry of question types.

A definition naming a type that is not here fails when it is loaded, never
when a child reaches the page. Each type says which extra keys it takes, what
its answer looks like and whether the answer is free text (free text is what
the safeguarding screen and the analysis read).

Each entry is the one place a type's facts live: its keys (checked at load), the
shape of its stored answer (``answer``), whether that answer is free text, how
the findings tally it (``tally``) and the widget template that draws it
(``survey/templates/widgets/<widget>.html``). The web layer
(survey/respond/fields.py) and the demo data (survey/workspace/demo.py) keep
registries keyed by type name or answer shape that are checked complete at
import, so a new type is an entry here plus its template. See
docs/questionnaires.md, "Adding a question type".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# The shapes a stored answer can take; survey/workspace/demo.py has a maker for each.
ANSWER_SHAPES = ("none", "flag", "choice", "choices", "text", "number", "ranking", "matrix")
# How the findings count a type: "closed" (one tally of options, analysis/reporting/stats.py),
# "matrix" (a tally per row, survey/workspace/ratings.py) or "none" (not tallied: free text,
# numbers and rankings have findings of their own).
TALLY_KINDS = ("closed", "matrix", "none")
# What a stored answer is when nothing was given; a page never stores one of these.
EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class QuestionType:
    name: str
    summary: str
    answer: str  # one of ANSWER_SHAPES
    widget: str  # survey/templates/widgets/<widget>.html draws it
    options: str = "none"  # none | author (the author lists them) | builtin | scale (matrix)
    free_text: bool = False
    tally: str = "none"  # one of TALLY_KINDS
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    builtin_options: tuple[tuple[str, str, str], ...] = ()  # value, English label, face drawn

    def __post_init__(self) -> None:
        # A typo in an entry stops the import, never a page or a tally.
        if self.answer not in ANSWER_SHAPES or self.tally not in TALLY_KINDS:
            raise ValueError(f"question type {self.name!r}: bad answer or tally kind")

    @property
    def template(self) -> str:
        """The widget template that draws a question of this type."""
        return f"widgets/{self.widget}.html"

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

_TYPES = (
    QuestionType("statement", "Information to read; no answer.", "none", "statement"),
    QuestionType(
        "consent",
        "A tick box to agree (assent for children, consent for adults).",
        "flag",
        "consent",
        keys={"label": "text"},
    ),
    QuestionType(
        "single_choice", "Choose one option.", "choice", "radios", options="author", tally="closed"
    ),
    QuestionType(
        "multiple_choice",
        "Choose any number of options, with room for 'other, please say'.",
        "choices",
        "checkboxes",
        options="author",
        tally="closed",
        keys={"max_choices": "int", "other": "bool"},
    ),
    QuestionType(
        "feelings",
        "A scale of 3 or 5 faces, each with words.",
        "choice",
        "feelings",
        options="builtin",
        tally="closed",
        keys={"scale": "int", "labels": "text_list"},
    ),
    QuestionType(
        "short_text",
        "A line of text.",
        "text",
        "text",
        free_text=True,
        keys={"max_length": "int"},
    ),
    QuestionType(
        "long_text",
        "A paragraph of text.",
        "text",
        "textarea",
        free_text=True,
        keys={"max_length": "int"},
    ),
    QuestionType(
        "ranking",
        "Put a list of priorities in order, with room for 'other'.",
        "ranking",
        "ranking",
        options="author",
        free_text=True,
        keys={"max_ranked": "int", "other": "bool"},
    ),
    QuestionType(
        "number",
        "A whole number.",
        "number",
        "number",
        keys={"min": "int", "max": "int", "unit": "text"},
    ),
    QuestionType(
        "age_band",
        "An age band (never a date of birth).",
        "choice",
        "radios",
        options="author",
        tally="closed",
    ),
    QuestionType(
        "yes_no", "Yes, no or not sure.", "choice", "radios", options="builtin", tally="closed"
    ),
    # Each row rated on one scale. The rows are the author's (``rows``) or the options the
    # respondent ticked on an earlier multiple_choice (``rows_from``); ``scale`` is the
    # answers each row offers. Both lists are checked by questionnaires/matrix.py.
    QuestionType(
        "matrix",
        "Rate each of several things on one scale, such as each service ticked earlier.",
        "matrix",
        "matrix",
        options="scale",
        tally="matrix",
        keys={"rows_from": "slug", "rows": "any", "scale": "any"},
    ),
)

REGISTRY: Mapping[str, QuestionType] = MappingProxyType({t.name: t for t in _TYPES})


def get_type(name: str) -> QuestionType:
    """The type called ``name``; a KeyError, never a silent default."""
    return REGISTRY[name]


def builtin_options(qtype: QuestionType, settings: Mapping[str, object]) -> tuple:
    """The fixed options of a type whose options are not written by the author."""
    if qtype.name == "feelings":
        return FACES_5 if settings.get("scale", 5) == 5 else FACES_3
    if qtype.name == "yes_no":
        return YES_NO
    raise KeyError(f"question type {qtype.name!r} has no built-in options")
