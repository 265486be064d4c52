"""axe-core finds no WCAG 2.2 AA failure on any page a respondent can see, in any language.

Every bundled questionnaire is walked in the browser in every locale (intro,
privacy, each question page, check your answers, done, and any page the
journey passes through; in English and Arabic also each page's error state
and the page with the resume code); then the links on those pages are
followed. The site's own pages are crawled
from ``EXTRA_URLS``: add a page there when nothing links to it.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import LOCALES, RTL, answerable, bundled, click_and_wait, path_of, walk

# Pages outside the questionnaire journeys, audited in every locale; links on them are
# followed too. This is the one list to extend when a page is reachable only by address.
NOT_FOUND = "/this-page-does-not-exist"
EXTRA_URLS: tuple[str, ...] = ("/", "/resume", "/staff/sign-in", NOT_FOUND)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
AXE = Axe()
MAX_CRAWL = 200


class Auditor:
    """Runs axe on each page it is shown and keeps readable failures for one report."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.failures: list[str] = []
        self.seen: set[str] = set()

    def __call__(self, page: Page, label: str) -> None:
        self.seen.add(path_of(page.url))
        where = f"[{self.locale}] {label} ({path_of(page.url)})"
        html = page.locator("html")
        lang, direction = html.get_attribute("lang"), html.get_attribute("dir")
        if lang != self.locale:
            self.failures.append(f"{where}: <html lang={lang!r}>, expected {self.locale!r}")
        wanted_dir = "rtl" if self.locale in RTL else "ltr"
        if direction != wanted_dir:
            self.failures.append(f"{where}: <html dir={direction!r}>, expected {wanted_dir!r}")
        for v in AXE.run(page, options=AXE_OPTIONS).response["violations"]:
            for node in v["nodes"]:
                self.failures.append(
                    f"{where}: {v['id']} ({v['impact']}) {v['help']}\n"
                    f"    target: {', '.join(map(str, node['target']))}\n"
                    f"    html:   {node['html'][:200]}\n"
                    f"    why:    {node.get('failureSummary', '').replace(chr(10), ' ')[:400]}"
                )

    def crawl(self, page: Page, base: str, links: list[str], keep) -> None:
        """Visit every same-site link not yet audited that ``keep`` accepts."""
        queue = deque(links)
        while queue and len(self.seen) < MAX_CRAWL:
            parts = urlsplit(queue.popleft())
            if f"{parts.scheme}://{parts.netloc}" != base or not keep(parts.path):
                continue
            if parts.path in self.seen or parts.path.startswith("/static/"):
                continue
            self.seen.add(parts.path)
            page.goto(base + parts.path)  # without the query: ?lang= would change language
            self(page, f"linked {parts.path}")
            queue.extend(page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"))

    def assert_clean(self) -> None:
        assert not self.failures, f"{len(self.failures)} accessibility failure(s):\n" + "\n".join(
            self.failures
        )


def _page_in(browser: Browser, live_server: LiveServer, locale: str) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang={locale}")
    return page


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("qid", answerable())
def test_every_page_of_every_journey_passes_axe(
    browser: Browser, live_server: LiveServer, qid: str, locale: str
) -> None:
    page = _page_in(browser, live_server, locale)
    audit = Auditor(locale)
    try:
        # Error states and the saved-code page in English and one right-to-left language;
        # every other locale walks the journey once, to keep the run time reasonable.
        full = locale in ("en", "ar")
        links = walk(
            page, live_server.url, bundled()[qid], audit, error_states=full, save_and_resume=full
        )
        audit.crawl(page, live_server.url, links, lambda path: path.startswith(f"/q/{qid}/"))
    finally:
        page.context.close()
    assert {f"/q/{qid}", f"/q/{qid}/check", f"/q/{qid}/done"} <= audit.seen
    assert f"/q/{qid}/saved" in audit.seen or not full
    # A matrix asks only when rows were ticked earlier: the walk ticks some, so its page
    # (and, when it is required, its error state) is audited too.
    rated = [p for p in bundled()[qid].pages if any(x.type == "matrix" for x in p.questions)]
    assert {f"/q/{qid}/p/{p.id}" for p in rated} <= audit.seen
    audit.assert_clean()


@pytest.mark.parametrize("locale", LOCALES)
def test_site_pages_pass_axe(browser: Browser, live_server: LiveServer, locale: str) -> None:
    page = _page_in(browser, live_server, locale)
    audit = Auditor(locale)
    base = live_server.url
    try:
        for url in EXTRA_URLS:
            response = page.goto(base + url)
            assert response is not None
            if url == NOT_FOUND:
                assert response.status == 404, response.status
            audit(page, url)
        page.goto(f"{base}/resume")
        page.fill("#code", "NOT-A-REAL-CODE")
        click_and_wait(page, "main form button[type=submit]")
        assert page.locator(".error-message").count() == 1, "a wrong code was not refused"
        audit(page, "resume (error)")
        start = [base + url for url in EXTRA_URLS]
        audit.crawl(page, base, start, lambda path: not path.startswith("/q/"))
    finally:
        page.context.close()
    audit.assert_clean()


# Written by a child who needs help: the journey must show the help page at once.
DISCLOSURE = "sometimes i think about ending it all"


@pytest.mark.parametrize("locale", LOCALES)
def test_help_page_after_a_disclosure_passes_axe(
    browser: Browser, live_server: LiveServer, locale: str
) -> None:
    """The page a child in distress sees must be the most usable of all, error state included."""
    page = _page_in(browser, live_server, locale)
    audit = Auditor(locale)
    qid = "question-gallery"
    try:
        walk(
            page,
            live_server.url,
            bundled()[qid],
            audit,
            error_states=False,
            save_and_resume=False,
            free_text=DISCLOSURE,
        )
        assert f"/q/{qid}/help" in audit.seen, "the disclosure did not lead to the help page"
        page.goto(f"{live_server.url}/q/{qid}/help")
        form = page.locator("main form[method=post]")
        if form.count():
            with page.expect_navigation():
                form.first.locator("button[type=submit]").first.click()
            audit(page, "help (error)")
    finally:
        page.context.close()
    audit.assert_clean()
