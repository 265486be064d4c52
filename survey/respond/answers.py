"""Answers in words, for the check-your-answers page and anyone reading them back."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from questionnaires import Question
from survey.respond.fields import choices


def describe(question: Question, value: Any) -> list[str]:
    """An answer as lines of text in the respondent's language; [] when not answered."""
    if value in (None, "", [], {}):
        return []
    labels = dict(choices(question))
    kind = question.type
    if kind == "consent":
        return [_("Yes")]
    if kind == "ranking":
        other = value.get("other", "")
        names = [
            other if v == "other" and other else labels.get(v, _("Other"))
            for v in value.get("order", [])
        ]
        return [f"{n}. {name}" for n, name in enumerate(names, start=1)]
    if isinstance(value, list):
        return [labels.get(v, v) for v in value]
    if kind in ("short_text", "long_text", "number"):
        return [str(value)]
    return [labels.get(str(value), str(value))]
