"""Pages fit a cheap phone: reflow at 320 px, text at 200%, visible focus, big enough
targets, faces named in words, and right-to-left languages laid out right to left."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import (
    CONTINUE,
    LOCALES,
    RTL,
    START,
    answerable,
    bundled,
    click_and_wait,
    fill_valid,
    page_id,
    present,
    tab_to,
    walk,
)

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

# Interactive elements smaller than 24x24 CSS px. A link inside a sentence is exempt
# (WCAG 2.5.8 "inline"); an element that is not rendered, or is off screen until
# focused (the skip link), is not a target.
SMALL_TARGETS = """() => {
  const out = [];
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === 'hidden' || r.right <= 0 || r.bottom <= 0)
      continue;
    if (cs.display === 'inline' && el.parentElement.textContent.trim() !== el.textContent.trim())
      continue;
    if (r.width < 24 || r.height < 24)
      out.push(`${el.outerHTML.slice(0, 100)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  }
  return out;
}"""

# Outline, shadow and background of an element and of its label (a face's ring is on the label).
RING = """(el) => [el, ...(el.labels || [])].map(e => {
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && !/rgba\\(.*, 0\\)|transparent/.test(s.outlineColor)
    ? s.outlineWidth + ' ' + s.outlineColor : '';
  return {outline, shadow: s.boxShadow === 'none' ? '' : s.boxShadow};
})"""


def _context(browser: Browser, locale: str, width: int = 320, **kw):
    # bypass_csp lets the test inject its 200% text style; the pages' own CSP is unchanged.
    context = browser.new_context(viewport={"width": width, "height": 640}, bypass_csp=True, **kw)
    page = context.new_page()
    return context, page


@pytest.mark.parametrize("qid", answerable())
def test_reflow_text_spacing_and_targets_at_320px(
    browser: Browser, live_server: LiveServer, qid: str
) -> None:
    """Every page of the journey, its error states included, fits 320 px at 100% and 200% text."""
    problems: list[str] = []

    def measure(page: Page, label: str) -> None:
        where = f"{label} ({page.url})"
        if (extra := page.evaluate(OVERFLOW)) > 0:
            problems.append(f"{where}: scrolls sideways by {extra}px at 320px")
        problems.extend(f"{where}: target {t}" for t in page.evaluate(SMALL_TARGETS))
        style = page.add_style_tag(content="html{font-size:200% !important}")
        if (extra := page.evaluate(OVERFLOW)) > 0:
            problems.append(f"{where}: scrolls sideways by {extra}px with 200% text")
        style.evaluate("e => e.remove()")

    context, page = _context(browser, "en")
    try:
        walk(page, live_server.url, bundled()[qid], measure)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_reflow_in_every_language(browser: Browser, live_server: LiveServer, locale: str) -> None:
    """Translations are longer than English: the gallery still fits 320 px with 200% text."""
    problems: list[str] = []

    def measure(page: Page, label: str) -> None:
        for size in ("100%", "200%"):
            style = page.add_style_tag(content=f"html{{font-size:{size} !important}}")
            if (extra := page.evaluate(OVERFLOW)) > 0:
                problems.append(f"[{locale}] {label}: scrolls sideways by {extra}px at {size}")
            style.evaluate("e => e.remove()")

    context, page = _context(browser, locale)
    try:
        page.goto(f"{live_server.url}/?lang={locale}")
        walk(page, live_server.url, bundled()["question-gallery"], measure)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _ring_after_tab(page: Page, selector: str) -> None:
    """Tab to ``selector``: an outline or box-shadow must show that is gone once it blurs."""
    tab_to(page, selector)
    focused = page.evaluate_handle("() => document.activeElement")
    after = focused.evaluate(RING)
    focused.evaluate("e => e.blur()")
    before = focused.evaluate(RING)
    focused.dispose()
    shown = [
        a for a, b in zip(after, before, strict=True) if (a["outline"] or a["shadow"]) and a != b
    ]
    assert shown, f"{page.url}: no visible focus on {selector}: {before} -> {after}"


def test_focus_is_visible_on_every_kind_of_control(
    browser: Browser, live_server: LiveServer
) -> None:
    q = bundled()["question-gallery"]
    kinds = {
        "button.back-link": "back button",
        CONTINUE: "button",
        "input.choice__input[type=radio]": "radio",
        "input.choice__input[type=checkbox]": "checkbox",
        "input.face__input": "face",
        # A disabled box (the "Other, please say" box while Other is not ticked) takes no focus.
        "input.input[type=text]:not([disabled])": "text input",
        "textarea": "text area",
        "select": "select",
    }
    checked: set[str] = set()
    context, page = _context(browser, "en", width=390)
    try:
        page.goto(f"{live_server.url}/q/{q.id}")
        click_and_wait(page, START)
        while current := page_id(page.url):
            for selector, kind in kinds.items():
                if page.locator(selector).count():
                    _ring_after_tab(page, selector)
                    checked.add(kind)
            for question in q.page(current).questions:
                if present(page, question):
                    fill_valid(page, question)
            click_and_wait(page, CONTINUE)
    finally:
        context.close()
    assert checked == set(kinds.values())


@pytest.mark.parametrize("locale", LOCALES)
def test_faces_are_named_in_words(browser: Browser, live_server: LiveServer, locale: str) -> None:
    """A screen reader says "Happy", not "grinning face": each face radio's name is a word."""
    context, page = _context(browser, locale, width=390)
    try:
        page.goto(f"{live_server.url}/?lang={locale}")
        page.goto(f"{live_server.url}/q/question-gallery")
        click_and_wait(page, START)
        page.goto(f"{live_server.url}/q/question-gallery/p/feelings")
        faces = page.locator(".faces")
        assert faces.count() == 2
        for i in range(faces.count()):
            snapshot = faces.nth(i).aria_snapshot()
            names = re.findall(r'- radio "([^"]*)"', snapshot)
            assert len(names) == faces.nth(i).locator("input[type=radio]").count(), snapshot
            for name in names:
                assert re.search(r"[^\W\d_]{2,}", name), f"face named {name!r}, not a word"
                assert not re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", name), name
                assert page.get_by_role("radio", name=name, exact=True).count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en", *RTL])
def test_right_to_left_languages_mirror_the_layout(
    browser: Browser, live_server: LiveServer, locale: str
) -> None:
    context, page = _context(browser, locale, width=390)
    try:
        page.goto(f"{live_server.url}/?lang={locale}")
        page.goto(f"{live_server.url}/q/question-gallery")
        click_and_wait(page, START)
        direction = page.locator("html").get_attribute("dir")
        width = page.viewport_size["width"]
        button = page.locator(CONTINUE).bounding_box()
        back = page.locator("button.back-link").bounding_box()
        assert button and back
        if locale in RTL:
            assert direction == "rtl"
            assert width - (button["x"] + button["width"]) <= 32, button  # starts on the right
            assert button["x"] > 32, button
            assert width - (back["x"] + back["width"]) <= 32, back
        else:
            assert direction == "ltr"
            assert button["x"] <= 32, button
            assert back["x"] <= 32, back
    finally:
        context.close()
