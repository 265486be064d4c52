"""The safeguarding lead's pages in a real browser, in every language: the queue, a case, and
the second-look list waiting and decided, audited with axe-core; the list's two decisions
are made by clicking, as a lead would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import STAFF_PASSWORD, make_app, make_user
from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer, serving
from browser.journey import LOCALES, click_and_wait
from browser.test_axe import Auditor
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.safeguarding import second_look
from survey.safeguarding.models import SafeguardingCase, SecondLook
from survey.safeguarding.screening import Near
from survey.workspace.demo import fill

QID = "children-8-12"
FREE = "change_one_thing"
LEAD = "lead@council.example"


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, object]]:
    """A server whose list holds one answer per locale to decide, and one more."""
    app, _ = make_app(tmp_path_factory.mktemp("second-look"), "sqlite")
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 2 * len(LOCALES) + 1, seed=5)
        ids = db.session.execute(db.select(Response.id).order_by(Response.id)).scalars().all()
        near = Near(FREE, "child", "neglect", 0.56, "close to an example of neglect")
        second_look.record(QID, [(i, near) for i in ids], "analysis")
        db.session.commit()
    make_user(app, "safeguarding", email=LEAD)
    with serving(app) as live:
        yield live, app


def _lead(browser: Browser, live: LiveServer, locale: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live.url}/staff/sign-in")
    page.fill("#email", LEAD)
    page.fill("#password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{live.url}/?lang={locale}")  # after signing in, which starts a new session
    return page


@pytest.mark.parametrize("locale", LOCALES)
def test_the_leads_pages_pass_axe_and_the_decisions_work(browser: Browser, listed, locale: str):
    live, app = listed
    page = _lead(browser, live, locale)
    audit = Auditor(locale)
    try:
        page.goto(f"{live.url}/staff/safeguarding/")
        audit(page, "queue")
        click_and_wait(page, "main a[href$='/staff/safeguarding/second-look']")
        audit(page, "second look (waiting)")
        waiting = page.locator("main section").count()
        click_and_wait(page, "main section button[value=nothing]")
        assert page.locator("main section").count() == waiting - 1
        click_and_wait(page, "main section button[value=case]")
        assert "/staff/safeguarding/" in page.url and "second-look" not in page.url
        audit(page, "case opened from the list")
        page.goto(f"{live.url}/staff/safeguarding/second-look?show=decided")
        audit(page, "second look (decided)")
        assert page.locator("main section").count() >= 2
    finally:
        page.context.close()
    audit.assert_clean()
    with app.app_context():
        decisions = db.session.execute(db.select(SecondLook.decision)).scalars().all()
        cases = db.session.execute(db.select(db.func.count(SafeguardingCase.id))).scalar_one()
    assert decisions.count("case") == cases >= 1 and decisions.count("nothing") >= 1
