"""Nothing typed is lost, in a real browser, with JavaScript and without.

Each control a child can leave a page by keeps what is in its boxes: a
language (an over-long answer and an out-of-range number come back in the new
language, with their errors), Back (what was typed is there on coming forward
again), and Enter in a box (it is Continue, never the header's language
button). The keyboard reaches the question first: a skip link, then Back, then
the first box; the header's controls come after the page's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import (
    CONTINUE,
    FOCUSED,
    START,
    bundled,
    click_and_wait,
    fill_valid,
    page_id,
    present,
    tab_to,
)

QID = "question-gallery"
BACK = "button.back-link"
WELSH = "nav.languages [lang=cy]"
IN_FIRST_FIELD = """() => {
  const field = document.activeElement.closest('.field');
  return !!field && field.contains(document.querySelector('#one_thing'));
}"""


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def context_js(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser (its own session and draft), with or without JavaScript."""
    context = browser.new_context(java_script_enabled=request.param)
    page = context.new_page()
    yield page
    context.close()


def to_page(page: Page, base: str, wanted: str) -> None:
    """Start the gallery and answer each page validly until ``wanted`` is shown."""
    q = bundled()[QID]
    page.goto(f"{base}/q/{QID}?lang=en")
    click_and_wait(page, START)
    while (current := page_id(page.url)) != wanted:
        assert current, page.url
        for question in q.page(current).questions:
            if present(page, question):
                fill_valid(page, question)
        click_and_wait(page, CONTINUE)


def long_words() -> str:
    """Over the 1,000 characters "Tell us more" allows, and unique to this test run."""
    marker = uuid.uuid4().hex[:8]
    return (f"Ask {marker} about the park: it needs lights and a shelter for the rain. " * 18)[
        :1300
    ]


def test_changing_language_keeps_an_over_long_answer_and_an_out_of_range_number(
    context_js: Page, live_server: LiveServer
) -> None:
    page = context_js
    to_page(page, live_server.url, "words")
    words = long_words()
    page.fill("#one_thing", "More places to sit")
    page.fill("#tell_us", words)
    click_and_wait(page, WELSH)
    assert page_id(page.url) == "words"
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.input_value("#tell_us") == words.strip(), "the over-long answer was lost"
    assert page.input_value("#one_thing") == "More places to sit"
    assert "Ysgrifennwch 1000 nod neu lai" in page.inner_text("#tell_us-error")
    assert page.title().startswith("Gwall:")
    assert page.locator(".error-summary a[href='#tell_us']").count() == 1

    page.fill("#tell_us", words[:900])  # put right: Continue goes on, in Welsh
    click_and_wait(page, CONTINUE)
    assert page_id(page.url) == "ranking"
    click_and_wait(page, CONTINUE)
    assert page_id(page.url) == "numbers"
    page.fill("#people_home", "25")
    click_and_wait(page, "nav.languages [lang=pl]")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.input_value("#people_home") == "25"
    assert "Wpisz liczbę od 1 do 20" in page.inner_text("#people_home-error")
    answers = [d for d in live_server.drafts(QID) if d.get("tell_us") == words[:900].strip()]
    assert answers and answers[0]["one_thing"] == "More places to sit"


def test_enter_in_a_box_is_continue_never_a_language(
    context_js: Page, live_server: LiveServer
) -> None:
    page = context_js
    to_page(page, live_server.url, "numbers")
    page.fill("#people_home", "30")
    page.focus("#people_home")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en", "Enter changed the language"
    assert page_id(page.url) == "numbers"  # refused, as Continue refuses it
    assert "Enter a number from 1 to 20" in page.inner_text("#people_home-error")
    assert page.input_value("#people_home") == "30"

    page.fill("#people_home", "4")
    page.focus("#people_home")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page_id(page.url) != "numbers", "Enter did not continue"

    page.goto(f"{live_server.url}/q/{QID}/p/words")
    page.fill("#one_thing", "A bus after nine")
    page.focus("#one_thing")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page_id(page.url) == "ranking", "Enter in a text box did not continue"
    assert page.locator("html").get_attribute("lang") == "en"
    assert any(d.get("one_thing") == "A bus after nine" for d in live_server.drafts(QID))


def test_back_keeps_what_was_typed_on_the_page(context_js: Page, live_server: LiveServer) -> None:
    page = context_js
    to_page(page, live_server.url, "numbers")
    page.fill("#people_home", "lots")  # refused: kept as typed
    page.check("input[name=age][value='15-16']")  # passes: saved as an answer
    click_and_wait(page, BACK)
    assert page_id(page.url) == "ranking"
    click_and_wait(page, CONTINUE)
    assert page_id(page.url) == "numbers"
    assert page.input_value("#people_home") == "lots", "Back lost what was typed"
    assert page.is_checked("input[name=age][value='15-16']"), "Back lost the choice"
    assert "Enter a whole number, like 3" in page.inner_text("#people_home-error")

    page.goto(f"{live_server.url}/q/{QID}/p/reading")
    click_and_wait(page, BACK)  # from the first page, to the introduction
    assert page.url.endswith(f"/q/{QID}")


def test_the_keyboard_reaches_the_question_first_and_the_header_after_the_page(
    context_js: Page, live_server: LiveServer
) -> None:
    page = context_js
    to_page(page, live_server.url, "words")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED, "a.skip-link"), "the skip link is not the first stop"
    assert page.locator("a.skip-link").is_visible(), "the focused skip link is not shown"
    skip = page.locator("a.skip-link").bounding_box()
    header = page.locator("header.header").bounding_box()
    assert skip and header and skip["y"] + skip["height"] <= header["y"] + 1  # shown on top
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # two presses of Tab to the first question
    where = page.evaluate("() => document.activeElement.outerHTML")
    assert page.evaluate(IN_FIRST_FIELD), f"not the first question's box or Read aloud: {where}"

    page.goto(page.url.split("#")[0])  # without the skip link: it, Back, the first question
    for expected in ("a.skip-link", BACK):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED, expected), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Tab")
    assert page.evaluate(IN_FIRST_FIELD), "Back is not followed by the first question"

    tab_to(page, CONTINUE)  # the page's own buttons, then the header's
    tab_to(page, "button[name=save_later]")
    tab_to(page, WELSH)
    # Header is shown on top although it follows the page in the source.
    main = page.locator("main").bounding_box()
    assert header and main and header["y"] < main["y"]
