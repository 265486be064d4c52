"""The registry of question types.

A definition naming a type that is not here fails when it is loaded, never
when a child reaches the page. Each type says which extra keys it takes, what
its answer looks like and whether the answer is free text (free text is what
the safeguarding screen and the analysis read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class QuestionType:
    name: str
    summary: str
    answer: str  # none | flag | choice | choices | text | number | ranking | matrix
    options: str = "none"  # none | author (the author lists them) | builtin | scale (matrix)
    free_text: bool = False
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    builtin_options: tuple[tuple[str, str, str], ...] = ()  # value, English label, face drawn


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
    QuestionType("statement", "Information to read; no answer.", "none"),
    QuestionType(
        "consent",
        "A tick box to agree (assent for children, consent for adults).",
        "flag",
        keys={"label": "text"},
    ),
    QuestionType("single_choice", "Choose one option.", "choice", options="author"),
    QuestionType(
        "multiple_choice",
        "Choose any number of options, with room for 'other, please say'.",
        "choices",
        options="author",
        keys={"max_choices": "int", "other": "bool"},
    ),
    QuestionType(
        "feelings",
        "A scale of 3 or 5 faces, each with words.",
        "choice",
        options="builtin",
        keys={"scale": "int", "labels": "text_list"},
    ),
    QuestionType(
        "short_text", "A line of text.", "text", free_text=True, keys={"max_length": "int"}
    ),
    QuestionType(
        "long_text",
        "A paragraph of text.",
        "text",
        free_text=True,
        keys={"max_length": "int"},
    ),
    QuestionType(
        "ranking",
        "Put a list of priorities in order, with room for 'other'.",
        "ranking",
        options="author",
        free_text=True,
        keys={"max_ranked": "int", "other": "bool"},
    ),
    QuestionType(
        "number",
        "A whole number.",
        "number",
        keys={"min": "int", "max": "int", "unit": "text"},
    ),
    QuestionType(
        "age_band",
        "An age band (never a date of birth).",
        "choice",
        options="author",
    ),
    QuestionType(
        "yes_no",
        "Yes, no or not sure.",
        "choice",
        options="builtin",
    ),
    # Each row rated on one scale. The rows are the author's (``rows``) or the options the
    # respondent ticked on an earlier multiple_choice (``rows_from``); ``scale`` is the
    # answers each row offers. Both lists are checked by questionnaires/matrix.py.
    QuestionType(
        "matrix",
        "Rate each of several things on one scale, such as each service ticked earlier.",
        "matrix",
        options="scale",
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
