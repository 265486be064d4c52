"""A matrix question on the page: one group of radios per row, each row its own answer.

The rows can depend on an earlier answer (``rows_from``), so a form class, which is made
once and shared, knows nothing of them: each request's field is given its rows after it
is made (``page_form``). What was posted is read whole, under ``<id>-<row>``, and only the
rows asked are kept, so a refused page, a language switch or Back gives every choice back.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import Field
from wtforms.fields.core import UnboundField
from wtforms.utils import unset_value

from questionnaires import Question
from questionnaires.model import Row
from survey.i18n import localise, words
from survey.respond.builtin_words import builtin_word


def row_words(row: Row, marked: bool = False) -> str | Markup:
    """A row's name in the respondent's language: the words they wrote beside "Other"
    (as written), a built-in word, or the author's label (``marked`` for a page)."""
    if row.typed:
        return row.typed
    if row.option.builtin:
        return builtin_word(row.option.label.default)
    return words(row.option.label) if marked else localise(row.option.label)


class MatrixField(Field):
    """Radios per row, posted as ``<id>-<row value>``; the answer is ``{row: scale value}``."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.rows: tuple[Row, ...] = ()  # given per request, once the answers are known
        self.posted: dict[str, str] = {}
        self.row_errors: dict[str, str] = {}

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors = []
        self.row_errors = {}
        prefix = f"{self.name}-"
        if formdata is not None:
            self.posted = {
                k[len(prefix) :]: str(formdata.get(k, "")).strip()
                for k in formdata
                if k.startswith(prefix)
            }
        else:
            self.posted = (
                {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
            )
        self.data = self.posted

    def answer(self) -> dict[str, str] | None:
        """The ratings of the rows asked, in their order; None when none was rated."""
        rated = {r.value: self.posted[r.value] for r in self.rows if self.posted.get(r.value)}
        return rated or None

    def pre_validate(self, form) -> None:
        """One message per row that needs putting right, so each row shows its own."""
        scale = {o.value for o in self.question.options}
        for row in self.rows:
            given = self.posted.get(row.value, "")
            if given and given not in scale:
                # Translators: an error on one row of a table of ratings; the row is a service
                # or an activity the person chose earlier.
                message = _("Choose one of the answers for '%(row)s'", row=row_words(row))
            elif not given and self.question.required:
                # Translators: an error on one row of a table of ratings; the row is a service
                # or an activity the person chose earlier.
                message = _("Choose an answer for '%(row)s'", row=row_words(row))
            else:
                continue
            self.row_errors[row.value] = message
            self.errors.append(message)

    @property
    def posted_names(self) -> list[str]:
        return [f"{self.name}-{row.value}" for row in self.rows]


def matrix_field(question: Question) -> UnboundField:
    """The field of a matrix question, its rows given per request (see ``page_form``)."""
    return MatrixField(question=question)


def matrix_answer(field: Field) -> dict[str, str] | None:
    """The stored answer: ``{row value: scale value}`` for the rows asked and rated."""
    return field.answer()
