"""Every language whole: built-in words translated, missing translations reported and marked,
and the language of each answered page recorded (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_migrate import downgrade, upgrade
from helpers import Respondent, csrf, make_app, text_of
from sqlalchemy import inspect, text
from walk_questionnaire import MISSING_IN_WELSH, write_walk

from questionnaires import load_file
from questionnaires.loader import translation_keys, untranslated
from questionnaires.types import FACES_3, FACES_5, YES_NO
from survey.config import SUPPORTED_LOCALES
from survey.db import db
from survey.models import Draft, Response

ROOT = Path(__file__).resolve().parents[2]
GALLERY = "question-gallery"
BEFORE_PAGE_LOCALES = "401575864308"


@pytest.fixture
def walk_dir(tmp_path: Path) -> Path:
    return write_walk(tmp_path / "defs", second_page=True)


def _catalog(locale: str) -> dict[str, str]:
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if isinstance(m.id, str) and m.id}


def _in(client, locale: str) -> None:
    client.get(f"/?lang={locale}")


# ---- validate reports every untranslated key, per language ------------------------------


def test_untranslated_lists_every_missing_key_per_language(walk_dir):
    (walk_dir / "walk.ar.yaml").write_text('title: "المشي إلى المدرسة"\n')
    q = load_file(walk_dir / "walk.yaml")
    missing = untranslated(q)
    assert missing["cy"] == MISSING_IN_WELSH
    assert "title" not in missing["ar"] and "questions.way.options.bus" in missing["ar"]
    assert missing["ar"] == sorted(translation_keys(q) - {"title"})


def test_validate_prints_each_untranslated_key_and_a_count_per_language(app, walk_dir):
    app.config["QUESTIONNAIRE_DIR"] = str(walk_dir)
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    for key in MISSING_IN_WELSH:
        assert f"walk.cy.yaml at {key}: warning HYS063" in result.output
    assert "walk.cy.yaml: 2 text(s) not translated into 'cy'" in result.output
    assert "1 questionnaire(s) are valid" in result.output


def test_bundled_translations_leave_nothing_out():
    q = load_file(ROOT / "questionnaires" / "definitions" / "children-8-12.yaml")
    assert untranslated(q) == {"ar": [], "cy": []}


# ---- the respondent sees which words are not in their language ---------------------------


def test_a_page_with_english_in_welsh_says_so_and_marks_the_english(tmp_path, walk_dir):
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(walk_dir))
    client = app.test_client()
    _in(client, "cy")
    first = Respondent(client, "walk").start().location
    html = client.get(first).get_data(as_text=True)
    assert "Saesneg" in text_of(client.get(first))  # the notice, naming English in Welsh
    assert 'class="notice notice--language"' in html
    assert '<span lang="en" dir="ltr">Choose the way you use most days.</span>' in html
    assert '<span lang="en" dir="ltr">By bus</span>' in html
    assert "Dw i&#39;n cerdded" in html or "Dw i'n cerdded" in html
    assert '<span lang="en" dir="ltr">I walk</span>' not in html

    _in(client, "en")
    english = client.get(first).get_data(as_text=True)
    assert "notice--language" not in english and '<span lang="en"' not in english


def test_a_fully_translated_page_has_no_notice(tmp_path, walk_dir):
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(walk_dir))
    client = app.test_client()
    _in(client, "cy")
    Respondent(client, "walk").start()
    html = client.get("/q/walk/p/feel").get_data(as_text=True)
    assert "notice--language" not in html
    assert "Wyt ti&#39;n hoffi" in html or "Wyt ti'n hoffi" in html


def test_english_inside_a_right_to_left_page_keeps_left_to_right(tmp_path, walk_dir):
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(walk_dir))
    client = app.test_client()
    _in(client, "ar")
    first = Respondent(client, "walk").start().location
    html = client.get(first).get_data(as_text=True)
    assert '<span lang="en" dir="ltr">How do you get to school?</span>' in html
    assert 'dir="rtl"' in html and "notice--language" in html


# ---- built-in words are in every language ------------------------------------------------


BUILTIN = sorted({label for _v, label, _f in (*FACES_3, *FACES_5, *YES_NO)})


@pytest.mark.parametrize("locale", [c for c in SUPPORTED_LOCALES if c != "en"])
def test_every_language_translates_the_builtin_words(locale):
    catalog = _catalog(locale)
    for word in BUILTIN:
        assert catalog.get(word), f"{locale}: '{word}' has no translation"
        assert catalog[word] != word, f"{locale}: '{word}' is left in English"


def _shown_labels(html: str, name: str) -> list[str]:
    """The words of each option of ``name`` on a page, in order."""
    ids = re.findall(rf'<input[^>]+id="([^"]+)"[^>]+name="{name}"', html)
    words = []
    for input_id in ids:
        label = re.search(rf'<label[^>]+for="{input_id}"[^>]*>(.*?)</label>', html, re.S)
        assert label, input_id
        words.append(re.sub(r"<[^>]+>", "", label.group(1)).strip())
    return words


def test_in_welsh_yes_no_and_the_faces_are_welsh(app, client):
    cy = _catalog("cy")
    _in(client, "cy")
    Respondent(client, GALLERY).start()
    faces = client.get(f"/q/{GALLERY}/p/feelings").get_data(as_text=True)
    assert _shown_labels(faces, "feel_school") == [cy[w] for _v, w, _f in FACES_5]
    assert _shown_labels(faces, "feel_home") == [cy[w] for _v, w, _f in FACES_3]
    assert "Trist iawn" in _shown_labels(faces, "feel_school")
    numbers = client.get(f"/q/{GALLERY}/p/numbers").get_data(as_text=True)
    shown = _shown_labels(numbers, "young_carer")
    assert shown[:3] == [cy["Yes"], cy["No"], cy["Not sure"]] == ["Ie", "Na", "Dim yn siŵr"]


def test_the_check_page_describes_builtin_answers_in_the_respondents_language(app, client):
    _in(client, "pl")
    respondent = Respondent(client, GALLERY)
    respondent.start()
    page = client.get(f"/q/{GALLERY}/p/numbers")
    client.post(
        f"/q/{GALLERY}/p/numbers",
        data={"csrf_token": csrf(page.get_data(True)), "young_carer": "not_sure"},
    )
    assert _catalog("pl")["Not sure"] in text_of(respondent.check_page())


# ---- the language of each answered page is stored ---------------------------------------


def test_each_answered_page_records_its_language(db_app):
    client = db_app.test_client()
    respondent = Respondent(client, GALLERY)
    _in(client, "en")
    first = respondent.start().location
    assert first.endswith("/p/reading")
    assert respondent.answer(first, {"agree": "yes"}).status_code == 302
    _in(client, "cy")
    answered = respondent.answer(f"/q/{GALLERY}/p/choices", {"favourite_place": "school"})
    assert answered.status_code == 302
    skipped = respondent.answer(f"/q/{GALLERY}/p/words", {})  # nothing typed: nothing to say
    assert skipped.status_code == 302
    with db_app.app_context():
        draft = db.session.execute(db.select(Draft)).scalar_one()
        assert draft.page_locales == {"reading": "en", "choices": "cy", "words": "cy"}
    _in(client, "pl")
    assert respondent.send().status_code == 303
    with db_app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        assert response.page_locales == {"reading": "en", "choices": "cy"}
        assert response.locale == "cy"  # one language for the whole response: the last page's


def test_the_migration_gives_earlier_rows_an_empty_map_and_goes_back(db_app):
    with db_app.app_context():
        downgrade(revision=BEFORE_PAGE_LOCALES)
        columns = {c["name"] for c in inspect(db.engine).get_columns("draft")}
        assert "page_locales" not in columns
        db.session.execute(
            text(
                "INSERT INTO draft (code_hash, questionnaire_id, answers, locale, "
                "submission_token, updated_on, expires_on) VALUES ('h', 'q', '{}', 'cy', 't', "
                "'2026-01-01', '2026-02-01')"
            )
        )
        db.session.commit()
        upgrade()
        assert db.session.execute(db.select(Draft.page_locales)).scalar_one() == {}
        for table in ("draft", "response"):
            assert "page_locales" in {c["name"] for c in inspect(db.engine).get_columns(table)}
        db.session.remove()
