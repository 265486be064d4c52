"""The commissioners' workspace at a desk: 1280 px wide, tables readable, no word broken.

Reproduces issue 14: staff pages were laid out in the respondents' 600 px phone column,
and with ``overflow-wrap: anywhere`` a table squeezed its headers until "Respondents" broke
into "Respon dents". Here the findings pages (both questionnaires with breakdowns, and the
parent carers' priorities), the report and the forum list are opened at 1280 px: the page
uses the width, nothing scrolls sideways, and no word in any table breaks across lines.
axe-core checks the same pages (they are not in the respondent crawl of test_axe.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import STAFF_PASSWORD, make_app, make_user
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer, serving
from browser.test_axe import AXE, AXE_OPTIONS
from survey import catalogue
from survey.workspace.demo import fill
from survey.workspace.run import run_analysis

WIDTH = 1280
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
MAIN_WIDTH = "() => document.querySelector('main').getBoundingClientRect().width"

# Every word (split at spaces and hyphens, where lines may break) of every table cell and
# caption in the main content that is drawn on more than one line: a word broken mid-word.
BROKEN_WORDS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('main table th, main table td, main caption')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-\\u2010\\u2011]+/g;
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()]
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(`${cell.tagName.toLowerCase()} "${m[0]}"`);
      }
    }
  }
  return out;
}"""

# A column header narrower than its longest word (what "Respon dents" looked like).
NARROW_HEADERS = """() => [...document.querySelectorAll('main thead th')].flatMap(th => {
  const words = th.textContent.split(/\\s+/).filter(Boolean);
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
  th.appendChild(probe);
  const width = w => { probe.textContent = w; return probe.offsetWidth; };
  const widest = Math.max(0, ...words.map(width));
  probe.remove();
  return th.clientWidth + 0.5 < widest ? [`"${th.textContent.trim()}" is ${th.clientWidth}px`] : [];
})"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own (the respondent tests count responses on theirs), analysed."""
    app, _ = make_app(tmp_path_factory.mktemp("workspace"), "sqlite")
    with app.app_context():
        for qid, n in (("children-8-12", 150), ("parent-carers", 150)):
            fill(catalogue.all_questionnaires()[qid], n, seed=3)
            run_analysis(qid)
    make_user(app, "analyst")
    with serving(app) as live:
        yield live


def _signed_in(browser: Browser, live: LiveServer, width: int = WIDTH) -> Page:
    # bypass_csp: the header check adds a measuring span with a style; the pages' CSP is unchanged
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live.url}/staff/sign-in")
    page.fill("#email", "analyst@council.example")
    page.fill("#password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    return page


PAGES = (
    "/staff/findings/",
    "/staff/findings/children-8-12",
    "/staff/findings/parent-carers",
    "/staff/findings/children-8-12/report",
    "/staff/forums",
)


@pytest.mark.parametrize("path", PAGES)
def test_workspace_tables_are_readable_at_1280px(browser: Browser, workspace, path: str) -> None:
    page = _signed_in(browser, workspace)
    try:
        response = page.goto(workspace.url + path)
        assert response and response.status == 200
        assert page.locator("main table").count() >= (0 if path == "/staff/forums" else 1)
        assert page.evaluate(MAIN_WIDTH) >= 1100, "the page keeps to a narrow column"
        assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways at 1280 px"
        assert page.evaluate(BROKEN_WORDS) == []
        assert page.evaluate(NARROW_HEADERS) == []
        violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    finally:
        page.context.close()


def test_the_checks_catch_a_word_broken_in_a_narrow_column(browser: Browser, workspace) -> None:
    """Teeth: squeeze the findings back into the phone column with words broken anywhere."""
    page = _signed_in(browser, workspace)
    try:
        page.goto(f"{workspace.url}/staff/findings/children-8-12")
        page.add_style_tag(
            content=".staff .wrap{max-width:37.5rem}"
            ".table,.table th,.table td{overflow-wrap:anywhere!important;white-space:normal}"
        )
        assert page.evaluate(MAIN_WIDTH) < 700
        assert page.evaluate(BROKEN_WORDS) or page.evaluate(NARROW_HEADERS)
    finally:
        page.context.close()
