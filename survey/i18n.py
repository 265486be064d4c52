"""Languages: which one a page is shown in, and its direction.

The choice is the respondent's (the switcher, kept in their session), then
their browser's preference, then English.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, has_request_context, redirect, request, session
from flask_babel import Babel, get_locale, get_translations, gettext
from jinja2 import pass_context
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from questionnaires import Text
from survey.config import RTL_LOCALES

# Each language named in itself, so a child who cannot read English finds theirs.
NATIVE_NAMES = {
    "en": "English",
    "cy": "Cymraeg",
    "gd": "Gàidhlig",
    "pl": "Polski",
    "ar": "العربية",
    "ur": "اردو",
}

babel = Babel()
# The language chosen for a section given to someone else (survey/respond/languages.py),
# by "<questionnaire>/<page>": the child's pages may be in Welsh while the parent's are not.
SECTION_LOCALES = "section_locales"
HELP = "help"  # the help page after a worry: in the language of the page it was written on
_OWN_LANGUAGE = {"respond.page": None, "safeguarding.help_page": HELP}


def page_key(qid: str, page_id: str) -> str:
    return f"{qid}/{page_id}"


def _chosen_locale() -> str:
    if not has_request_context():  # a command or a background job: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["SUPPORTED_LOCALES"]
    if request.endpoint in _OWN_LANGUAGE and request.view_args:  # a section's own language
        args = request.view_args
        page_id = _OWN_LANGUAGE[request.endpoint] or args["page_id"]
        own = session.get(SECTION_LOCALES, {}).get(page_key(args["qid"], page_id))
        if own in supported:
            return own
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    return _best_match(request.headers.get("Accept-Language", ""), tuple(supported))


@functools.lru_cache(maxsize=512)
def _best_match(header: str, supported: tuple[str, ...]) -> str:
    """Parsing a browser's language list is slow and browsers send few distinct ones."""
    return parse_accept_header(header, LanguageAccept).best_match(supported) or "en"


@functools.cache
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def select_locale() -> Locale:
    """The locale for this request, parsed once per process rather than once per request."""
    return _parsed(_chosen_locale())


def current_locale() -> str:
    return str(get_locale() or "en")


def localise(text: Text | None) -> str:
    """Questionnaire wording in the respondent's language, else the original."""
    return _in_language(text, current_locale())


def _in_language(text: Text | None, locale: str) -> str:
    return "" if text is None else text.get(locale)


def lang_of(text: Text | None) -> Markup:
    """` lang=".." dir=".."` for an element showing ``text`` in its original language.

    When a questionnaire has no translation of these words into the page's
    language, the original words are shown: marked with their own language, a
    screen reader reads them in the right voice (and right to left stays right).
    """
    locale = current_locale()
    if text is None or not text.falls_back(locale):
        return Markup("")
    direction = "rtl" if text.language in RTL_LOCALES else "ltr"
    return Markup(' lang="%s" dir="%s"') % (text.language, direction)


def words(text: Text | None) -> Markup:
    """Questionnaire wording for a page's body: translated, or the original marked as such."""
    if text is None:
        return Markup("")
    marked = lang_of(text)
    shown = text.get(current_locale())
    return Markup("<span%s>%s</span>") % (marked, shown) if marked else escape(shown)


def fallback_notice(texts: Iterable[Text | None]) -> str | None:
    """A short note, in the page's language, when some of ``texts`` are not translated into it."""
    locale = current_locale()
    originals = sorted({t.language for t in texts if t is not None and t.falls_back(locale)})
    if not originals:
        return None
    return gettext(
        "Parts of this page are not translated into %(language)s yet, so they are "
        "shown in the original language: %(original)s.",
        language=_language_name(locale, locale),
        original=", ".join(_language_name(code, locale) for code in originals),
    )


@functools.cache
def _language_name(code: str, in_locale: str) -> str:
    """A language's name as the page's language says it ("Saesneg" for English in Welsh)."""
    try:
        return _parsed(code).get_display_name(_parsed(in_locale)) or code
    except (ValueError, LookupError):  # a code Babel does not know: the code itself
        return code


def _translations(context):
    """The catalogue the render started with; Flask-Babel's lookup where there is none."""
    found = context.get("hys_translations")
    return found if found is not None else get_translations()


# Templates call gettext a dozen times a page; Flask-Babel finds the catalogue afresh on each
# call. These take it from the render's context (put there once by _language_globals).
@pass_context
def _gettext(context, message: str) -> str:
    return _translations(context).ugettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return _translations(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, msgctxt: str, message: str) -> str:
    return _translations(context).upgettext(msgctxt, message)


@pass_context
def _npgettext(context, msgctxt: str, singular: str, plural: str, n: int) -> str:
    return _translations(context).unpgettext(msgctxt, singular, plural, n)


def _switch_language():
    """``?lang=xx`` on any GET page sets the language and comes back to the same place."""
    wanted = request.args.get("lang")
    if request.method != "GET" or wanted is None:
        return None
    if wanted in current_app.config["SUPPORTED_LOCALES"]:
        session["locale"] = wanted
        own = page_key((request.view_args or {}).get("qid", ""), HELP)
        if request.endpoint == "safeguarding.help_page" and own in session.get(SECTION_LOCALES, {}):
            session[SECTION_LOCALES] = {**session[SECTION_LOCALES], own: wanted}
    rest = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), code=303)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
    # Macro files are imported without the page's context (so Jinja keeps one module of them,
    # not a new one per include): they reach the questionnaire wording through this global.
    app.jinja_env.globals["t"] = localise
    app.jinja_env.globals["words"] = words
    app.jinja_env.globals["lang_of"] = lang_of
    app.before_request(_switch_language)

    @app.context_processor
    def _language_globals() -> dict:
        locale = current_locale()
        return {
            "html_lang": locale.replace("_", "-"),
            "html_dir": "rtl" if locale in RTL_LOCALES else "ltr",
            "locale_names": {
                code: NATIVE_NAMES.get(code, code) for code in app.config["SUPPORTED_LOCALES"]
            },
            "current_locale": locale,
            "t": functools.partial(_in_language, locale=locale),  # the locale found once
            "hys_translations": get_translations(),
        }
