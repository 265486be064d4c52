"""Each question type is one entry (questionnaires/types.py) that the rest of the code asks.

The web form, the demo data and the findings each keep what is theirs keyed by the type's
name or answer shape; these tests catch an entry that one of them would read wrongly or
not at all, before a child or a council sees it (issue 14).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.checks import PURPOSE_NEEDS
from questionnaires.model import PURPOSES
from questionnaires.types import (
    ANSWER_SHAPES,
    REGISTRY,
    QuestionType,
    builtin_options,
    types_for,
)
from questionnaires.xlsform.common import (
    IMPORT_TYPES,
    KNOWN_TYPES,
    constraint,
    parse_constraint,
)
from survey.respond.fields import _FIELDS, WIDGETS
from survey.workspace import demo

TEMPLATES = Path(__file__).resolve().parents[2] / "survey" / "templates"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_type_names_a_widget_template_that_exists(name: str) -> None:
    kind = REGISTRY[name]
    assert (TEMPLATES / kind.template).is_file()
    assert WIDGETS[name].template == kind.template


def test_the_closed_tally_counts_exactly_the_types_that_say_closed() -> None:
    closed = {n for n, t in REGISTRY.items() if t.tally == "closed"}
    assert closed == {"single_choice", "multiple_choice", "yes_no", "feelings", "age_band"}
    assert {n for n, t in REGISTRY.items() if t.tally == "matrix"} == {"matrix"}


def test_every_answer_shape_has_a_demo_maker() -> None:
    used = {t.answer for t in REGISTRY.values()}
    assert used <= set(ANSWER_SHAPES)
    assert set(demo._MAKERS) | {"matrix"} == set(ANSWER_SHAPES)


def test_free_text_answers_are_text_or_hold_words() -> None:
    # The screen reads free text; a type that says so stores words (text) or an order
    # with words beside "Other" (ranking).
    assert {t.answer for t in REGISTRY.values() if t.free_text} == {"text", "ranking"}


@pytest.mark.parametrize("value", [None, "", [], {}])
def test_an_empty_answer_is_empty_for_every_type(value: object) -> None:
    assert all(t.is_empty(value) for t in REGISTRY.values())


@pytest.mark.parametrize("value", ["a", 0, False, ["a"], {"order": ["a"]}])
def test_an_answer_given_is_not_empty(value: object) -> None:
    assert not any(t.is_empty(value) for t in REGISTRY.values())


@pytest.mark.parametrize(("answer", "tally"), [("shape", "none"), ("choice", "counted")])
def test_an_entry_with_an_unknown_shape_or_tally_fails_when_made(answer: str, tally: str) -> None:
    with pytest.raises(ValueError, match="bad answer or tally kind"):
        QuestionType("odd", "An odd type.", answer, "radios", tally=tally)


def _entry(**facts: object) -> QuestionType:
    return QuestionType("odd", "An odd type.", "choice", "radios", **facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "complaint"),
    [
        ({}, "no XLSForm type"),
        ({"xlsform": ("select_one", ""), "options": "listed"}, "bad options"),
        ({"xlsform": ("select_one", ""), "options": "builtin"}, "fixed_options"),
        ({"xlsform": ("select_one", ""), "purposes": ("distrct",)}, "unknown purpose"),
        ({"xlsform": ("select_one", ""), "xlsform_constraint": ("max",)}, "unknown key"),
    ],
)
def test_an_entry_missing_a_fact_fails_when_made(facts: dict, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        _entry(**facts)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_type_has_an_xlsform_mapping_that_reads_back(name: str) -> None:
    kind = REGISTRY[name]
    assert name in IMPORT_TYPES[kind.xlsform[0]]
    assert kind.xlsform[0] in KNOWN_TYPES
    # The plain reading of each XLSForm type is a type with nothing built in or special.
    assert REGISTRY[IMPORT_TYPES[kind.xlsform[0]][0]].options in ("none", "author")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_types_constraint_keys_round_trip(name: str) -> None:
    kind = REGISTRY[name]
    settings = {k: (2 if k == "min" else 9) for k in kind.xlsform_constraint}
    written = constraint(kind, settings)
    assert bool(written) == bool(kind.xlsform_constraint)
    if written:
        assert parse_constraint(written, name) == settings


def test_every_restricted_purpose_is_carried_and_explained() -> None:
    carried = {p for t in REGISTRY.values() for p in t.purposes}
    assert carried == set(PURPOSE_NEEDS)
    assert carried <= set(PURPOSES)
    assert all(types_for(p) for p in PURPOSE_NEEDS)


def test_built_in_options_come_from_the_entry() -> None:
    for kind in REGISTRY.values():
        if kind.options == "builtin":
            assert builtin_options(kind, {}), kind.name
        else:
            with pytest.raises(KeyError):
                builtin_options(kind, {})


def test_every_widget_has_its_web_half() -> None:
    assert {t.widget for t in REGISTRY.values()} == set(_FIELDS)
