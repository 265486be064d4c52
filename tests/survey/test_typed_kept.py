"""Nothing typed is lost: every button on a question page keeps what is in its boxes.

Changing language, Back and "Save and come back later" go without asking for
the page to be right first; an answer its check refuses (too long, a number out
of range) is kept as typed and comes back, with its error in the page's
language, until it is put right. Enter in a box is Continue, never a language.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from helpers import Respondent, csrf, text_of, valid_form_data

from questionnaires import load_directory
from questionnaires.schema import SLUG
from survey.db import db
from survey.models import Draft, Response
from survey.respond import drafts

GALLERY = "question-gallery"
LONG = "I would like a youth club that is open later on weekdays. " * 22  # 1,298 characters
assert 1000 < len(LONG.strip()) < 2000  # over the gallery's 1,000 for "Tell us more"


def walk_to(client, page_id: str) -> tuple[Respondent, str]:
    """Start the gallery and answer each page before ``page_id`` as a browser would."""
    questionnaire = load_directory()[GALLERY]
    r = Respondent(client, GALLERY)
    loc = r.start().location
    while not loc.endswith(f"/p/{page_id}"):
        page = questionnaire.page(loc.rsplit("/", 1)[-1])
        data: dict = {}
        for question in page.questions:
            data.update(valid_form_data(question))
        response = r.answer(loc, data)
        assert response.status_code == 302, text_of(response)[:500]
        loc = response.location
    return r, loc


def press(client, loc: str, data: dict, **kw):
    """Post the page as the browser would, after loading it for its token."""
    page = client.get(loc)
    assert page.status_code == 200
    return client.post(loc, data={"csrf_token": csrf(page.get_data(True)), **data}, **kw)


def stored_draft(app) -> dict:
    with app.app_context():
        (draft,) = db.session.execute(db.select(Draft)).scalars().all()
        return dict(draft.answers)


def test_changing_language_keeps_an_over_long_answer_and_shows_its_error_in_the_new_language(
    app, client
):
    _r, loc = walk_to(client, "words")
    switched = press(client, loc, {"switch_lang": "cy", "one_thing": "More buses", "tell_us": LONG})
    assert switched.status_code == 303 and switched.location.endswith("/p/words")
    page = client.get(switched.location)
    html = text_of(page)
    assert page.status_code == 200
    assert '<html lang="cy"' in html
    assert LONG.strip() in html, "the over-long answer was lost on changing language"
    assert "Ysgrifennwch 1000 nod neu lai" in html  # its error, in Welsh
    assert "<title>Gwall:" in html and 'class="error-summary"' in html
    described = re.search(r'<textarea[^>]*id="tell_us"[^>]*aria-describedby="([^"]*)"', html)
    assert described and "tell_us-error" in described[1].split()  # the error is tied to its box
    assert 'value="More buses"' in html
    draft = stored_draft(app)
    assert draft["one_thing"] == "More buses"  # what passed is an answer
    assert "tell_us" not in draft  # what did not is no answer, only kept as typed


def test_changing_language_keeps_an_out_of_range_number(app, client):
    _r, loc = walk_to(client, "numbers")
    switched = press(client, loc, {"switch_lang": "pl", "people_home": "25", "age": "15-16"})
    assert switched.status_code == 303
    html = text_of(client.get(switched.location))
    assert '<html lang="pl"' in html
    assert 'name="people_home" value="25"' in html
    assert "Wpisz liczbę od 1 do 20" in html
    assert 'value="15-16" checked' in html


def test_a_kept_answer_goes_once_it_is_put_right_or_cleared(app, client):
    _r, loc = walk_to(client, "numbers")
    press(client, loc, {"switch_lang": "cy", "people_home": "lots"})
    assert 'value="lots"' in text_of(client.get(loc))
    press(client, loc, {"switch_lang": "en", "people_home": ""})  # emptied: nothing to keep
    html = text_of(client.get(loc))
    assert 'value="lots"' not in html and "error-summary" not in html
    press(client, loc, {"switch_lang": "cy", "people_home": "99"})
    done = press(client, loc, {"continue": "1", "people_home": "4"})
    assert done.status_code == 302
    draft = stored_draft(app)
    assert draft["people_home"] == 4
    assert drafts._TYPED not in draft, draft  # nothing kept beside the answers


def test_back_saves_the_page_keeping_a_refused_answer_as_typed(app, client):
    _r, loc = walk_to(client, "numbers")
    back = press(client, loc, {"back": "1", "people_home": "twenty", "age": "13-14"})
    assert back.status_code == 303 and back.location.endswith("/p/ranking")
    assert stored_draft(app)["age"] == "13-14"
    html = text_of(client.get(loc))  # forward again
    assert 'name="people_home" value="twenty"' in html
    assert "Enter a whole number, like 3" in html
    assert 'value="13-14" checked' in html


def test_back_from_the_first_page_goes_to_the_introduction_with_the_answer_saved(app, client):
    r = Respondent(client, GALLERY)
    loc = r.start().location
    back = press(client, loc, {"back": "1", "agree": "yes"})
    assert back.status_code == 303 and back.location.endswith(f"/q/{GALLERY}")
    assert stored_draft(app)["agree"] is True


def test_back_goes_to_the_page_before_among_those_shown(app, client):
    """The caring page is shown after saying yes to caring: Back from it goes to that answer."""
    r, loc = walk_to(client, "numbers")
    loc = r.answer(loc, {"young_carer": "yes"}).location
    assert loc.endswith("/p/caring")
    back = press(client, loc, {"back": "1", "caring_hours": "200"})
    assert back.location.endswith("/p/numbers")
    assert 'value="200"' in text_of(client.get(loc))


def test_continue_with_a_refused_answer_stays_but_saves_what_passed(app, client):
    _r, loc = walk_to(client, "words")
    refused = press(client, loc, {"continue": "1", "one_thing": "Skate park", "tell_us": LONG})
    assert refused.status_code == 400
    assert LONG.strip() in text_of(refused)
    assert stored_draft(app)["one_thing"] == "Skate park"
    html = text_of(client.get(loc))  # the page left by any link and opened again
    assert LONG.strip() in html and "Write 1000 characters or fewer" in html


def test_saved_for_later_a_refused_answer_is_where_the_journey_carries_on(app, client):
    _r, loc = walk_to(client, "words")
    saved = press(client, loc, {"save_later": "1", "tell_us": LONG})
    assert saved.location.endswith("/saved")
    code = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{2,4}){6}", text_of(client.get(saved.location)))
    assert code, "no resume code shown"
    other = app.test_client()  # the next day, another browser
    form = other.get("/resume")
    resumed = other.post("/resume", data={"csrf_token": csrf(form.get_data(True)), "code": code[0]})
    carried_on = other.get(resumed.location)
    assert carried_on.location.endswith("/p/words")
    assert LONG.strip() in text_of(other.get(carried_on.location))


def test_a_refused_answer_is_never_sent_as_nothing(app, client):
    r, loc = walk_to(client, "numbers")
    press(client, loc, {"switch_lang": "en", "people_home": "500"})
    check = text_of(r.check_page())
    assert "One answer is needed before you can send:" in check
    assert f'href="/q/{GALLERY}/p/numbers?return=check"' in check
    sent = r.send()
    assert sent.status_code == 302 and "/p/numbers" in sent.location
    with app.app_context():
        assert db.session.execute(db.select(Response)).first() is None


def test_kept_typing_is_split_from_the_answers_on_reading(app, client):
    """Stored under a key no question can have, and never read back as an answer."""
    assert not SLUG.match(drafts._TYPED)
    _r, loc = walk_to(client, "numbers")
    press(client, loc, {"switch_lang": "en", "people_home": "0", "age": "17-18"})
    stored = stored_draft(app)
    assert stored[drafts._TYPED] == {"people_home": {"people_home": ["0"]}}
    answers, kept = drafts._split(stored)
    assert answers["age"] == "17-18" and "people_home" not in answers
    assert kept == {"people_home": {"people_home": ["0"]}}


class _Order(HTMLParser):
    """Submit buttons owned by the page form, and focusable elements, in source order."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.submits: list[dict] = []
        self.focusable: list[dict] = []
        self.landmarks: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "form":
            self.in_form = a.get("id") == "page-form"
        if tag in ("main", "header", "footer"):
            self.landmarks.append(tag)
        owned = self.in_form or a.get("form") == "page-form"
        if tag == "button" and a.get("type") == "submit" and owned:
            self.submits.append(a)
        interactive = tag in ("a", "button", "input", "select", "textarea") and (
            "href" in a or tag != "a"
        )
        if interactive and a.get("tabindex") != "-1" and a.get("type") != "hidden":
            self.focusable.append({"tag": tag, **a})

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.in_form = False


FIRST_BOX = {"words": "one_thing", "numbers": "people_home"}


@pytest.mark.parametrize("page_id", sorted(FIRST_BOX))
def test_the_default_button_is_continue_and_the_header_follows_the_page(client, page_id):
    """Enter in a box presses the form's first submit button in the source (HTML's rule)."""
    _r, loc = walk_to(client, page_id)
    order = _Order()
    order.feed(text_of(client.get(loc)))
    first = order.submits[0]
    assert "name" not in first, first  # no back, no language: the server reads it as Continue
    assert first.get("aria-hidden") == "true" and first.get("tabindex") == "-1"
    names = [b.get("name") for b in order.submits]
    assert names.index("switch_lang") > names.index("continue"), names
    assert order.focusable[0]["class"] == "skip-link" and order.focusable[0]["href"] == "#main"
    assert order.focusable[1].get("name") == "back"
    assert order.focusable[2].get("name") == FIRST_BOX[page_id], order.focusable[2]
    assert order.landmarks[:2] == ["main", "header"], order.landmarks


def test_a_post_with_no_button_named_is_continue(app, client):
    """What Enter sends through the unnamed default button: the page is checked and saved."""
    _r, loc = walk_to(client, "numbers")
    refused = press(client, loc, {"people_home": "21"})
    assert refused.status_code == 400 and "Enter a number from 1 to 20" in text_of(refused)
    moved_on = press(client, loc, {"people_home": "3"})
    assert moved_on.status_code == 302 and moved_on.location.endswith(f"/q/{GALLERY}/check")
    assert stored_draft(app)["people_home"] == 3
