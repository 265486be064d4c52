"""What a child typed that did not pass its checks, kept until they put it right.

Changing language, Back and "Save and come back later" leave a page without
asking the child to fix it first. An answer that fails its check (2,500
characters in a 2,000-character box, a number out of range) is not an answer
yet, so it is not saved with the answers; but it is the child's, so it is kept
exactly as typed, beside the answers in their draft, and put back into its
box, with its error in the page's language, whenever the page comes back.
It goes once the box holds an answer that passes, or nothing.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from survey.respond.drafts import Typed
from survey.respond.fields import posted_names


def refused(
    form: FlaskForm, questions: list[Question], errors: dict, posted: MultiDict
) -> dict[str, Typed | None]:
    """For each question of the page: what was posted for it if refused, else None.

    None clears what was kept before: the box now holds an answer that
    passed, or nothing at all (an empty box has nothing to lose).
    """
    kept: dict[str, Typed | None] = {}
    for question in questions:
        if question.id not in form:
            continue
        values = {name: posted.getlist(name) for name in posted_names(form[question.id])}
        typed = {name: v for name, v in values.items() if any(s.strip() for s in v)}
        kept[question.id] = typed if question.id in errors and typed else None
    return kept


def put_back(form: FlaskForm, questions: list[Question], kept: dict[str, Typed]) -> dict:
    """Put what was kept back into the form's boxes; returns the errors it still has.

    Checked again here, so the error is in the language the page is shown in
    (the child may have changed it) and goes if the rules no longer refuse it.
    """
    errors: dict[str, list[str]] = {}
    for question in questions:
        typed = kept.get(question.id)
        if not typed or question.id not in form:
            continue
        field = form[question.id]
        field.process(MultiDict([(name, v) for name, values in typed.items() for v in values]))
        if not field.validate(form):
            errors[question.id] = list(field.errors)
    return errors


def waiting(questions: list[Question], kept: dict[str, Typed]) -> bool:
    """True if any of ``questions`` has something typed that was refused and is kept."""
    return any(question.id in kept for question in questions)
