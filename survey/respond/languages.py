"""The language of a section given to someone else, chosen apart from the rest.

A parent answering in English may hand the phone to a child who reads Welsh: the
language switch on a page of the child's section changes that section only, and the
parent's pages stay in the parent's language. The choice is kept in the session by
page ("<questionnaire>/<page>"), so the locale selector (``survey.i18n``) finds it
without loading the questionnaire.
"""

from __future__ import annotations

from flask import session

from questionnaires import Page, Questionnaire
from survey.i18n import HELP, SECTION_LOCALES, page_key


def switch(q: Questionnaire, the_page: Page, locale: str) -> None:
    """Choose ``locale`` for the page's section, or for everything when it has none."""
    section = q.section_of(the_page.id)
    if section is None:
        session["locale"] = locale
        return
    chosen = dict(session.get(SECTION_LOCALES, {}))
    chosen.update({page_key(q.id, page_id): locale for page_id in section.pages})
    session[SECTION_LOCALES] = chosen


def help_in_language_of(q: Questionnaire, the_page: Page | None, locale: str) -> None:
    """The help page after a worry is shown in the language of the page it was written on:
    a child who chose Welsh for their section reads the help in Welsh too (elsewhere the
    help simply follows the respondent's language)."""
    chosen = dict(session.get(SECTION_LOCALES, {}))
    chosen.pop(page_key(q.id, HELP), None)
    if the_page is not None and q.section_of(the_page.id) is not None:
        chosen[page_key(q.id, HELP)] = locale
    session[SECTION_LOCALES] = chosen
