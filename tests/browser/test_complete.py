"""Every bundled questionnaire can be completed with the keyboard alone, and without JavaScript.

Stored answers are read back from the database: reaching the thank-you page
is not enough if nothing reached the council.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import (
    CONTINUE,
    FOCUSED,
    SEND,
    START,
    answerable,
    bundled,
    page_id,
    path_of,
    present,
    tab_to,
    walk,
)
from questionnaires import Question


def press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def answer_by_keyboard(page: Page, question: Question) -> Any:
    """Answer through keys only; returns the answer the server should store."""
    name = question.id
    kind = question.type
    if kind in ("single_choice", "age_band", "yes_no", "feelings"):
        tab_to(page, f'input[name="{name}"]')  # focus lands on the first radio of the group
        page.keyboard.press("ArrowDown")  # arrows move and choose ...
        page.keyboard.press("ArrowUp")  # ... so come back to the first option
        page.keyboard.press("Space")
        return page.eval_on_selector(f'input[name="{name}"]:checked', "e => e.value")
    if kind == "consent":
        tab_to(page, f'input[name="{name}"]')
        page.keyboard.press("Space")
        return True
    if kind == "multiple_choice":
        picked = []
        for option in question.options[:2]:
            tab_to(page, f'input[name="{name}"][value="{option.value}"]')
            page.keyboard.press("Space")
            picked.append(option.value)
        return picked
    if kind in ("short_text", "long_text"):
        tab_to(page, f'[name="{name}"]')
        text = f"Typed by keyboard for {name}"
        page.keyboard.type(text)
        return text
    if kind == "number":
        tab_to(page, f'[name="{name}"]')
        low = question.settings.get("min") or 0
        page.keyboard.type(str(low))
        return low
    if kind == "ranking":
        order = []
        for position, option in enumerate(question.options[:2], start=1):
            tab_to(page, f'select[name="{name}-{option.value}"]')
            for _ in range(position):
                page.keyboard.press("ArrowDown")  # a closed select steps through its options
            value = page.eval_on_selector(f'select[name="{name}-{option.value}"]', "e => e.value")
            assert value == str(position), f"{name}: arrow keys did not choose a position"
            order.append(option.value)
        return {"order": order}
    if kind == "matrix":  # a group of radios per row asked: Tab into each, an arrow chooses
        rows = page.eval_on_selector_all(
            f'input[type=radio][name^="{name}-"]',
            "els => [...new Set(els.map(e => e.name))]",
        )
        rated = {}
        for row in rows:
            tab_to(page, f'input[name="{row}"]')
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            rated[row[len(name) + 1 :]] = page.eval_on_selector(
                f'input[name="{row}"]:checked', "e => e.value"
            )
        assert rated and set(rated.values()) == {question.options[1].value}
        return rated
    if kind == "statement":
        return None
    raise AssertionError(f"no keyboard answer for question type {kind}")


@pytest.mark.parametrize("qid", answerable())
def test_complete_with_keyboard_only(browser: Browser, live_server: LiveServer, qid: str) -> None:
    q = bundled()[qid]
    before = len(live_server.responses(qid))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    expected: dict[str, Any] = {}
    try:
        page.goto(f"{live_server.url}/q/{qid}")
        tab_to(page, START)
        press_and_wait(page, "Enter")
        for _ in range(4 * len(q.pages) + 10):
            current = page_id(page.url)
            if current is None:
                break
            for question in q.page(current).questions:
                if present(page, question):
                    answer = answer_by_keyboard(page, question)
                    if answer is not None:
                        expected[question.id] = answer
            tab_to(page, CONTINUE)
            page.keyboard.press("Shift+Tab")  # focus goes back as well as forward ...
            assert not page.evaluate(FOCUSED, CONTINUE)
            tab_to(page, CONTINUE)  # ... and returns
            press_and_wait(page, "Enter")
        assert path_of(page.url) == f"/q/{qid}/check", page.url
        tab_to(page, SEND)
        press_and_wait(page, "Space")
        assert path_of(page.url) in (f"/q/{qid}/done", f"/q/{qid}/help"), page.url
    finally:
        context.close()
    stored = live_server.responses(qid)
    assert len(stored) == before + 1, "the response was not stored"
    assert stored[-1] == {**stored[-1], **expected}, "stored answers differ from those typed"


@pytest.mark.parametrize("qid", answerable())
def test_complete_without_javascript(browser: Browser, live_server: LiveServer, qid: str) -> None:
    q = bundled()[qid]
    before = len(live_server.responses(qid))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    def no_script_ran(p: Page, label: str) -> None:
        assert p.locator(".read-aloud").count() == 0, f"{label}: JavaScript ran"

    try:
        walk(page, live_server.url, q, no_script_ran, error_states=False)
    finally:
        context.close()
    stored = live_server.responses(qid)
    assert len(stored) == before + 1, "the response was not stored"
    consent = [question.id for question in q.questions if question.type == "consent"]
    assert all(stored[-1].get(c) is True for c in consent), stored[-1]
