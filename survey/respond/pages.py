"""A question page, as HTML: shared first views, or rendered afresh with what was typed.

A page a child has not answered yet comes from ``first_view`` (rendered once
per process and language, see ``first_view.py``); a page with answers, errors
or a message is rendered afresh every time by ``render_page``.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app, render_template, request, session
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from questionnaires import Page, Question, Questionnaire, Text
from questionnaires.sections import heading
from survey.i18n import current_locale, fallback_notice
from survey.respond import drafts
from survey.respond.fields import WIDGETS, page_form
from survey.respond.first_view import CODE_SLOT, CSRF_SLOT, FirstViews, fill


def is_first_view(q: Questionnaire, the_page: Page, answers: dict) -> bool:
    """Nothing on this page answered yet, no message waiting, no extra parameters.

    Never a page whose matrix takes its rows from an earlier answer: those rows (and the
    words written beside "Other") are this respondent's, not a page to share.
    """
    return (
        not any(question.settings.get("rows_from") for question in the_page.questions)
        and not request.query_string
        and "_flashes" not in session
        and not any(question.id in answers for question in the_page.questions)
    )


def first_view(q: Questionnaire, the_page: Page, answers: dict) -> str:
    """The page as every child first sees it, rendered once, with this child's token and code."""
    questions = q.visible_questions(the_page, answers)
    key = (
        q.id,
        the_page.id,
        current_locale(),
        tuple(question.id for question in questions),
        tuple(p.id for p in q.visible_pages(answers)),  # position, total and the way back
    )

    def render() -> str:
        form, _questions = page_form(q, the_page, answers)
        return render_page(
            q, the_page, form, questions, answers=answers, csrf=CSRF_SLOT, resume_code=CODE_SLOT
        )

    cache = current_app.extensions.get("hys_first_views")
    if cache is None:  # made once per app, not a throwaway store on every page view
        cache = current_app.extensions["hys_first_views"] = FirstViews()
    html = cache.get(key, q, render)
    return fill(html, generate_csrf(), drafts.code_for(q.id) or "")


def previous_page(q: Questionnaire, the_page: Page, answers: dict) -> Page | None:
    """The page Back goes to: the visible one before this, or None for the introduction."""
    ids = [p.id for p in q.visible_pages(answers)]
    index = ids.index(the_page.id) if the_page.id in ids else 0
    return q.page(ids[index - 1]) if index > 0 else None


def render_page(
    q: Questionnaire,
    the_page: Page,
    form: FlaskForm,
    questions: list[Question],
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
    answers: dict | None = None,
    csrf: str | None = None,
    resume_code: str | None = None,
) -> str:
    """The page with what was typed in ``form``; ``csrf``/``resume_code`` only for first views."""
    answers = _answers_for(q) if answers is None else answers
    pages = q.visible_pages(answers)
    position = next((i for i, p in enumerate(pages, 1) if p.id == the_page.id), None)
    section = q.section_of(the_page.id)
    # The section's own words ("Please hand the phone to your child") open its first page.
    first = next((p.id for p in pages if section is not None and p.id in section.pages), None)
    handover = section.intro if section is not None and first == the_page.id else None
    return render_template(
        "page.html",
        q=q,
        page=the_page,
        form=form,
        questions=questions,
        widgets=WIDGETS,
        errors=errors or {},
        notice=notice,
        position=position,
        total=len(pages),
        csrf=csrf or form.csrf_token.data or generate_csrf(),
        resume_code=(drafts.code_for(q.id) or "") if resume_code is None else resume_code,
        switch_form="page-form",
        heading=heading(section, q.title),
        handover=handover,
        untranslated=fallback_notice(_texts(q, the_page, questions, handover)),
    )


def _texts(
    q: Questionnaire, the_page: Page, questions: list[Question], handover: Text | None = None
) -> Iterator[Text | None]:
    """Every piece of the author's wording this page shows (built-in words are always ours)."""
    yield from (heading(q.section_of(the_page.id), q.title), the_page.title, handover)
    for question in questions:
        yield from (question.text, question.hint, question.privacy_note)
        yield from (o.label for o in question.options if not o.builtin)
        yield from (o.label for o in question.settings.get("rows", ()) if not o.builtin)
        yield from (v for v in question.settings.values() if isinstance(v, Text))


def _answers_for(q: Questionnaire) -> dict:
    draft = drafts.current(q.id)
    return (draft.answers or {}) if draft else {}
