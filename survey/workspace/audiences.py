"""Who answered: a breakdown by audience when a questionnaire gives pages to someone else.

A parent carer's questionnaire may hand a few pages to the child (``sections`` in the
definition). The child's answers are the child's: a theme raised by them is counted under
children, not under parent carers. The counts go into the snapshot as one more group
question, ``_answered_by`` (no question id can start with ``_``), so the disclosure release,
the breakdown tables and the filters treat them like every other group, suppression
included. The groups overlap (a response with the child's answers is in both), as a
multiple-choice question's do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from questionnaires import Questionnaire
from questionnaires.model import AUDIENCES

GROUP = "_answered_by"
AUDIENCE_NAMES = {
    "child": _l("Children"),
    "young_person": _l("Young people"),
    "parent_carer": _l("Parent carers"),
    "partner": _l("Partners"),
}


class AudienceTally:
    """Respondents and themes by the audience of whoever answered, counted as responses pass."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.wanted = bool(q.sections)
        self.totals: Counter[str] = Counter()
        self.by_theme: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, audience: str, answered_by: Mapping[str, Any]) -> None:
        """One response: its own audience and each section's respondent who answered."""
        self.totals.update({audience, *(who["audience"] for who in answered_by.values())})

    def add_theme(self, theme_id: str, audiences: Iterable[str]) -> None:
        self.by_theme[theme_id].update(set(audiences))

    def group(self) -> dict[str, Any]:
        """The snapshot's ``groups`` entry: empty for a questionnaire with no sections."""
        if not self.wanted:
            return {}
        order = [a for a in AUDIENCES if a in {self.q.audience, *self.totals}]
        return {
            GROUP: {
                "text": str(_l("Who answered")),
                "labels": {a: str(AUDIENCE_NAMES[a]) for a in order},
                "multiple": True,  # a response with the child's answers is in both groups
                "order": order,
                "breakdown": True,
                "district": False,
                "filter": False,  # a table of its own, never a filter (breakdowns.can_filter)
            }
        }

    def group_totals(self) -> dict[str, dict[str, int]]:
        return {GROUP: dict(self.totals)} if self.wanted else {}

    def theme_groups(self, theme_id: str) -> dict[str, dict[str, int]]:
        return {GROUP: dict(self.by_theme[theme_id])} if self.wanted else {}
