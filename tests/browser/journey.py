"""Walking a questionnaire in a real browser, page by page, whatever pages it has.

The walk follows the server: it answers whichever page the browser lands on,
so a page added to a definition, or a new page the journey passes through
(such as the safeguarding help page), is visited without changing the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from helpers import valid_form_data
from playwright.sync_api import Page

from questionnaires import Question, Questionnaire, load_directory
from questionnaires.types import PREFER_NOT_TO_SAY

LOCALES = ("en", "cy", "gd", "pl", "ar", "ur")
RTL = ("ar", "ur")

CONTINUE = "button[name=continue]"
SAVE_LATER = "button[name=save_later]"
START = "form[action$='/start'] button[type=submit]"
SEND = "form[action$='/submit'] button[type=submit]"

Visit = Callable[[Page, str], None]
MAX_TABS = 80
FOCUSED = "(sel) => !!document.activeElement && document.activeElement.matches(sel)"


def tab_to(page: Page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until an element matching ``selector`` has focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate(FOCUSED, selector):
            return
    raise AssertionError(f"{page.url}: {selector} cannot be reached with {key}")


@cache
def bundled() -> dict[str, Questionnaire]:
    """Every questionnaire shipped in questionnaires/definitions, drafts included."""
    return dict(load_directory())


def answerable() -> list[str]:
    """Ids of the questionnaires a respondent can reach (closed ones are 404)."""
    return sorted(qid for qid, q in bundled().items() if q.status != "closed")


def path_of(url: str) -> str:
    return urlsplit(url).path


def page_id(url: str) -> str | None:
    match = re.search(r"/p/([^/?#]+)", url)
    return match.group(1) if match else None


def click_and_wait(page: Page, selector: str) -> None:
    """Press a button or link and wait for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def present(page: Page, question: Question) -> bool:
    """Questions hidden by show_if are not in the page at all."""
    return page.locator(f'[name="{question.id}"], [name^="{question.id}-"]').count() > 0


def fill_valid(page: Page, question: Question) -> dict[str, object]:
    """Give ``question`` a valid answer through the page's own controls."""
    data = valid_form_data(question)
    for name, value in data.items():
        wanted = value if isinstance(value, list) else [value]
        controls = page.locator(f'[name="{name}"]')
        if question.type == "matrix" and not controls.count():
            continue  # a row not asked: only the options ticked earlier are rows
        kind = controls.first.evaluate("e => e.type || e.tagName.toLowerCase()")
        if kind == "radio":
            page.check(f'[name="{name}"][value="{wanted[0]}"]')
        elif kind == "checkbox":
            for i in range(controls.count()):
                box = controls.nth(i)
                box.set_checked(box.get_attribute("value") in wanted)
        elif kind.startswith("select"):
            controls.first.select_option(str(wanted[0]))
        else:
            controls.first.fill(str(wanted[0]))
    return data


def make_invalid(page: Page, question: Question) -> bool:
    """Give ``question`` an answer the server must refuse; False when none can be given."""
    kind, name = question.type, question.id
    if question.required:
        return True  # left empty: the page is fresh
    if kind == "number":
        page.fill(f'[name="{name}"]', "lots")
        return True
    if kind == "ranking" and len(question.options) >= 2:
        for option in question.options[:2]:
            page.select_option(f'[name="{name}-{option.value}"]', "1")
        return True
    if kind == "multiple_choice" and question.prefer_not_to_say:
        # both ticked as a page without JavaScript sends them (enhance.js would untick one)
        for value in (question.options[0].value, PREFER_NOT_TO_SAY):
            page.eval_on_selector(f'[name="{name}"][value="{value}"]', "b => { b.checked = true; }")
        return True
    if kind in ("short_text", "long_text"):
        limit = question.settings.get("max_length", 2000 if kind == "long_text" else 200)
        page.fill(f'[name="{name}"]', "words " * (limit // 6 + 2))
        return True
    return False


def walk(
    page: Page,
    base: str,
    q: Questionnaire,
    visit: Visit,
    *,
    error_states: bool = True,
    save_and_resume: bool = True,
    free_text: str | None = None,
) -> list[str]:
    """Complete ``q`` with valid answers, calling ``visit`` on every page shown.

    With ``error_states`` each page that can refuse an answer is first sent
    with a missing or invalid one, and ``visit`` sees the error page too. With
    ``save_and_resume`` the first question page is saved for later, so the
    page with the resume code is visited, then the journey carries on.
    ``free_text`` replaces the first long text answer (a disclosure leads to the help page).
    Returns the paths of the links seen, for a crawl of what the walk missed.
    """
    links: list[str] = []

    def seen(label: str) -> None:
        visit(page, label)
        links.extend(page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"))

    page.goto(f"{base}/q/{q.id}")
    seen("intro")
    click_and_wait(page, f"a[href$='/q/{q.id}/privacy']")
    seen("privacy")
    page.goto(f"{base}/q/{q.id}")
    click_and_wait(page, START)
    first = True
    for _ in range(4 * len(q.pages) + 10):
        current = page_id(page.url)
        if current is None:
            if path_of(page.url) == f"/q/{q.id}/check":
                break
            seen(f"detour {path_of(page.url)}")  # a page the journey passes through
            back = page.locator(f"main a[href*='/q/{q.id}/p/'], main a[href$='/q/{q.id}/check']")
            assert back.count(), f"no way back to the questions from {page.url}"
            with page.expect_navigation(wait_until="load"):
                back.first.click()
            continue
        the_page = q.page(current)
        assert the_page is not None, f"{page.url} is not a page of {q.id}"
        questions = [question for question in the_page.questions if present(page, question)]
        seen(f"page {current}")
        if save_and_resume and first:
            click_and_wait(page, SAVE_LATER)
            assert path_of(page.url) == f"/q/{q.id}/saved", page.url
            seen("saved")
            click_and_wait(page, f"main a[href$='/q/{q.id}/continue']")
            assert page_id(page.url) == current, page.url
        first = False
        if error_states and [q_ for q_ in questions if make_invalid(page, q_)]:
            click_and_wait(page, CONTINUE)
            assert page.locator(".error-summary").count() == 1, (
                f"{page.url}: a missing or invalid answer was accepted"
            )
            seen(f"page {current} (error)")
        for question in questions:
            fill_valid(page, question)
            if free_text and question.type == "long_text":
                page.fill(f'[name="{question.id}"]', free_text)
                free_text = None
        click_and_wait(page, CONTINUE)
    else:
        raise AssertionError(f"{q.id}: the journey did not reach check your answers")
    seen("check")
    click_and_wait(page, SEND)
    if path_of(page.url) != f"/q/{q.id}/done":
        seen(f"detour {path_of(page.url)}")
        click_and_wait(page, f"main a[href$='/q/{q.id}/done']")
    assert path_of(page.url) == f"/q/{q.id}/done", page.url
    seen("done")
    return links
