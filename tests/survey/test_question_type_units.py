"""Each question type is one entry (questionnaires/types.py) that the rest of the code asks.

The web form, the demo data and the findings each keep what is theirs keyed by the type's
name or answer shape; these tests catch an entry that one of them would read wrongly or
not at all, before a child or a council sees it (issue 14).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.types import ANSWER_SHAPES, REGISTRY, QuestionType
from survey.respond.fields import WIDGETS
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
