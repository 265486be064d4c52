"""Dates and times as people in the UK read them, on every staff page and in every export.

One helper, :func:`when`, so no page can drift back to Babel's plain ``en`` formats, which
are American ("12/3/26", "Dec 3, 2026"): a commissioner taking findings to cabinet reads
"3 December 2026". English is shown in ``en_GB``; every other language in its own locale
(Welsh "3 Rhagfyr 2026", Polish "3 grudnia 2026"). Times are stored in UTC and shown in the
council's time zone (``BABEL_DEFAULT_TIMEZONE``, Europe/London unless ``HYS_TIMEZONE`` says
otherwise), so 14:05 on a page is 14:05 on the office clock, summer time included.

Styles:

* ``"date"``: the day in words, "3 December 2026";
* ``"datetime"``: "3 Dec 2026, 14:05" (tables: short, still unambiguous);
* ``"long"``: "3 December 2026, 14:05" (the printed report).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel import dates as babel_dates
from flask import Flask, has_app_context
from flask_babel import force_locale, format_date, format_datetime, get_locale, to_user_timezone

# The locale whose date formats each interface language uses; a language not listed uses its
# own. Only English needs one: Babel's "en" is en_US.
DATE_LOCALES = {"en": "en_GB"}
STYLES = ("date", "datetime", "long")


def date_locale(language: str | None) -> str:
    """The locale for dates in ``language`` (en_GB for English)."""
    code = (language or "en").replace("-", "_")
    return DATE_LOCALES.get(code, code)


def _pattern(locale: Locale, style: str) -> str:
    """A Babel pattern for ``style`` built from the locale's own parts, so word order,
    separators and the 24-hour clock are each language's ("{1}, {0}" joins date and time)."""
    if style == "date":
        return locale.date_formats["long"].pattern
    date_part = "long" if style == "long" else "medium"
    joiner = str(locale.datetime_formats[date_part])
    return joiner.replace("{1}", locale.date_formats[date_part].pattern).replace(
        "{0}", locale.time_formats["short"].pattern
    )


def when(
    value: dt.date | dt.datetime | None, style: str = "datetime", language: str | None = None
) -> str:
    """``value`` as a person reads it: in the page's language (or ``language``), en-GB for
    English. A bare date has no time, so it is always shown as a day. ``None`` is ""."""
    if value is None:
        return ""
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}: one of {', '.join(STYLES)}")
    if language is None:
        current = get_locale() if has_app_context() else None
        language = str(current) if current else "en"
    code = date_locale(language)
    locale = Locale.parse(code)
    is_datetime = isinstance(value, dt.datetime)
    pattern = _pattern(locale, style if is_datetime else "date")
    if not has_app_context():  # a script without the app: UTC, same words
        formatter = babel_dates.format_datetime if is_datetime else babel_dates.format_date
        return formatter(value, pattern, locale=locale)
    with force_locale(code):
        if is_datetime:
            return format_datetime(value, pattern)
        return format_date(value, pattern)


def local(value: dt.datetime) -> dt.datetime:
    """A stored (UTC) time as the council's clock shows it, without a zone: for a spreadsheet
    cell, which cannot hold one."""
    if not has_app_context():
        return value.replace(tzinfo=None)
    return to_user_timezone(value).replace(tzinfo=None)


def _babel_style(style: str | None) -> str:
    """Flask-Babel's style names as ours: "short"/"medium" -> datetime, "long"/"full" -> long."""
    return "long" if style in ("long", "full") else "datetime"


def init_app(app: Flask) -> None:
    """``|when`` in templates; Flask-Babel's ``datetimeformat``/``dateformat`` filters go
    through the same helper, so a template using them cannot show American dates either."""
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["datetimeformat"] = lambda value, style=None: when(
        value, _babel_style(style)
    )
    app.jinja_env.filters["dateformat"] = lambda value, style=None: when(value, "date")
