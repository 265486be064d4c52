"""Wording warnings: reading age, two questions in one, too long for a phone."""

from __future__ import annotations

from pathlib import Path

from questionnaire_builders import load, one_question

from questionnaires.lint import lint, reading_age


def warnings_for(tmp_path: Path, question: dict, **top) -> list[tuple[str, str]]:
    data = one_question(question)
    data.update(top)
    return [(w.code, w.path) for w in lint(load(tmp_path, data))]


def test_reading_age_rises_with_long_words_and_sentences() -> None:
    assert reading_age("Do you like your school?") < 8
    hard = (
        "To what extent do you consider the accessibility of recreational provision "
        "satisfactory within your neighbourhood?"
    )
    assert reading_age(hard) > 16


def test_hard_wording_for_children_is_flagged_but_plain_wording_is_not(tmp_path: Path) -> None:
    hard = {
        "id": "q",
        "type": "short_text",
        "text": "What improvements to recreational provision would you prioritise locally?",
    }
    assert ("HYS201", "pages[0].questions[0].text") in warnings_for(tmp_path, hard)
    plain = {"id": "q", "type": "short_text", "text": "What would make your park better?"}
    assert warnings_for(tmp_path, plain) == []


def test_adults_are_held_to_plain_english_not_to_a_childs_reading_age(tmp_path: Path) -> None:
    text = "How long did your family wait for the assessment you were promised?"
    q = {"id": "q", "type": "short_text", "text": text}
    assert warnings_for(tmp_path, q, audience="parent_carer", age_band="adult") == []
    assert warnings_for(tmp_path, q)  # the same words for an 8 year old are too hard


def test_double_barrelled_closed_question(tmp_path: Path) -> None:
    two = {"id": "q", "type": "feelings", "text": "How happy and safe do you feel?"}
    assert [c for c, _ in warnings_for(tmp_path, two)] == ["HYS203"]
    one = {"id": "q", "type": "feelings", "text": "How do you feel about friends and family?"}
    assert warnings_for(tmp_path, one) == []
    choice = {
        "id": "q",
        "type": "single_choice",
        "text": "Do you walk or cycle?",
        "options": ["Walk", "Cycle"],
    }
    assert warnings_for(tmp_path, choice) == []  # "or" offers the options


def test_too_long_for_a_phone(tmp_path: Path) -> None:
    long = {"id": "q", "type": "long_text", "text": "Tell us. " * 20}
    assert ("HYS202", "pages[0].questions[0].text") in warnings_for(tmp_path, long)


def test_validate_prints_warnings_and_still_passes(app, tmp_path: Path) -> None:
    data = one_question({"id": "q", "type": "feelings", "text": "How happy and safe are you?"})
    load(tmp_path, data)
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0
    assert "warning HYS203" in result.output and "1 wording warning(s)" in result.output


def test_a_fixed_phrase_or_a_service_name_is_one_thing_but_two_questions_still_warn(
    tmp_path: Path,
) -> None:
    for text in (
        "Do you help look after someone at home who is ill or disabled?",
        "Do you know who your social worker or personal adviser is?",
        "Do you have a disability or long-term health condition yourself?",
    ):
        q = {"id": "q", "type": "yes_no", "text": text}
        found = warnings_for(tmp_path, q, audience="parent_carer", age_band="adult")
        assert "HYS203" not in [c for c, _ in found], text
    two = {"id": "q", "type": "yes_no", "text": "Are you ill or disabled and do you work?"}
    found = warnings_for(tmp_path, two, audience="parent_carer", age_band="adult")
    assert [c for c, _ in found if c == "HYS203"] == [
        "HYS203"
    ]  # "ill or disabled" is excused, "disabled and do" is not


def test_a_warning_names_the_line_of_the_words_it_is_about(tmp_path: Path) -> None:
    q = {"id": "q", "type": "feelings", "text": "How happy and safe do you feel?"}
    (warning,) = lint(load(tmp_path, one_question(q)))
    lines = Path(warning.file).read_text(encoding="utf-8").splitlines()
    assert warning.line is not None
    assert "How happy and safe" in lines[warning.line - 1]
    assert str(warning).startswith(f"{warning.file}:{warning.line} at ")
