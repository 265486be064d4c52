"""The rows and scale of a matrix question, checked and built.

A matrix rates each row on one scale. Its rows are the author's (``rows``) or the options
a respondent ticked on an earlier multiple_choice (``rows_from``): "Which of these services
have you used?" then "How good was each?". Kept apart from the loader, which only calls
``matrix_settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.errors import did_you_mean
from questionnaires.model import Question
from questionnaires.types import get_type

_ROWS_HELP = (
    "write 'rows_from: <id of an earlier multiple_choice question>' to rate what was ticked "
    "there, or 'rows:' with a list of rows, each '- value: ...' with 'label: ...'"
)


def matrix_settings(
    builder: Any, raw: dict, path: tuple, earlier: Mapping[str, Question]
) -> dict[str, Any]:
    """``rows_from`` (when given) and ``rows``: every row the matrix can ask, in order.

    With ``rows_from`` the rows are the options of that question, less an exclusive
    "None of these" (never something to rate); "Other" stays, and the page shows the
    words written beside it. Problems go to the builder's checker with a fix.
    """
    checker, qtype = builder.checker, get_type(raw["type"])
    scale = raw.get("scale")
    if not isinstance(scale, list) or len(scale) < 2:
        checker.error(
            (*path, "scale"),
            "HYS043",
            "a matrix needs a 'scale': the answers each row offers, at least two"
            if scale in (None, [], "")
            else "'scale' should be a list of at least two answers",
            "add 'scale:' with a list such as '- {value: good, label: Good}', "
            "'- {value: poor, label: Poor}'",
        )
    has_rows, has_source = "rows" in raw, "rows_from" in raw
    if has_rows == has_source:
        checker.error(
            path,
            "HYS043",
            "a matrix has both 'rows' and 'rows_from'"
            if has_rows
            else "a matrix needs its rows: 'rows' or 'rows_from'",
            "keep one of them" if has_rows else _ROWS_HELP,
        )
        return {}
    if has_rows:
        rows = raw["rows"]
        if not isinstance(rows, list) or not rows:
            checker.error(
                (*path, "rows"),
                "HYS043",
                "'rows' should be a list of at least one row",
                "write each row as '- {value: short_id, label: Words people see}'",
            )
            return {}
        return {"rows": builder.option_list(raw, qtype, rows, path, "rows")}
    source = _source(checker, raw["rows_from"], earlier, builder.question_ids, (*path, "rows_from"))
    if source is None:
        return {"rows_from": raw["rows_from"]}
    return {
        "rows_from": source.id,
        "rows": tuple(o for o in source.options if not o.exclusive),
    }


def _ticks(question: Question) -> bool:
    """Whether ``question``'s answer is options ticked (a multiple_choice), the stored shape
    ``Question.matrix_rows`` reads the rows from."""
    return question.kind.answer == "choices"


def _source(
    checker: Any, wanted: Any, earlier: Mapping[str, Question], every: list[str], path: tuple
) -> Question | None:
    """The earlier multiple_choice question named by ``rows_from``, or None (and a problem)."""
    if not isinstance(wanted, str):
        return None  # the key's own check has said what is wrong
    target = earlier.get(wanted)
    if target is None and wanted in every:
        checker.error(
            path,
            "HYS032",
            f"rows_from names '{wanted}', which is not on an earlier page",
            f"move '{wanted}' to a page before this one: a matrix rates what was ticked on "
            "an earlier page (pages work without JavaScript)",
        )
        return None
    if target is None:
        choices = [q.id for q in earlier.values() if _ticks(q)]
        checker.error(
            path,
            "HYS032",
            f"rows_from names '{wanted}', which is not a question in this file",
            did_you_mean(wanted, every)
            or "name a multiple_choice question on an earlier page"
            + (f": {', '.join(choices)}" if choices else ""),
        )
        return None
    if not _ticks(target):
        checker.error(
            path,
            "HYS032",
            f"rows_from names '{wanted}', a {target.type} question: the rows are the options "
            "ticked on a multiple_choice",
            "name a multiple_choice question, or write the rows yourself under 'rows'",
        )
        return None
    return target
