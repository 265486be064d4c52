"""A matrix page filled with the keyboard alone, with JavaScript and without: Tab into a
row, arrows and Space to choose, Tab to the next row, Enter on Continue. A row left out
comes back with its own error, the rows chosen kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import CONTINUE, FOCUSED, page_id, tab_to
from browser.test_typed_kept import QID, to_page

ROW = "input[name='enjoy_activities-{row}']"


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def _checked(page: Page, row: str) -> str | None:
    found = page.locator(ROW.format(row=row) + ":checked")
    return found.get_attribute("value") if found.count() else None


def _continue_with_enter(page: Page) -> None:
    tab_to(page, CONTINUE)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def test_the_keyboard_alone_rates_each_row_and_continues(
    page: Page, live_server: LiveServer
) -> None:
    to_page(page, live_server.url, "rating")  # Sport and Music were ticked
    assert [page.locator("legend.matrix__legend").nth(i).inner_text() for i in (0, 1)] == [
        "Sport",
        "Music",
    ]
    tab_to(page, "#enjoy_activities-sport")  # into the first row: its first answer
    page.keyboard.press("Space")
    assert _checked(page, "sport") == "a_lot"
    page.keyboard.press("ArrowDown")  # the arrows move within the row, choosing as they go
    assert _checked(page, "sport") == "a_bit"
    page.keyboard.press("Tab")  # one Tab to the next row, not through every answer
    assert page.evaluate(FOCUSED, "#enjoy_activities-music"), page.evaluate(
        "document.activeElement.outerHTML"
    )
    _continue_with_enter(page)  # Music left out: refused, with the row named
    assert page_id(page.url) == "rating"
    assert "Choose an answer for 'Music'" in page.inner_text(".error-summary")
    assert "Choose an answer for 'Music'" in page.inner_text("#enjoy_activities-music-error")
    assert _checked(page, "sport") == "a_bit", "the row already chosen was lost"

    tab_to(page, "#enjoy_activities-music")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert _checked(page, "music") == "not_much"
    _continue_with_enter(page)
    assert page_id(page.url) == "feelings"
    saved = [d.get("enjoy_activities") for d in live_server.drafts(QID)]
    assert {"sport": "a_bit", "music": "not_much"} in saved
