"""The interface catalogs: complete, current, safe to format, and really used by the app.

Fails when a shipped language has a message that is untranslated, fuzzy, obsolete
or no longer in the code; when the code has a string no catalog knows about (the
templates and Python are extracted afresh with babel.cfg, as ``make extract`` does);
when a translation changes a placeholder, a number or an HTML tag; when a plural
entry is missing forms or the catalog's plural rule disagrees with CLDR; and when
the app does not render a language (text, ``lang`` and ``dir``).
"""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from helpers import make_app, text_of

from survey.config import RTL_LOCALES, SUPPORTED_LOCALES
from survey.db import db

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
SHIPPED = [code for code in SUPPORTED_LOCALES if code != "en"]

# The order of msgstr[n] for each language, as CLDR names the plural categories.
PLURAL_ORDER = {
    "cy": ["zero", "one", "two", "few", "many", "other"],
    "gd": ["one", "two", "few", "other"],
    "pl": ["one", "few", "many"],
    "ar": ["zero", "one", "two", "few", "many", "other"],
    "ur": ["one", "other"],
}

PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
NUMBER = re.compile(r"\d{2,}")


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(2) != "%"}


def _forms(message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def _ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory) -> set:
    """Every message in the code now, extracted exactly as ``make extract`` does."""
    out = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--ignore-dirs=.* ._ __pycache__ node_modules",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return _ids(_read(out))


@pytest.fixture(scope="module", params=SHIPPED)
def catalog(request):
    path = TRANSLATIONS / request.param / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{request.param}: {path} is missing"
    return request.param, _read(path)


def test_every_supported_language_has_a_catalog_and_nothing_else_ships():
    shipped = {p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert shipped == set(SHIPPED)


def test_template_is_current(fresh_template):
    committed = _ids(_read(TRANSLATIONS / "messages.pot"))
    assert committed == fresh_template, (
        f"translations/messages.pot is out of date: run `make update-translations`. "
        f"Missing: {sorted(map(str, fresh_template - committed))[:10]}; "
        f"unused: {sorted(map(str, committed - fresh_template))[:10]}"
    )


def test_catalog_has_every_message_in_the_code_and_no_other(catalog, fresh_template):
    code, cat = catalog
    ids = _ids(cat)
    missing = sorted(map(str, fresh_template - ids))
    unused = sorted(map(str, ids - fresh_template))
    assert not missing, f"{code}: not in the catalog (run `make update-translations`): {missing}"
    assert not unused, f"{code}: in the catalog but no longer in the code: {unused}"
    assert not cat.obsolete, f"{code}: obsolete (#~) entries: {list(cat.obsolete)}"


def test_every_message_is_translated_and_not_fuzzy(catalog):
    code, cat = catalog
    assert not cat.fuzzy, f"{code}: the catalog header is marked fuzzy"
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    untranslated = [m.id for m in cat if m.id and not all(_forms(m))]
    assert not fuzzy, f"{code}: fuzzy: {fuzzy}"
    assert not untranslated, f"{code}: untranslated: {untranslated}"


def test_plural_rule_matches_cldr_and_every_form_is_filled(catalog):
    code, cat = catalog
    order = PLURAL_ORDER[code]
    assert cat.num_plurals == len(order), f"{code}: nplurals={cat.num_plurals}"
    choose = gettext.c2py(cat.plural_expr)
    rule = Locale.parse(code).plural_form
    for n in range(0, 1001):
        assert order[choose(n)] == rule(n), f"{code}: n={n} picks form {choose(n)}"
    for m in cat:
        if m.id and m.pluralizable:
            assert len(m.string) == cat.num_plurals, f"{code}: {m.id[0]!r} has {len(m.string)}"


def test_placeholders_tags_and_numbers_are_kept(catalog):
    code, cat = catalog
    choose = gettext.c2py(cat.plural_expr)
    numbers_for_form: dict[int, set[int]] = {}
    for n in range(0, 1001):
        numbers_for_form.setdefault(choose(n), set()).add(n)
    problems = []
    for m in cat:
        if not m.id:
            continue
        ids = list(m.id) if m.pluralizable else [m.id]
        for index, text in enumerate(_forms(m)):
            if not text:
                continue  # reported by test_every_message_is_translated_and_not_fuzzy
            if m.pluralizable:
                # A form used for one number only (Arabic "two", Welsh "one") may spell
                # the number out; every other form must show it.
                only = numbers_for_form.get(index, set())
                source = ids[0] if only == {1} else ids[1]
                wanted = _placeholders(source)
                found = _placeholders(text)
                ok = found == wanted or (len(only) == 1 and found <= wanted)
                allowed = _placeholders(ids[0]) | _placeholders(ids[1])
                ok = ok and found <= allowed
            else:
                source = m.id
                ok = _placeholders(text) == _placeholders(source)
            if not ok:
                problems.append((m.id, index, text))
                continue
            if sorted(TAG.findall(text)) != sorted(TAG.findall(source)):
                problems.append((m.id, index, "HTML tags differ: " + text))
            if not all(number in text for number in NUMBER.findall(source)):
                problems.append((m.id, index, "a number is missing: " + text))
            names = {p.group(1) for p in PLACEHOLDER.finditer(source) if p.group(1)}
            try:  # Jinja's new-style gettext always %-formats: a stray "%" would crash
                text % dict.fromkeys(names, 1)
            except (ValueError, TypeError, KeyError) as exc:
                problems.append((m.id, index, f"cannot be formatted ({exc}): {text}"))
    assert not problems, f"{code}: " + "\n".join(map(repr, problems))


# ---- the app really renders the catalogs ---------------------------------------------


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    """The .po files as they are now, compiled (.mo files are build output, never committed)."""
    out = tmp_path_factory.mktemp("translations")
    for code in SHIPPED:
        cat = _read(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
        target = out / code / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.mo").open("wb") as f:
            write_mo(f, cat)
    return out


@pytest.fixture
def localised_client(tmp_path, compiled):
    app, _ = make_app(tmp_path, BABEL_TRANSLATION_DIRECTORIES=str(compiled))
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def _translation(code: str, msgid: str) -> str:
    cat = _read(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    return cat[msgid].string


@pytest.mark.parametrize("code", SHIPPED)
def test_home_page_is_shown_in_the_chosen_language(localised_client, code):
    page = localised_client.get(f"/?lang={code}", follow_redirects=True)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = text_of(page)
    direction = "rtl" if code in RTL_LOCALES else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert _translation(code, "Have your say") in text
    assert _translation(code, "Skip to main content") in text
    assert "Tell us what matters to you" not in text
    assert "0800 1111" in text and "999" in text


def test_welsh_and_arabic_home_pages(localised_client):
    welsh = text_of(localised_client.get("/?lang=cy", follow_redirects=True))
    assert "Dweud eich dweud" in welsh
    arabic = localised_client.get("/?lang=ar", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "قل رأيك" in arabic
    english = localised_client.get("/?lang=en", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in english and "Have your say" in english


def test_trans_blocks_with_variables_are_translated_as_extracted(localised_client):
    """A {% trans %} block renders with the msgid babel.cfg extracted for it."""
    home = localised_client.get("/?lang=en", follow_redirects=True).get_data(as_text=True)
    qid = re.search(r'href="/q/([^"/]+)"', home)
    assert qid, "no open questionnaire on the home page"
    page = localised_client.get(f"/q/{qid.group(1)}/privacy?lang=cy", follow_redirects=True)
    assert page.status_code == 200
    wanted = _translation("cy", "We keep your answers for %(days)s days, then delete them.")
    before, _, after = wanted.partition("%(days)s")
    assert re.search(re.escape(before) + r"\d+" + re.escape(after), text_of(page))
