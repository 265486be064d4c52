"""enhance.js: read-aloud through the browser's own voices, and no double posts.

speechSynthesis is stubbed before the page loads, so the test hears what would
be spoken without sound or network.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, Request, Route

from browser.conftest import LiveServer
from browser.journey import SAVE_LATER, START, click_and_wait

STUB_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
  cancel: () => {}, speaking: false,
}});
"""
NO_SPEECH = (
    "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});"
)


def _gallery_page(browser: Browser, live_server: LiveServer, script: str, path: str) -> Page:
    context = browser.new_context()
    context.add_init_script(script)
    page = context.new_page()
    page.goto(f"{live_server.url}/q/question-gallery")
    click_and_wait(page, START)
    page.goto(f"{live_server.url}/q/question-gallery/p/{path}")
    return page


def test_read_aloud_speaks_the_question_and_hint_in_the_page_language(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _gallery_page(browser, live_server, STUB_SPEECH, "choices")
    try:
        buttons = page.locator("button.read-aloud")
        assert buttons.count() == 2, "one Read aloud button per question"
        assert buttons.first.get_attribute("type") == "button"  # never submits the form
        assert page.locator("[style]").count() == 0, "CSP forbids inline styles"
        buttons.nth(1).click()
        spoken = page.evaluate("window.__spoken")
        assert spoken == [{"text": "What do you like doing?. Choose all that apply.", "lang": "en"}]
        assert page.url.endswith("/p/choices"), "reading aloud must not leave the page"

        page.goto(f"{page.url}?lang=cy")
        page.locator("button.read-aloud").first.click()
        assert page.evaluate("window.__spoken")[-1]["lang"] == "cy"
    finally:
        page.context.close()


def test_no_read_aloud_without_speech_synthesis(browser: Browser, live_server: LiveServer) -> None:
    page = _gallery_page(browser, live_server, NO_SPEECH, "choices")
    try:
        assert page.locator("button.read-aloud").count() == 0
    finally:
        page.context.close()


# Runs in the page just after the first submit: records whether the buttons are disabled,
# then tries to send again by click and by script. sessionStorage survives the navigation.
SECOND_PRESS = """() => addEventListener('submit', () => setTimeout(() => {
  sessionStorage.disabled = JSON.stringify([...document.querySelectorAll('#page-form button')]
    .filter(b => b.type === 'submit').map(b => b.disabled));
  document.querySelector('button[name=continue]').click();
  document.querySelector('#one_thing').form.requestSubmit();
}, 50), {capture: true, once: true})"""


def test_submit_buttons_pause_after_the_first_press_and_the_pressed_one_is_sent(
    browser: Browser, live_server: LiveServer
) -> None:
    """A second press while the first is on its way sends nothing; the first keeps its button."""
    page = _gallery_page(browser, live_server, "", "words")
    held: list[Route] = []
    posts: list[Request] = []

    def hold(route: Route) -> None:
        if route.request.method == "POST":
            posts.append(route.request)
            held.append(route)  # answered later: the page waits as on a slow network
        else:
            route.continue_()

    try:
        page.route("**/q/question-gallery/p/words", hold)
        page.evaluate(SECOND_PRESS)
        page.click(SAVE_LATER, no_wait_after=True)
        page.wait_for_timeout(400)
        assert len(posts) == 1, "the form was posted twice"
        assert "save_later=1" in (posts[0].post_data or ""), "the pressed button was not sent"
        with page.expect_navigation():
            held[0].continue_()
        assert page.url.endswith("/q/question-gallery/saved"), page.url
        assert page.evaluate("sessionStorage.disabled") == "[true,true]"
        assert len(posts) == 1, "the form was posted twice"
    finally:
        page.context.close()


def test_none_of_these_unticks_the_others_and_is_unticked_by_them_from_the_keyboard(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _gallery_page(browser, live_server, NO_SPEECH, "choices")
    ticked = "() => [...document.querySelectorAll('[name=activities]:checked')].map(b => b.value)"
    try:
        for value in ("sport", "music"):
            page.focus(f'[name="activities"][value="{value}"]')
            page.keyboard.press("Space")
        assert page.evaluate(ticked) == ["sport", "music"]
        page.focus('[name="activities"][value="none"]')
        page.keyboard.press("Space")
        assert page.evaluate(ticked) == ["none"]
        page.focus('[name="activities"][value="art"]')
        page.keyboard.press("Space")
        assert page.evaluate(ticked) == ["art"]
        page.keyboard.press("Space")  # unticking never ticks anything else
        assert page.evaluate(ticked) == []
        assert page.evaluate("() => document.activeElement.value") == "art"
    finally:
        page.context.close()


def test_the_other_box_shows_while_other_is_ticked_and_its_words_come_back(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _gallery_page(browser, live_server, NO_SPEECH, "choices")
    other, box = '[name="activities"][value="other"]', "#activities-other_text"
    try:
        assert not page.is_visible(box)
        assert page.get_attribute(other, "aria-expanded") == "false"
        page.focus(other)
        page.keyboard.press("Space")
        assert page.is_visible(box) and page.get_attribute(other, "aria-expanded") == "true"
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "activities-other_text"
        page.keyboard.type("Chess club")
        page.focus('[name="activities"][value="none"]')
        page.keyboard.press("Space")  # "None of these" unticks Other and puts its box away
        assert not page.is_visible(box) and not page.is_checked(other)
        page.focus(other)
        page.keyboard.press("Space")
        assert page.input_value(box) == "Chess club", "the words came back with the tick"
    finally:
        page.context.close()
