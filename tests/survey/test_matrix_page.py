"""A matrix on the page: one group of radios per row ticked earlier, each row kept and
put right on its own, without JavaScript (the gallery's "How much do you enjoy each?")."""

from __future__ import annotations

import re

from helpers import Respondent, text_of
from test_typed_kept import GALLERY, press, stored_draft

from survey.db import db
from survey.models import Response


def _to_choices(client) -> tuple[Respondent, str]:
    r = Respondent(client, GALLERY)
    loc = r.start().location
    loc = r.answer(loc, {"agree": "yes"}).location
    assert loc.endswith("/p/choices")
    return r, loc


def _legends(html: str) -> list[str]:
    return re.findall(r'<legend class="matrix__legend">(.*?)</legend>', html)


def test_the_rows_are_the_options_ticked_with_other_named_as_written(client):
    r, loc = _to_choices(client)
    ticked = {"activities": ["art", "sport", "other"], "activities-other_text": "Skating <b>"}
    rating = r.answer(loc, ticked).location
    assert rating.endswith("/p/rating")
    html = client.get(rating).get_data(as_text=True)
    assert _legends(html) == ["Sport", "Art", "Skating &lt;b&gt;"]  # the options' order, escaped
    assert 'name="enjoy_activities-other"' in html
    assert html.count('type="radio" id="enjoy_activities-sport') == 4  # the scale


def test_the_page_is_skipped_when_only_none_of_these_was_ticked(client):
    r, loc = _to_choices(client)
    assert r.answer(loc, {"activities": ["none"]}).location.endswith("/p/feelings")
    r2, loc2 = _to_choices(client)
    assert r2.answer(loc2, {}).location.endswith("/p/feelings")  # nothing ticked at all


def test_a_missing_row_is_refused_alone_and_the_other_rows_kept(client):
    r, loc = _to_choices(client)
    rating = r.answer(loc, {"activities": ["sport", "art", "music"]}).location
    sent = r.answer(rating, {"enjoy_activities-sport": "a_lot", "enjoy_activities-art": "x"})
    assert sent.status_code == 400
    html = text_of(sent)
    assert re.search(r'value="a_lot" checked', html)  # the row put right is kept
    summary = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html)
    assert summary == [  # in the rows' order, each linked to its row
        ("enjoy_activities-music", "Choose an answer for 'Music'"),
        ("enjoy_activities-art", "Choose one of the answers for 'Art'"),
    ]
    assert 'id="enjoy_activities-music"' in html  # the link's target: the row's first radio
    fieldset = re.search(r'<fieldset class="[^"]*matrix__row--error"[^>]*>', html)
    assert fieldset and 'aria-describedby="enjoy_activities-' in fieldset[0]
    assert 'id="enjoy_activities-music-error"' in html
    assert 'aria-describedby="enjoy_activities-sport-error"' not in html


def test_switching_language_and_back_keep_every_rows_choice(app, client):
    r, loc = _to_choices(client)
    rating = r.answer(loc, {"activities": ["sport", "art"]}).location
    switched = press(client, rating, {"switch_lang": "cy", "enjoy_activities-sport": "a_bit"})
    assert switched.status_code == 303
    html = text_of(client.get(switched.location))
    assert '<html lang="cy"' in html and 'value="a_bit" checked' in html
    assert "error-summary" in html  # Art still needs an answer: kept as typed, not saved
    assert "enjoy_activities" not in stored_draft(app)
    back = press(client, rating, {"back": "1", "enjoy_activities-sport": "not_much"})
    assert back.location.endswith("/p/choices")
    assert 'value="not_much" checked' in text_of(client.get(rating))


def test_check_your_answers_lists_each_rows_rating_and_stores_row_to_scale(db_app):
    app, client = db_app, db_app.test_client()
    r, loc = _to_choices(client)
    ticked = {"activities": ["sport", "music", "other"], "activities-other_text": "Chess"}
    rating = r.answer(loc, ticked).location
    ratings = {  # "sport" sorts after "other": the lines keep the rows' order whatever the store
        "enjoy_activities-sport": "a_bit",
        "enjoy_activities-music": "a_lot",
        "enjoy_activities-other": "not_sure",
    }
    loc = r.answer(rating, ratings).location
    while "/p/" in loc:
        loc = r.answer(loc, {}).location
    check = text_of(r.check_page())
    lines = re.findall(r'<span class="summary__line">([^<]*)</span>', check)
    assert [line for line in lines if ": A " in line or ": Not sure" in line] == [
        "Sport: A bit",
        "Music: A lot",
        "Chess: Not sure",
    ]
    assert r.send().status_code == 303
    with app.app_context():
        (response,) = db.session.execute(db.select(Response)).scalars().all()
        assert response.answers["enjoy_activities"] == {
            "sport": "a_bit",
            "music": "a_lot",
            "other": "not_sure",
        }


def test_unticking_an_option_earlier_drops_its_rating(app, client):
    r, loc = _to_choices(client)
    rating = r.answer(loc, {"activities": ["sport", "art"]}).location
    r.answer(rating, {"enjoy_activities-sport": "a_lot", "enjoy_activities-art": "a_bit"})
    r.answer(loc, {"activities": ["art"]})  # back to the choices: Sport unticked
    check = text_of(r.check_page())
    assert "Art: A bit" in check and "Sport: A lot" not in check


def test_a_piped_page_is_never_shared_between_respondents(app):
    """First views are rendered once and shared; rows from a respondent's own ticks (and
    the words they wrote beside Other) must never be shown to the next person."""
    shown = []
    for words in ("Secret club A", "Chess"):
        client = app.test_client()
        r, loc = _to_choices(client)
        rating = r.answer(loc, {"activities": ["other"], "activities-other_text": words}).location
        shown.append(_legends(client.get(rating).get_data(as_text=True)))
    assert shown == [["Secret club A"], ["Chess"]]
