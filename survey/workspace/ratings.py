"""A matrix's ratings, counted row by row as closed questions of their own.

Each row ("Short breaks") gets a table of the scale ("Very good" ... "Not sure") among
those who rated it, in the snapshot's ``closed`` list beside the other closed questions,
so the page, the exports and the API show it with the same suppression. A row is never a
group to filter by. The words written beside "Other" are free text, never a row's name
here: that row is "Other".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from analysis.reporting import stats
from questionnaires import Question


class MatrixTally:
    """One matrix question's ratings, added one response at a time."""

    def __init__(self, question: Question) -> None:
        self.question = question
        rows = question.settings.get("rows", ())
        self.labels = {o.value: str(o.label) for o in rows}
        self.ratings: dict[str, Counter[str]] = {value: Counter() for value in self.labels}
        self.asked: Counter[str] = Counter()  # respondents shown the row

    def add(self, answers: Mapping[str, Any]) -> None:
        question = self.question
        if question.show_if is None or question.show_if.holds(answers):
            self.asked.update(r.value for r in question.matrix_rows(answers))
        value = answers.get(question.id)
        if not isinstance(value, dict):
            return
        for row, rating in value.items():
            self.ratings.setdefault(str(row), Counter())[str(rating)] += 1

    def entries(self) -> list[dict[str, Any]]:
        """A closed-question entry per row, in the questionnaire's order (rows no longer
        asked, from an earlier version, at the end)."""
        question = self.question
        scale = {o.value: str(o.label) for o in question.options}
        out = []
        for row, tally in self.ratings.items():
            answered = sum(tally.values())
            labels = dict(scale) | {v: v for v in sorted(set(tally) - set(scale))}
            options = tuple(
                stats.OptionCount(
                    v, label, tally[v], round(100 * tally[v] / answered, 1) if answered else 0.0
                )
                for v, label in labels.items()
            )
            skipped = max(self.asked[row] - answered, 0)
            counts = stats.Counts(f"{question.id}.{row}", options, answered, skipped, False)
            out.append(
                {
                    "id": counts.question_id,
                    "text": f"{question.text} – {self.labels.get(row, row)}",
                    "type": question.type,
                    "purpose": question.purpose,
                    "matrix": question.id,
                    "row": row,
                    **stats.counts_as_dict(counts),
                    "order": list(labels),
                }
            )
        return out
