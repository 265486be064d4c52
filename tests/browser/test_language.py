"""Changing language mid-way keeps the respondent's place and what they have answered."""

from __future__ import annotations

from playwright.sync_api import Browser

from browser.conftest import LiveServer
from browser.journey import CONTINUE, START, bundled, click_and_wait, page_id


def test_language_switcher_keeps_place_and_answers(
    browser: Browser, live_server: LiveServer
) -> None:
    q = bundled()["question-gallery"]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/q/{q.id}?lang=en")
        click_and_wait(page, START)
        page.check("#agree")
        click_and_wait(page, CONTINUE)
        place = page.url
        assert page_id(place) == "choices"
        page.check('[name="favourite_place"][value="school"]')
        click_and_wait(page, CONTINUE)
        place = page.url
        assert page_id(place) == "feelings"

        page.check('[name="feel_school"][value="4"]')  # chosen, not yet sent
        click_and_wait(page, "nav.languages [lang=cy]")
        assert page.url == place, "switching language lost the respondent's place"
        assert page.locator('[name="feel_school"][value="4"]').is_checked(), "typed answer lost"
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.locator("nav.languages [aria-current=true]").get_attribute("lang") == "cy"

        click_and_wait(page, "button.back-link")  # Back saves the page first
        assert page_id(page.url) == "choices"
        assert page.locator('[name="favourite_place"][value="school"]').is_checked()

        click_and_wait(page, "nav.languages [lang=ar]")
        assert page_id(page.url) == "choices"
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator('[name="favourite_place"][value="school"]').is_checked()
        page.goto(f"{live_server.url}/q/{q.id}/check")
        assert page.locator(".summary__row").count() >= 2
    finally:
        context.close()
    saved = [d for d in live_server.drafts(q.id) if d.get("favourite_place") == "school"]
    assert saved and saved[-1].get("agree") is True, live_server.drafts(q.id)
