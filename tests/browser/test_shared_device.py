"""A school tablet in a real browser: codes shown once, "This is not me", a lost session,
and another site's form that tries to take over the child's draft.

Every page the journey now shows (the saved page without its code, the intro after
starting again, the refusal of a forged form) is checked with axe as well.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from browser.conftest import LiveServer
from browser.journey import CONTINUE, SAVE_LATER, START, click_and_wait, path_of
from browser.test_axe import Auditor
from survey.db import db
from survey.models import Draft
from survey.respond.drafts import hash_code

QID = "question-gallery"
NOT_ME = "main form.start-again button"
CODE = "main .code [translate=no]"


def _start(browser: Browser, live_server: LiveServer) -> Page:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live_server.url}/q/{QID}")
    click_and_wait(page, START)
    return page


def _answers(live_server: LiveServer, code: str) -> dict | None:
    with live_server.app.app_context():
        draft = db.session.execute(
            db.select(Draft).where(Draft.code_hash == hash_code(code))
        ).scalar_one_or_none()
        answers = None if draft is None else dict(draft.answers or {})
        db.session.remove()
    return answers


def test_the_next_child_finds_no_code_and_can_start_again(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _start(browser, live_server)
    audit = Auditor("en")
    try:
        page.check("#agree")
        click_and_wait(page, CONTINUE)
        page.check("input[name=favourite_place][value=club]")
        click_and_wait(page, SAVE_LATER)
        assert path_of(page.url) == f"/q/{QID}/saved"
        code = page.locator(CODE).inner_text()
        audit(page, "saved, with the code")
        page.reload()  # the next child on the same tablet
        assert page.locator(CODE).count() == 0, "the code was shown twice"
        assert code not in page.content()
        audit(page, "saved, code already shown")
        click_and_wait(page, NOT_ME)
        assert path_of(page.url) == f"/q/{QID}"
        assert page.locator(START).inner_text() == "Start"  # not "Carry on"
        assert page.locator(NOT_ME).count() == 0
        audit(page, "intro after starting again")
        page.goto(f"{live_server.url}/q/{QID}/p/choices")
        assert path_of(page.url) == f"/q/{QID}", "the previous child's draft is still open"
        # Whoever kept the code still carries on, here or anywhere.
        page.goto(f"{live_server.url}/resume")
        page.fill("#code", code)
        click_and_wait(page, "main form button[type=submit]")
        page.goto(f"{live_server.url}/q/{QID}/p/choices")
        assert page.locator("input[name=favourite_place][value=club]").is_checked()
    finally:
        page.context.close()
    audit.assert_clean()


def test_the_withdrawal_code_is_shown_once(browser: Browser, live_server: LiveServer) -> None:
    page = _start(browser, live_server)
    audit = Auditor("en")
    try:
        page.check("#agree")
        click_and_wait(page, CONTINUE)
        page.goto(f"{live_server.url}/q/{QID}/check")
        click_and_wait(page, "form[action$='/submit'] button[type=submit]")
        assert path_of(page.url) == f"/q/{QID}/done"
        assert page.locator(CODE).count() == 1
        audit(page, "done, with the code")
        page.reload()
        assert page.locator(CODE).count() == 0, "the withdrawal code was shown twice"
        audit(page, "done, code already shown")
    finally:
        page.context.close()
    audit.assert_clean()


def test_answers_typed_when_the_session_was_lost_are_kept(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _start(browser, live_server)
    try:
        page.check("#agree")
        click_and_wait(page, CONTINUE)
        code = page.input_value("input[name=resume_code]")
        page.context.clear_cookies()  # the session ended while the page stayed open
        page.check("input[name=favourite_place][value=school]")
        click_and_wait(page, CONTINUE)
        assert "Your session had timed out" in page.inner_text("main")
        assert page.locator("input[name=favourite_place][value=school]").is_checked()
        click_and_wait(page, CONTINUE)
        assert path_of(page.url) != f"/q/{QID}/p/choices", "the page was refused again"
        assert _answers(live_server, code) == {"agree": True, "favourite_place": "school"}
    finally:
        page.context.close()


FORGED = """<!doctype html><html lang="en"><title>Win a prize</title>
<form method="post" action="{action}">
<input type="hidden" name="resume_code" value="{code}">
<input type="hidden" name="favourite_place" value="club">
</form><script>document.forms[0].submit()</script></html>"""


def test_another_sites_form_cannot_take_over_the_draft(
    browser: Browser, live_server: LiveServer
) -> None:
    attacker = _start(browser, live_server)
    child = _start(browser, live_server)
    try:
        attacker_code = attacker.input_value("input[name=resume_code]")
        child.check("#agree")
        click_and_wait(child, CONTINUE)
        child_code = child.input_value("input[name=resume_code]")
        action = f"{live_server.url}/q/{QID}/p/choices"
        child.route(
            "http://prize.example/",
            lambda route: route.fulfill(
                content_type="text/html",
                body=FORGED.format(action=action, code=attacker_code),
            ),
        )
        with child.expect_response(action) as refused:
            child.goto("http://prize.example/")
        assert refused.value.status == 403
        child.goto(action)
        assert child.input_value("input[name=resume_code]") == child_code
        assert _answers(live_server, attacker_code) == {}
        assert _answers(live_server, child_code) == {"agree": True}
    finally:
        attacker.context.close()
        child.context.close()
