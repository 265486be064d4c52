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
