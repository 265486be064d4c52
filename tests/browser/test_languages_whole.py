"""In a real browser: a broken questionnaire refused alone, every language whole, faces drawn.

- One broken file (here a translation key typo in children-8-12.cy.yaml): the other
  questionnaires are listed and answered, the broken one shows a calm page, and staff
  see the author's error on their home page.
- In Welsh, yes / no / not sure and the words under the faces are Welsh.
- A page whose translation is unfinished says so, in the page's language, and marks
  the English words with lang="en" (a screen reader switches voice).
- The faces are SVG drawings named by their words, not emoji; each page's language is
  stored with its answers.
Every page shown is checked with axe.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import STAFF_PASSWORD, make_app, make_user
from playwright.sync_api import Browser, Page
from walk_questionnaire import write_walk

from browser.conftest import LiveServer, serving
from browser.journey import CONTINUE, START, click_and_wait, page_id, path_of
from browser.test_axe import Auditor
from questionnaires import load_file
from questionnaires.loader import DEFINITIONS
from questionnaires.types import FACES_3, FACES_5
from survey.db import db
from survey.models import Response

ROOT = Path(__file__).resolve().parents[2]
GALLERY = "question-gallery"
BROKEN = "children-8-12"
GOOD = "partners"


def _welsh() -> dict[str, str]:
    with (ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if isinstance(m.id, str) and m.id}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over a folder of our own: one good, one unfinished, one broken questionnaire."""
    root = tmp_path_factory.mktemp("own")
    folder = write_walk(root / "questionnaires")
    for name in (f"{GOOD}.yaml", f"{BROKEN}.yaml", f"{BROKEN}.cy.yaml"):
        shutil.copy(DEFINITIONS / name, folder)
    typo = (folder / f"{BROKEN}.cy.yaml").read_text() + 'questions.feel_hom.text: "Sut?"\n'
    (folder / f"{BROKEN}.cy.yaml").write_text(typo)
    app, _ = make_app(root, QUESTIONNAIRE_DIR=str(folder))
    make_user(app, "analyst")
    with serving(app) as live:
        yield live


def _page(browser: Browser, base: str, locale: str) -> Page:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{base}/?lang={locale}")
    return page


def test_one_broken_file_is_refused_alone(browser: Browser, own_server: LiveServer) -> None:
    base = own_server.url
    page = _page(browser, base, "en")
    audit = Auditor("en")
    try:
        home = page.locator("main .card__title a")
        good_title = str(load_file(DEFINITIONS / f"{GOOD}.yaml").title)
        assert sorted(home.all_inner_texts()) == sorted([good_title, "Walking to school"])
        audit(page, "home, one questionnaire broken")

        click_and_wait(page, "main .card__title a[href$='/q/walk']")
        click_and_wait(page, START)
        page.check("input[name=way][value=bus]")
        click_and_wait(page, CONTINUE)
        assert path_of(page.url) == "/q/walk/check", "the good questionnaire stopped working"

        response = page.goto(f"{base}/q/{BROKEN}")
        assert response is not None and response.status == 503
        assert page.locator("h1").inner_text() == "This questionnaire is not available just now"
        audit(page, "the broken questionnaire")

        page.goto(f"{base}/staff/sign-in")
        page.fill("#email", "analyst@council.example")
        page.fill("#password", STAFF_PASSWORD)
        click_and_wait(page, "main form button[type=submit]")
        panel = page.locator("[aria-labelledby=refused-title]")
        assert panel.is_visible(), "staff are not shown the broken questionnaire"
        shown = panel.inner_text()
        assert f"{BROKEN}.cy.yaml" in shown and "HYS061" in shown and "feel_home" in shown
        assert panel.locator("span[lang=en]").count() >= 2  # the author's error, in English
        audit(page, "staff home with the broken questionnaire")
    finally:
        page.context.close()
    audit.assert_clean()


def test_an_unfinished_translation_says_so_and_marks_the_english(
    browser: Browser, own_server: LiveServer
) -> None:
    page = _page(browser, own_server.url, "cy")
    audit = Auditor("cy")
    try:
        page.goto(f"{own_server.url}/q/walk")
        click_and_wait(page, START)
        notice = page.locator(".notice--language")
        assert notice.is_visible()
        assert "Saesneg" in notice.inner_text()  # English, named in Welsh
        assert page.locator(".hint span[lang=en]").inner_text() == (
            "Choose the way you use most days."
        )
        assert page.get_by_role("radio", name="By bus").count() == 1
        english = page.locator("label span[lang=en]").all_inner_texts()
        assert english == ["By bus"]  # the translated option is not marked
        audit(page, "a page with English inside Welsh")
    finally:
        page.context.close()
    audit.assert_clean()


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and ord(ch) > 0x2000


def test_faces_are_drawn_and_named_and_welsh_words_are_welsh(
    browser: Browser, live_server: LiveServer
) -> None:
    welsh = _welsh()
    page = _page(browser, live_server.url, "cy")
    audit = Auditor("cy")
    try:
        page.goto(f"{live_server.url}/q/{GALLERY}")
        click_and_wait(page, START)
        page.check("#agree")
        click_and_wait(page, CONTINUE)
        page.check("input[name=favourite_place][value=school]")
        click_and_wait(page, CONTINUE)
        assert page_id(page.url) == "feelings"

        faces = page.locator("svg.face__symbol")
        words = [welsh[w] for _v, w, _f in FACES_5] + [welsh[w] for _v, w, _f in FACES_3]
        assert faces.count() == len(words)
        for i, word in enumerate(words):
            face = faces.nth(i)
            box = face.bounding_box()
            assert box and box["width"] >= 32 and box["height"] >= 32, (word, box)
            drawn = face.evaluate("svg => svg.querySelectorAll('circle, path').length")
            assert drawn >= 4, f"the face for {word!r} has nothing drawn in it"
        for word in set(words):
            assert page.get_by_role("img", name=word, exact=True).count() >= 1, word
            assert page.get_by_role("radio", name=word, exact=True).count() >= 1, word
        assert "Trist iawn" in words
        text = page.locator("main").inner_text()
        assert not [ch for ch in text if _is_emoji(ch)], "a face is still an emoji character"
        audit(page, "faces in Welsh")

        box = faces.nth(3).bounding_box()  # a tap on the drawn face chooses it
        assert box
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.locator("#feel_school-4").is_checked()
        click_and_wait(page, CONTINUE)
        assert page_id(page.url) == "words"
        click_and_wait(page, "nav.languages [lang=en]")  # the child switches to English here
        page.fill("#one_thing", "More buses")
        click_and_wait(page, CONTINUE)
        page.goto(f"{live_server.url}/q/{GALLERY}/p/numbers")
        for word in ("Yes", "No", "Not sure"):
            assert page.get_by_role("radio", name=word, exact=True).count() == 1
        click_and_wait(page, "nav.languages [lang=cy]")
        for word in ("Ie", "Na", "Dim yn siŵr"):
            assert page.get_by_role("radio", name=word, exact=True).count() == 1, word
        audit(page, "yes, no, not sure in Welsh")
        page.goto(f"{live_server.url}/q/{GALLERY}/check")
        click_and_wait(page, "form[action$='/submit'] button[type=submit]")
    finally:
        page.context.close()
    audit.assert_clean()
    with live_server.app.app_context():
        stored = [
            dict(r.page_locales)
            for r in db.session.execute(
                db.select(Response).where(Response.questionnaire_id == GALLERY)
            ).scalars()
            if r.answers.get("one_thing") == "More buses"
        ]
        db.session.remove()
    assert stored and stored[-1] == {
        "reading": "cy",
        "choices": "cy",
        "feelings": "cy",
        "words": "en",
    }
