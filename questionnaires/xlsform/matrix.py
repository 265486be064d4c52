"""A matrix question in XLSForm, which has no matrix: a note, then a select_one per row.

Export: the note carries the question (its text, hint, ``show_if`` and our ``rows_from``
column); then one ``select_one <id>`` per row the matrix can have, named ``<id>-<row>``,
labelled with the row and marked with our column ``matrix: <id>``. With ``rows_from``, each
row's ``relevant`` is ``selected(${source}, 'row')``, so ODK and Kobo ask only the rows
ticked, as we do. No repeat is used. The scale is the choice list named after the matrix.

Import reads the rows back into the matrix above them (the ``relevant`` of a row is ours,
so it is not read); with ``rows_from`` the rows are the source's options again, and only
the scale is taken from the rows' list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from questionnaires.model import Question, Questionnaire, Text
from questionnaires.types import get_type
from questionnaires.xlsform.common import quoted
from questionnaires.xlsform.sheets import Row

COLUMN = "matrix"  # our column: the matrix a select_one row belongs to


def export_rows(
    q: Questionnaire,
    question: Question,
    note: dict[str, Any],
    texts: Callable[[str, Text | None, str], dict[str, str]],
    condition: str,
) -> list[dict[str, Any]]:
    """The note (``note``, made like any question's row) and a select_one per row."""
    required = note.pop("required", "")
    source = question.settings.get("rows_from")
    rows = [note]
    for option in question.settings.get("rows", ()):
        row: dict[str, Any] = {
            "type": f"select_one {question.id}",
            "name": f"{question.id}-{option.value}",
        }
        # The built-in "Other" is worded by the app: exported in the questionnaire's language.
        label = Text(option.label.default) if option.builtin else option.label
        row |= texts("label", label, q.language)
        row["required"] = required
        relevant = [f"selected(${{{source}}}, {quoted(option.value)})"] if source else []
        relevant += [f"({condition})"] if condition else []
        row["relevant"] = " and ".join(relevant)
        row[COLUMN] = question.id
        rows.append(row)
    return rows


def import_row(imp: Any, row: Row, words: list[str], lists: dict, where_of: dict) -> None:
    """A select_one row of a matrix: the scale from its list, the row, and ``required``."""
    matrix_id = row.get(COLUMN)
    q = imp.questions.get(matrix_id)
    if q is None or get_type(q["type"]).answer != "matrix":
        imp.error(
            row.place(COLUMN),
            "HYS070",
            f"this row belongs to the matrix '{matrix_id}', which is not above it",
            "put the matrix's note row (hys_type matrix) just before its rows, or clear "
            f"the '{COLUMN}' column to ask this row as a question of its own",
        )
        return
    where = where_of[matrix_id]
    if "scale" not in q:
        imp.options(row, q, words[1] if len(words) > 1 else "", lists, where, key="scale")
    if row.get("required").lower() in ("yes", "true", "true()", "1"):
        q["required"] = True
    if "rows_from" in q:
        return  # the rows are the source's options, read from its own row
    name = row.get("name")
    value = name[len(matrix_id) + 1 :] if name.startswith(f"{matrix_id}-") else name
    option: dict[str, Any] = {"value": value}
    imp.text(row, "label", f"questions.{matrix_id}.rows.{value}", option, "label")
    index = len(q.setdefault("rows", []))
    imp.places[f"{where}.rows[{index}]"] = row.place("name")
    imp.places[f"{where}.rows[{index}].label"] = row.place("label")
    q["rows"].append(option)
