"""The whole parent carers' questionnaire, child's section included, with the keyboard alone.

Only Tab, Shift+Tab, Space, the arrow keys, typing and Enter: no click, no fill. The walk
works over the controls each page has, by kind (a radio group, check boxes, a box to type
in, a list to choose from), so a question type added later is answered the same way. Every
element reached shows a visible focus. A radio whose value opens a later page (the child's
age that opens the child's section, "on behalf of a forum") is moved to that value with
the arrow keys, so every page is met. axe audits each page on the way, the child's section
in English and in its Welsh.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import CONTINUE, SEND, START, bundled, page_id, path_of, tab_to
from browser.test_axe import Auditor
from questionnaires import Questionnaire

QID = "parent-carers"

# The form's controls a keyboard can reach, in the order Tab meets them.
CONTROLS = """() => [...document.querySelectorAll(
    '#page-form input, #page-form select, #page-form textarea')]
  .filter(e => e.type !== 'hidden' && !e.disabled && e.tabIndex >= 0 && e.getClientRects().length)
  .map(e => ({id: e.id, name: e.name, kind: e.type || e.tagName.toLowerCase()}))"""

# Focus is visible: :focus-visible matches and an outline or shadow shows on the element or
# on its label (a face's ring is drawn on its label).
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.matches(':focus-visible')) return false;
  return [el, ...(el.labels || [])].some(e => {
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !/rgba\\(.*, 0\\)|transparent/.test(s.outlineColor);
    return outline || s.boxShadow !== 'none';
  });
}"""
CHECKED = "(name) => (document.querySelector(`[name='${name}']:checked`) || {}).value"


def _focus(page: Page, selector: str, *, backwards: bool = False) -> None:
    tab_to(page, selector, backwards=backwards)
    assert page.evaluate(FOCUS_SHOWN), f"{page.url}: no visible focus on {selector}"


def _press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def _wanted(q: Questionnaire) -> dict[str, list[str]]:
    """For each question a later page or question depends on, the values that open it."""
    found: dict[str, list[str]] = {}
    for p in q.pages:
        for cond in [p.show_if, *(x.show_if for x in p.questions)]:
            if cond is not None and cond.equals:
                found.setdefault(cond.question, []).extend(cond.equals)
    return found


def _answer_page(page: Page, q: Questionnaire) -> None:
    """Answer every control on the page, by kind, with the keyboard alone."""
    wanted = _wanted(q)
    done: set[str] = set()
    selects: dict[str, int] = {}
    for control in page.evaluate(CONTROLS):
        name, kind, selector = control["name"], control["kind"], f"#{control['id']}"
        if name in done or name.endswith(("-other", "-other_text")):
            continue  # one press per group; an "Other" stays unchosen
        if kind == "radio":
            done.add(name)
            _focus(page, f'[name="{name}"]')
            page.keyboard.press("Space")
            for _ in range(12):  # on to the value that opens a later page, if any
                if page.evaluate(CHECKED, name) in wanted.get(name, [None]):
                    break
                page.keyboard.press("ArrowDown")
            assert page.evaluate(CHECKED, name), f"{page.url}: {name} not chosen"
        elif kind == "checkbox":
            done.add(name)
            _focus(page, selector)
            page.keyboard.press("Space")
        elif kind.startswith("select"):
            group = name.split("-", 1)[0]
            rank = selects[group] = selects.get(group, 0) + 1
            if rank > 2:
                continue  # two placed: a ranking needs no more
            _focus(page, selector)
            for _ in range(rank):  # 1 for the first, 2 for the second: never the same
                page.keyboard.press("ArrowDown")
        else:
            done.add(name)
            question = q.question(name)
            number = kind == "number" or (question is not None and question.type == "number")
            low = question.settings.get("min") if question is not None else None
            _focus(page, selector)
            page.keyboard.type(str(low or 1) if number else "Keyboard answer")


@pytest.mark.parametrize("locale", ["en", "cy"])
def test_parent_carers_completed_with_the_keyboard_only(
    browser: Browser, live_server: LiveServer, locale: str
) -> None:
    q = bundled()[QID]
    assert q.sections, "the bundled parent carers' questionnaire should have a child's section"
    audit = Auditor(locale)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    visited: list[str] = []
    before = len(live_server.responses(QID))
    try:
        page.goto(f"{live_server.url}/q/{QID}?lang={locale}")
        audit(page, "intro")
        _focus(page, START)
        _press_and_wait(page, "Enter")
        for _ in range(2 * len(q.pages) + 5):
            current = page_id(page.url)
            if current is None:
                break
            visited.append(current)
            audit(page, f"page {current}")
            _answer_page(page, q)
            _focus(page, CONTINUE)
            page.keyboard.press("Shift+Tab")  # back a step, then on again: focus shown both ways
            assert page.evaluate(FOCUS_SHOWN), f"{page.url}: Shift+Tab left no visible focus"
            _focus(page, CONTINUE)
            _press_and_wait(page, "Enter")
            refused = page.locator(".error-summary")
            assert not refused.count(), f"{current}: {refused.first.inner_text()}"
        assert path_of(page.url) == f"/q/{QID}/check", page.url
        audit(page, "check")
        _focus(page, SEND)
        _press_and_wait(page, "Enter")
        assert path_of(page.url) == f"/q/{QID}/done", page.url
        audit(page, "done")
    finally:
        context.close()
    section = q.sections[0]
    assert set(section.pages) <= set(visited), visited  # the child's section was answered
    rated = {p.id for p in q.pages if any(x.type == "matrix" for x in p.questions)}
    assert rated and rated <= set(visited), visited  # the matrix over earlier choices too
    stored = live_server.responses(QID)
    assert len(stored) == before + 1
    child_answers = {x.id for p in section.pages for x in q.page(p).questions}
    assert child_answers <= set(stored[-1]), stored[-1]
    audit.assert_clean()


def test_the_childs_section_is_in_welsh_when_chosen(browser: Browser, live_server: LiveServer):
    """The Welsh of one section: its pages in Welsh; the parent's pages marked as English."""
    q = bundled()[QID]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/q/{QID}?lang=cy")
        _focus(page, START)
        _press_and_wait(page, "Enter")
        while (current := page_id(page.url)) not in q.sections[0].pages:
            assert current is not None, page.url
            if q.section_of(current) is None:
                shown = page.locator('main [lang="en"]')
                assert shown.count() > 0, f"{current}: English words not marked lang=en"
                assert page.locator(".notice--language").count() == 1
            _answer_page(page, q)
            _focus(page, CONTINUE)
            _press_and_wait(page, "Enter")
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.locator('main [lang="en"]').count() == 0  # nothing falls back
        assert "Rho'r ffôn" in page.locator("main").inner_text()
    finally:
        context.close()
