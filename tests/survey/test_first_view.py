"""Question pages as first seen are rendered once and shared; nothing personal is shared."""

from __future__ import annotations

import re
import shutil

from helpers import Respondent, csrf, make_app, text_of

from questionnaires.loader import DEFINITIONS
from survey.respond.first_view import CODE_SLOT, CSRF_SLOT, FirstViews, fill

GALLERY = "question-gallery"
_CODE = re.compile(r'name="resume_code" value="([^"]*)"')


def resume_code(html: str) -> str:
    match = _CODE.search(html)
    assert match, "page has no resume code"
    return match.group(1)


def first_views(app) -> FirstViews:
    return app.extensions["hys_first_views"]


def started(app) -> tuple[Respondent, str]:
    respondent = Respondent(app.test_client(), GALLERY)
    return respondent, respondent.start().location


def test_each_child_gets_their_own_token_and_code_in_a_shared_page(tmp_path):
    app, _ = make_app(tmp_path)
    (amy, page), (ben, same_page) = started(app), started(app)
    assert page == same_page
    amy_html = amy.client.get(page).get_data(as_text=True)
    ben_html = ben.client.get(page).get_data(as_text=True)
    assert len(first_views(app)) == 1  # rendered once, for both
    assert csrf(amy_html) != csrf(ben_html)
    assert resume_code(amy_html) != resume_code(ben_html)
    for html in (amy_html, ben_html):
        assert "slot-" not in html and len(resume_code(html)) == 26
    # the page is the same apart from the two values that are each child's own
    assert amy_html.replace(csrf(amy_html), "T").replace(resume_code(amy_html), "C") == (
        ben_html.replace(csrf(ben_html), "T").replace(resume_code(ben_html), "C")
    )
    # and each child's token works for them: the shared page does not break their form
    assert (
        amy.client.post(page, data={"csrf_token": csrf(amy_html), "agree": "yes"}).status_code
        == 302
    )
    stolen = ben.client.post(page, data={"csrf_token": csrf(amy_html), "agree": "yes"})
    assert stolen.status_code == 400  # another child's token is no use


def test_an_answered_page_is_rendered_afresh_and_never_kept(tmp_path):
    app, _ = make_app(tmp_path)
    amy, first = started(app)
    words = "I would like a quiet room at lunchtime"
    # walk forward to the first page with a short text box, answering only what must be
    location = amy.answer(first, {"agree": "yes"}).location
    for _ in range(10):
        page = amy.client.get(location).get_data(as_text=True)
        box = re.search(r'<input class="input" type="text" id="([a-z_]+)"', page)
        if box:
            break
        location = amy.client.post(
            location, data={"csrf_token": csrf(page), "continue": "1"}
        ).location
    assert box, "the gallery has a short text question"
    amy.answer(location, {box.group(1): words})
    again = amy.client.get(location)
    assert words in text_of(again)  # the child's words come back to them
    cached = [html for _owner, html in first_views(app)._pages.values()]
    assert cached and not any(words in html for html in cached)
    # nor does anyone else ever see them
    ben, _ = started(app)
    assert words not in text_of(ben.client.get(location))


def test_each_language_has_its_own_first_view(tmp_path):
    app, _ = make_app(tmp_path)
    amy, page = started(app)
    english = text_of(amy.client.get(page))
    welsh = amy.client.get(page + "?lang=cy", follow_redirects=True)
    assert welsh.status_code == 200
    assert 'lang="cy"' in welsh.get_data(as_text=True)
    assert text_of(welsh) != english
    assert text_of(amy.client.get(page)) == text_of(welsh)  # the choice is kept
    assert len(first_views(app)) == 2


def test_edited_definitions_are_never_served_from_an_old_render(tmp_path):
    folder = tmp_path / "defs"
    folder.mkdir()
    shutil.copy(DEFINITIONS / f"{GALLERY}.yaml", folder)
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(folder))
    amy, page = started(app)
    assert "Do you want to take part?" in text_of(amy.client.get(page))
    path = folder / f"{GALLERY}.yaml"
    path.write_text(path.read_text().replace("Do you want to take part?", "Shall we begin?"))
    app.extensions["hys_questionnaires"] = None  # the definitions are read again
    assert "Shall we begin?" in text_of(amy.client.get(page))


def test_a_message_waiting_for_the_child_is_shown_not_cached(tmp_path):
    app, _ = make_app(tmp_path)
    amy, page = started(app)
    amy.client.get(page)
    with amy.client.session_transaction() as session:
        session["_flashes"] = [("info", "A message just for Amy")]
    assert "A message just for Amy" in text_of(amy.client.get(page))
    assert "A message just for Amy" not in text_of(amy.client.get(page))  # shown once


def test_the_store_is_bounded_and_forgets_the_least_recently_used():
    store = FirstViews(size=2)
    page = f"<p>{CSRF_SLOT} {CODE_SLOT}</p>"
    owner = object()
    renders: list[str] = []

    def render(name: str):
        def make() -> str:
            renders.append(name)
            return page

        return make

    store.get("a", owner, render("a"))
    store.get("b", owner, render("b"))
    store.get("a", owner, render("a"))  # a is now the most recent
    store.get("c", owner, render("c"))  # so b goes
    store.get("a", owner, render("a"))
    store.get("b", owner, render("b"))
    assert renders == ["a", "b", "c", "b"]
    assert len(store) == 2
    store.get("b", object(), render("b"))  # another questionnaire object: rendered again
    assert renders[-1] == "b" and len(renders) == 5


def test_values_filled_in_are_escaped():
    html = f'<input value="{CSRF_SLOT}"><input value="{CODE_SLOT}">'
    filled = fill(html, 'a"><script>', "CODE")
    assert "<script>" not in filled and "&#34;&gt;&lt;script&gt;" in filled
    assert filled.endswith('value="CODE">')
