"""Counting answers to closed questions, ordering priorities, cross-tabs, waves.

Plain functions over plain data (questionnaire objects and answer dicts), so
the numbers can be checked by hand in tests. Nothing here is suppressed: the
raw numbers go through :mod:`analysis.reporting.suppression` before anyone sees
them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from questionnaires.model import EMPTY, Question, chosen
from questionnaires.types import PREFER_NOT_TO_SAY

OTHER = "other"
NOT_GIVEN = "not_given"  # the group of a response that did not say
# The groups of a findings snapshot that are not options: a question skipped, and more than
# one answer to a question now asked as single choice (an earlier version allowed several).
NOT_ANSWERED = "not_answered"
SEVERAL = "several"


def _given(value: Any) -> bool:
    return value not in EMPTY


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    count: int
    percent: float  # of those who answered the question, 0..100


@dataclass(frozen=True)
class Counts:
    """How many chose each option. ``percent`` is of those who answered,
    not of everyone: a question hidden or skipped says nothing either way."""

    question_id: str
    options: tuple[OptionCount, ...]
    answered: int
    skipped: int
    multiple: bool  # True when one person can be in several options

    def count(self, value: str) -> int:
        return next((o.count for o in self.options if o.value == value), 0)


def closed_question_counts(question: Question, answers_list: Sequence[Mapping]) -> Counts:
    """Respondents per option, in the questionnaire's order.

    Values not among the options (an option removed in a later version) are
    kept at the end rather than silently dropped; "prefer not to say" is
    counted as an answer, because choosing it is a choice.
    """
    if question.kind.tally != "closed":
        raise ValueError(f"{question.id!r} is a {question.type} question, not a closed one")
    tally: Counter[str] = Counter()
    answered = 0
    for answers in answers_list:
        value = answers.get(question.id)
        if not _given(value):
            continue
        answered += 1
        tally.update(set(chosen(value)))  # a set: one person counts once; "other" is Other
    return tally_counts(question, tally, answered, len(answers_list))


def tally_counts(question: Question, tally: Counter[str], answered: int, seen: int) -> Counts:
    """A closed question's :class:`Counts` from its tally of ``answered`` out of ``seen``
    respondents: the one place options get their labels, order and percentages, whether the
    answers were counted in a list (:func:`closed_question_counts`) or as they streamed past
    (the workspace snapshot)."""
    labels = {o.value: str(o.label) for o in question.options}
    if question.prefer_not_to_say or tally[PREFER_NOT_TO_SAY]:
        labels.setdefault(PREFER_NOT_TO_SAY, "Prefer not to say")
    for value in sorted(set(tally) - set(labels)):
        labels[value] = value
    options = tuple(
        OptionCount(v, label, tally[v], round(100 * tally[v] / answered, 1) if answered else 0.0)
        for v, label in labels.items()
    )
    return Counts(question.id, options, answered, seen - answered, question.kind.several)


def counts_as_dict(counts: Counts) -> dict[str, Any]:
    """The counts as JSON-ready data for a findings snapshot."""
    return {
        "counts": {o.value: o.count for o in counts.options},
        "percents": {o.value: o.percent for o in counts.options},
        "labels": {o.value: o.label for o in counts.options},
        "answered": counts.answered,
        "skipped": counts.skipped,
        "multiple": counts.multiple,
    }


@dataclass(frozen=True)
class RankedItem:
    value: str
    label: str
    points: float  # Borda points, weighted when weights were given
    first: int  # respondents who put it first (not weighted)
    ranked: int  # respondents who ranked it at all (not weighted)


@dataclass(frozen=True)
class RankingResult:
    question_id: str
    items: tuple[RankedItem, ...]  # best first
    respondents: int
    others: tuple[str, ...]  # the "other" texts, never ranked as an item
    weighted: bool


def ranking_order(
    question: Question,
    answers_list: Sequence[Mapping],
    weights: Sequence[float] | None = None,
) -> RankingResult:
    """The overall order of priorities by Borda count.

    With ``m`` items on the list (the options, plus the "other" slot when the
    question offers one), an item ranked r-th gets ``m - r + 1`` points and
    an item left unranked gets 0, so putting something anywhere beats not
    mentioning it, and a first place outweighs a last. Positions are as the
    respondent gave them: "other" takes up its place, and earns no points.
    ``weights`` multiply each response's points, e.g. 40 for a parent carer
    forum answering for 40 families. Ties are broken by first places, then by
    the questionnaire's order, so the result is stable.
    """
    if weights is not None and len(weights) != len(answers_list):
        raise ValueError("one weight per response")
    values = [o.value for o in question.options if o.value != OTHER]
    has_other = bool(question.settings.get("other")) or any(
        o.value == OTHER for o in question.options
    )
    m = len(values) + (1 if has_other else 0)
    points: dict[str, float] = dict.fromkeys(values, 0.0)
    first: Counter[str] = Counter()
    ranked: Counter[str] = Counter()
    others: list[str] = []
    respondents = 0
    for i, answers in enumerate(answers_list):
        value = answers.get(question.id)
        if not isinstance(value, Mapping) or not value.get("order"):
            continue
        respondents += 1
        weight = 1.0 if weights is None else float(weights[i])
        order = [str(v) for v in value["order"]]
        if OTHER in order and str(value.get("other") or "").strip():
            others.append(str(value["other"]).strip())
        seen: set[str] = set()
        for r, item in enumerate(order, start=1):
            if item not in points or item in seen:
                continue  # "other", "prefer not to say", or a repeat
            seen.add(item)
            points[item] += weight * max(0, m - r + 1)
            ranked[item] += 1
            if r == 1:
                first[item] += 1
    labels = {o.value: str(o.label) for o in question.options}
    position = {v: i for i, v in enumerate(values)}
    items = sorted(
        (RankedItem(v, labels[v], points[v], first[v], ranked[v]) for v in values),
        key=lambda x: (-x.points, -x.first, position[x.value]),
    )
    return RankingResult(question.id, tuple(items), respondents, tuple(others), weights is not None)


def ranking_as_list(result: RankingResult) -> list[dict[str, Any]]:
    """The ranked items as JSON-ready dicts, best first."""
    return [asdict(item) for item in result.items]


@dataclass(frozen=True)
class Breakdown:
    """A cross-tab: respondents per (row value, group).

    ``group_totals`` counts respondents per group, which is not the column sum
    when a response can hold several row values (themes, multiple choice).
    """

    rows: tuple
    groups: tuple
    cells: dict  # {row: {group: count}}
    group_totals: dict
    partition: bool  # True when every response has exactly one row value

    def as_rows(self) -> dict:
        return {r: dict(self.cells[r]) for r in self.rows}


def breakdown(
    values_by_response: Mapping[Hashable, Any],
    groups_by_response: Mapping[Hashable, Any],
    *,
    rows: Sequence | None = None,
    groups: Sequence | None = None,
) -> Breakdown:
    """Cross-tabulate one answer (or theme list) against a group (age band, ...).

    Each response counts once per row value it holds. A response without a
    group is counted under :data:`NOT_GIVEN`, never dropped, so the columns
    still add up to everyone. ``rows``/``groups`` fix the order (e.g. the
    questionnaire's options) and include values nobody chose.
    """
    tally: Counter[tuple] = Counter()
    group_totals: Counter = Counter()
    seen_rows: list = list(rows or [])
    seen_groups: list = list(groups or [])
    partition = True
    for rid, value in values_by_response.items():
        group = groups_by_response.get(rid)
        group = NOT_GIVEN if not _given(group) else group
        if group not in seen_groups:
            seen_groups.append(group)
        group_totals[group] += 1
        held = value if isinstance(value, list | tuple | set) else [value]
        held = list(dict.fromkeys(v for v in held if _given(v)))
        if len(held) != 1:
            partition = False
        for v in held:
            if v not in seen_rows:
                seen_rows.append(v)
            tally[(v, group)] += 1
    cells = {r: {g: tally[(r, g)] for g in seen_groups} for r in seen_rows}
    totals = {g: group_totals[g] for g in seen_groups}
    return Breakdown(tuple(seen_rows), tuple(seen_groups), cells, totals, partition)


@dataclass(frozen=True)
class Change:
    key: str
    earlier: float | None
    later: float | None
    change: float | None  # percentage points, later minus earlier
    direction: str  # rose | fell | same | new | gone | unknown


def compare_waves(
    earlier: Mapping[str, float | int | None], later: Mapping[str, float | int | None]
) -> list[Change]:
    """What rose and what fell between two waves, biggest movement first.

    Values are shares in percent (0-100), so the change is in percentage
    points ("distance travelled"). A key missing from one wave is "new" or
    "gone" and a withheld (None) share is "unknown": neither has a size, so
    they come after every measured change.
    """
    out = []
    for key in list(dict.fromkeys([*earlier, *later])):
        a, b = earlier.get(key), later.get(key)
        if key not in earlier:
            out.append(Change(key, None, b, None, "new"))
        elif key not in later:
            out.append(Change(key, a, None, None, "gone"))
        elif a is None or b is None:
            out.append(Change(key, a, b, None, "unknown"))
        else:
            diff = round(float(b) - float(a), 1)
            direction = "rose" if diff > 0 else "fell" if diff < 0 else "same"
            out.append(Change(key, float(a), float(b), diff, direction))
    return sorted(
        out, key=lambda c: (c.change is None, -abs(c.change) if c.change is not None else 0, c.key)
    )
