"""Answers in words, for the check-your-answers page and anyone reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from questionnaires import Question
from questionnaires.model import Row, chosen
from survey.respond.fields import choices
from survey.respond.matrix import row_words


def describe(question: Question, value: Any, answers: Mapping[str, Any] | None = None) -> list[str]:
    """An answer as lines of text in the respondent's language; [] when not answered.

    ``answers`` (all of the respondent's) names a matrix's "Other" row by the words they
    wrote beside it; without them it is "Other".
    """
    if question.kind.is_empty(value):
        return []
    labels = dict(choices(question))
    kind = question.kind.answer  # the stored answer's shape (questionnaires/types.py)
    if kind == "matrix" and isinstance(value, dict):
        rows = question.matrix_rows(answers) if answers is not None else ()
        named = {r.value: row_words(r) for r in rows}
        for option in question.settings.get("rows", ()):
            named.setdefault(option.value, row_words(Row(option)))
        order = [*named, *sorted(set(value) - set(named))]  # rows' order (JSONB keeps none)
        return [
            # Translators: one line on 'check your answers' for a table of ratings, e.g.
            # 'Short breaks: Very good'.
            _(
                "%(row)s: %(answer)s",
                row=named.get(row, row),
                answer=labels.get(value[row], value[row]),
            )
            for row in order
            if row in value
        ]
    if kind == "flag":
        return [_("Yes")]
    if kind == "ranking":
        other = value.get("other", "")
        names = [
            other if v == "other" and other else labels.get(v, _("Other"))
            for v in value.get("order", [])
        ]
        return [f"{n}. {name}" for n, name in enumerate(names, start=1)]
    if isinstance(value, list) or kind == "choices":
        other = value.get("other", "") if isinstance(value, dict) else ""
        return [
            _("Other: %(words)s", words=other) if v == "other" and other else labels.get(v, v)
            for v in chosen(value)
        ]
    if kind in ("text", "number"):
        return [str(value)]
    return [labels.get(str(value), str(value))]
