"""Every registered question type loads, and conditions hide what they should.

A type that cannot be loaded from a file is a type no council can use; a
condition that holds when it should not shows a child a question that does
not apply to them, or keeps an answer they took back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_builders import definition, load, one_question

from questionnaires import REGISTRY, Condition, Questionnaire
from questionnaires.types import FACES_3, FACES_5, PREFER_NOT_TO_SAY, YES_NO

# The smallest valid question of each type. A new type without an entry fails below.
EXAMPLES: dict[str, dict] = {
    "statement": {"type": "statement", "text": "Read this"},
    "consent": {"type": "consent", "text": "Take part?", "label": "Yes", "required": True},
    "single_choice": {"type": "single_choice", "text": "Pick", "options": ["Red", "Blue"]},
    "multiple_choice": {
        "type": "multiple_choice",
        "text": "Pick any",
        "options": ["Red", "Blue", "Green"],
        "max_choices": 2,
    },
    "feelings": {"type": "feelings", "text": "How do you feel?"},
    "short_text": {"type": "short_text", "text": "A word", "max_length": 50},
    "long_text": {"type": "long_text", "text": "Tell us", "max_length": 500},
    "ranking": {
        "type": "ranking",
        "text": "Order these",
        "options": ["Parks", "Buses"],
        "max_ranked": 2,
        "other": True,
    },
    "number": {"type": "number", "text": "How many?", "min": 0, "max": 9, "unit": "people"},
    "age_band": {"type": "age_band", "text": "How old?", "options": ["8-9", "10-12"]},
    "yes_no": {"type": "yes_no", "text": "Yes?"},
    "matrix": {
        "type": "matrix",
        "text": "How good was each?",
        "rows": ["Parks", "Buses"],
        "scale": ["Good", "Poor"],
    },
}


def test_every_registered_type_has_an_example() -> None:
    assert set(EXAMPLES) == set(REGISTRY)


@pytest.mark.parametrize("type_name", sorted(REGISTRY))
def test_each_type_loads(tmp_path: Path, type_name: str) -> None:
    q = load(tmp_path, one_question({"id": "q", **EXAMPLES[type_name]}))
    question = q.question("q")
    assert question.type == type_name
    assert question.is_free_text == REGISTRY[type_name].free_text
    assert question.required is bool(EXAMPLES[type_name].get("required"))
    if REGISTRY[type_name].options == "none":
        assert question.options == ()
    else:
        assert question.options


def test_free_text_types_are_the_ones_the_safeguarding_screen_reads() -> None:
    assert {n for n, t in REGISTRY.items() if t.free_text} == {"short_text", "long_text", "ranking"}


def test_author_options_from_plain_words_get_slug_values(tmp_path: Path) -> None:
    q = load(tmp_path, one_question({"id": "q", **EXAMPLES["single_choice"]}))
    assert [(o.value, o.label.default, o.builtin) for o in q.question("q").options] == [
        ("red", "Red", False),
        ("blue", "Blue", False),
    ]


def test_age_band_keeps_the_dash_in_values(tmp_path: Path) -> None:
    """Bands like 8-9 are compared in show_if and reports; '8_9' would not match."""
    q = load(tmp_path, one_question({"id": "q", **EXAMPLES["age_band"]}))
    assert [o.value for o in q.question("q").options] == ["8-9", "10-12"]


def test_settings_hold_the_type_keys(tmp_path: Path) -> None:
    ranking = load(tmp_path, one_question({"id": "q", **EXAMPLES["ranking"]})).question("q")
    assert dict(ranking.settings) == {"max_ranked": 2, "other": True}
    number = load(tmp_path, one_question({"id": "q", **EXAMPLES["number"]})).question("q")
    assert number.settings["min"] == 0 and number.settings["max"] == 9
    assert number.settings["unit"].default == "people"  # translatable, so a Text
    chosen = load(tmp_path, one_question({"id": "q", **EXAMPLES["multiple_choice"]}))
    assert chosen.question("q").settings["max_choices"] == 2
    consent = load(tmp_path, one_question({"id": "q", **EXAMPLES["consent"]})).question("q")
    assert consent.settings["label"].default == "Yes"


@pytest.mark.parametrize(("scale", "faces"), [(None, FACES_5), (5, FACES_5), (3, FACES_3)])
def test_feelings_has_builtin_faces(tmp_path: Path, scale: int | None, faces: tuple) -> None:
    """Faces are worded by the interface catalogs, so they are translated once for all."""
    question = {"id": "q", "type": "feelings", "text": "How?"}
    if scale is not None:
        question["scale"] = scale
    options = load(tmp_path, one_question(question)).question("q").options
    assert [(o.value, o.label.default, o.symbol) for o in options] == list(faces)
    assert all(o.builtin for o in options)


def test_feelings_labels_reword_the_faces(tmp_path: Path) -> None:
    question = {
        "id": "q",
        "type": "feelings",
        "text": "How?",
        "scale": 3,
        "labels": ["Not good", "OK", "Good"],
    }
    path_q = load(tmp_path, one_question(question))
    options = path_q.question("q").options
    assert [o.label.default for o in options] == ["Not good", "OK", "Good"]
    assert [o.symbol for o in options] == [s for _, _, s in FACES_3]
    assert not any(o.builtin for o in options)


def test_yes_no_has_builtin_options(tmp_path: Path) -> None:
    options = load(tmp_path, one_question({"id": "q", **EXAMPLES["yes_no"]})).question("q").options
    assert [(o.value, o.label.default) for o in options] == [(v, w) for v, w, _ in YES_NO]
    assert [o.value for o in options] == ["yes", "no", "not_sure"]
    assert all(o.builtin for o in options)


@pytest.mark.parametrize(
    "type_name", ["single_choice", "multiple_choice", "age_band", "yes_no", "feelings"]
)
def test_prefer_not_to_say_on_choice_types(tmp_path: Path, type_name: str) -> None:
    """It is a flag, not an option, so every questionnaire words it the same way."""
    q = load(tmp_path, one_question({"id": "q", **EXAMPLES[type_name], "prefer_not_to_say": True}))
    question = q.question("q")
    assert question.prefer_not_to_say is True
    assert PREFER_NOT_TO_SAY not in {o.value for o in question.options}


def test_prefer_not_to_say_is_off_unless_asked_for(tmp_path: Path) -> None:
    q = load(tmp_path, one_question({"id": "q", **EXAMPLES["yes_no"]}))
    assert q.question("q").prefer_not_to_say is False


def test_metadata_for_analysis_is_kept(tmp_path: Path) -> None:
    question = {
        **EXAMPLES["yes_no"],
        "id": "q",
        "purpose": "equality",
        "themes": ["caring"],
        "uncrc": [2, 27],
        "outcomes": ["shanarri:nurtured"],
        "privacy_note": "Why",
    }
    q = load(tmp_path, one_question(question)).question("q")
    assert (q.purpose, q.themes, q.uncrc, q.outcomes) == (
        "equality",
        ("caring",),
        (2, 27),
        ("shanarri:nurtured",),
    )
    assert q.privacy_note.default == "Why"


# --- show_if -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answers", "holds"),
    [
        (Condition("a", equals=("yes",)), {"a": "yes"}, True),
        (Condition("a", equals=("yes",)), {"a": "no"}, False),
        (Condition("a", equals=("yes",)), {}, False),
        (Condition("a", equals=("yes",)), {"a": ""}, False),
        (Condition("a", equals=("yes", "not_sure")), {"a": "not_sure"}, True),
        (Condition("a", equals=("red",)), {"a": ["blue", "red"]}, True),
        (Condition("a", equals=("red",)), {"a": ["blue"]}, False),
        (Condition("a", equals=("3",)), {"a": 3}, True),
        (Condition("a", equals=(PREFER_NOT_TO_SAY,)), {"a": PREFER_NOT_TO_SAY}, True),
        (Condition("a", answered=True), {"a": "anything"}, True),
        (Condition("a", answered=True), {"a": []}, False),
        (Condition("a", answered=False), {}, True),
        (Condition("a", answered=False), {"a": "x"}, False),
    ],
)
def test_condition_holds(condition: Condition, answers: dict, holds: bool) -> None:
    assert condition.holds(answers) is holds


def _branching(tmp_path: Path) -> Questionnaire:
    """Pets: a page only for dog owners, then a question only for those who named it."""
    return load(
        tmp_path,
        definition(
            pages=[
                {
                    "id": "pets",
                    "questions": [
                        {
                            "id": "pet",
                            "type": "single_choice",
                            "text": "Pet?",
                            "options": ["Dog", "Cat"],
                            "prefer_not_to_say": True,
                        }
                    ],
                },
                {
                    "id": "dog",
                    "show_if": {"question": "pet", "equals": "dog"},
                    "questions": [{"id": "dog_name", "type": "short_text", "text": "Name?"}],
                },
                {
                    "id": "more",
                    "questions": [
                        {
                            "id": "why",
                            "type": "long_text",
                            "text": "Why?",
                            "show_if": {"question": "dog_name", "answered": True},
                        },
                        {"id": "age", "type": "age_band", "text": "Age?", "options": ["8-9"]},
                    ],
                },
                {
                    "id": "private",
                    "show_if": {"question": "pet", "equals": ["prefer_not_to_say"]},
                    "questions": [{"id": "ok", "type": "statement", "text": "That is fine."}],
                },
            ]
        ),
    )


def test_visible_pages_follow_answers(tmp_path: Path) -> None:
    q = _branching(tmp_path)
    assert [p.id for p in q.visible_pages({})] == ["pets", "more"]
    assert [p.id for p in q.visible_pages({"pet": "dog"})] == ["pets", "dog", "more"]
    assert [p.id for p in q.visible_pages({"pet": "cat"})] == ["pets", "more"]
    assert [p.id for p in q.visible_pages({"pet": PREFER_NOT_TO_SAY})] == [
        "pets",
        "more",
        "private",
    ]


def test_visible_questions_follow_answers(tmp_path: Path) -> None:
    q = _branching(tmp_path)
    more = q.page("more")
    assert [x.id for x in q.visible_questions(more, {})] == ["age"]
    assert [x.id for x in q.visible_questions(more, {"dog_name": "Rex"})] == ["why", "age"]


def test_prune_drops_answers_that_a_change_has_hidden(tmp_path: Path) -> None:
    """A child who changes 'dog' to 'cat' must not have the dog's name stored."""
    q = _branching(tmp_path)
    answers = {"pet": "dog", "dog_name": "Rex", "why": "Because", "age": "8-9"}
    assert q.prune(answers) == answers
    changed = {**answers, "pet": "cat"}
    # dog_name is hidden, so 'why' (which depends on it) goes too: conditions chain
    assert q.prune(changed) == {"pet": "cat", "age": "8-9"}


def test_prune_ignores_answers_to_unknown_questions(tmp_path: Path) -> None:
    q = _branching(tmp_path)
    assert q.prune({"pet": "cat", "injected": "x"}) == {"pet": "cat"}
