"""Issue 13's format additions as a respondent meets them without JavaScript.

"None of these" ticked beside another option is refused and the ticks come back as
they were; a number question with a range says the range before any mistake.
"""

from __future__ import annotations

import re

from helpers import text_of
from test_typed_kept import press, stored_draft, walk_to


def _ticked(html: str, name: str) -> set[str]:
    found = set()
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and " checked" in tag:
            found.add(re.search(r'value="([^"]*)"', tag).group(1))
    return found


def test_none_of_these_beside_another_option_is_refused_and_the_ticks_are_kept(app, client):
    _r, loc = walk_to(client, "choices")
    refused = press(client, loc, {"favourite_place": "home", "activities": ["sport", "none"]})
    html = text_of(refused)
    assert refused.status_code == 400
    assert "Choose 'None of these' on its own, or untick it to keep the others" in html
    assert _ticked(html, "activities") == {"sport", "none"}
    fieldset = re.search(r'<fieldset[^>]*aria-describedby="([^"]*activities-error[^"]*)"', html)
    assert fieldset, "the error is tied to the question's fieldset"
    moved_on = press(client, loc, {"favourite_place": "home", "activities": ["none"]})
    assert moved_on.status_code == 302
    assert stored_draft(app)["activities"] == ["none"]


def test_only_the_exclusive_options_are_marked_for_the_script(client):
    _r, loc = walk_to(client, "choices")
    html = text_of(client.get(loc))
    marked = {
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", html)
        if 'name="activities"' in tag and "data-exclusive" in tag
    }
    assert marked == {"none"}


def test_a_number_range_is_a_hint_tied_to_the_box_before_any_mistake(client):
    _r, loc = walk_to(client, "numbers")
    html = text_of(client.get(loc))
    hint = re.search(r'<p class="hint" id="people_home-hint">([^<]*)</p>', html)
    assert hint and hint.group(1) == "Enter a number from 1 to 20"
    box = re.search(r'<input[^>]*id="people_home"[^>]*>', html).group(0)
    assert "people_home-hint" in re.search(r'aria-describedby="([^"]*)"', box).group(1)
    assert "people_home-error" not in html


def _box(html: str) -> str:
    return re.search(r'<input[^>]*id="activities-other_text"[^>]*>', html).group(0)


def test_other_ticked_without_words_is_refused_and_the_ticks_are_kept(client):
    _r, loc = walk_to(client, "choices")
    refused = press(client, loc, {"favourite_place": "home", "activities": ["art", "other"]})
    html = text_of(refused)
    assert refused.status_code == 400
    assert "Write your other answer, or untick 'Other'" in html
    assert _ticked(html, "activities") == {"art", "other"}


def test_words_without_other_ticked_are_refused_and_kept(client):
    _r, loc = walk_to(client, "choices")
    data = {"favourite_place": "home", "activities": ["art"], "activities-other_text": "Chess"}
    refused = press(client, loc, data)
    html = text_of(refused)
    assert refused.status_code == 400
    assert "Tick 'Other' to keep what you wrote, or clear its box" in html
    assert 'value="Chess"' in _box(html)
    assert _ticked(html, "activities") == {"art"}


def test_other_with_its_words_is_stored_with_the_answer_and_comes_back(app, client):
    _r, loc = walk_to(client, "choices")
    data = {
        "favourite_place": "home",
        "activities": ["art", "other"],
        "activities-other_text": "  Chess club  ",
    }
    assert press(client, loc, data).status_code == 302
    assert stored_draft(app)["activities"] == {"choices": ["art", "other"], "other": "Chess club"}
    html = text_of(client.get(loc))
    assert _ticked(html, "activities") == {"art", "other"}
    assert 'value="Chess club"' in _box(html)


def test_other_words_over_the_limit_are_refused_not_cut(client):
    _r, loc = walk_to(client, "choices")
    words = "Climbing trees " * 20  # 300 characters
    data = {"favourite_place": "home", "activities": ["other"], "activities-other_text": words}
    html = text_of(press(client, loc, data))
    assert "Write 200 characters or fewer" in html
    assert f'value="{words.strip()}"' in _box(html)


def test_other_words_are_screened_and_analysed_and_counted_as_other(app):
    from analysis.reporting.stats import closed_question_counts
    from questionnaires import load_directory
    from survey.respond.answers import describe
    from survey.safeguarding.screening import free_texts

    gallery = load_directory()["question-gallery"]
    with_words = {"activities": {"choices": ["art", "other"], "other": "Skateboarding at night"}}
    ticks_only = {"activities": ["art", "sport"]}
    assert free_texts(gallery, with_words) == {"activities": "Skateboarding at night"}
    assert free_texts(gallery, ticks_only) == {}, "option values are never screened as words"
    counts = closed_question_counts(gallery.question("activities"), [with_words, ticks_only])
    by_value = {o.value: (o.label, o.count) for o in counts.options}
    assert by_value["other"] == ("Other", 1) and by_value["art"] == ("Art", 2)
    assert counts.answered == 2
    with app.test_request_context("/"):
        lines = describe(gallery.question("activities"), with_words["activities"])
    assert lines == ["Art", "Other: Skateboarding at night"]
