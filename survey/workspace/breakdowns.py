"""Breakdown tables and the filter list, in the questionnaire's order and words.

Every figure here is read from the disclosure release (``disclosure.py``), never from the raw
snapshot: this module only orders, labels and divides what the release shows.

* A question's groups come in the order the questionnaire asks them (its options, then
  "prefer not to say"; answers to retired options, "more than one answer" and "not answered"
  last), because a snapshot stored in PostgreSQL's JSONB keeps no key order.
* A multiple-choice question is one column per option (each option ticked is a group), headed
  with the option's label.
* Each cell has its share of its group beside the count, when both the count and the group's
  size are shown (a share of a withheld size would give the size away).
* Any closed question can be chosen as a filter; a question asking for the district comes
  first. Breakdown tables are for breakdown questions (age band, equality, district).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _

from analysis.reporting.stats import NOT_ANSWERED, SEVERAL
from questionnaires.types import PREFER_NOT_TO_SAY
from survey.workspace import disclosure

TAIL = (PREFER_NOT_TO_SAY, SEVERAL, NOT_ANSWERED)


def group_label(meta: Mapping[str, Any], value: str) -> str:
    """A group's name as a reader sees it: the option's label, or what the group means."""
    labels = meta.get("labels", {})
    if value in labels:
        return str(labels[value])
    if value == PREFER_NOT_TO_SAY:
        return _("Prefer not to say")
    if value == NOT_ANSWERED:
        return _("Not answered")
    if value == SEVERAL:
        return _("More than one answer")
    return value.replace("_", " ")  # an option since removed from the questionnaire


def ordered(meta: Mapping[str, Any], values: Iterable[str]) -> list[str]:
    """``values`` in the questionnaire's order (older snapshots: the labels' order)."""
    present = list(dict.fromkeys(values))
    order = list(meta.get("order") or meta.get("labels", {}))
    known = [v for v in order if v in present]
    rest = sorted(v for v in present if v not in order and v not in TAIL)
    return known + rest + [v for v in TAIL if v in present and v not in known]


def question_order(data: Mapping[str, Any]) -> list[str]:
    """Group questions in the questionnaire's order: the closed questions are a list."""
    groups = data.get("groups", {})
    listed = [c["id"] for c in data.get("closed", []) if c["id"] in groups]
    return listed + sorted(set(groups) - set(listed))


def _share(n: int | None, base: int | None) -> float | None:
    return None if n is None or not base else round(100 * n / base, 1)


def tables(data: Mapping[str, Any], rel: disclosure.Release) -> list[dict[str, Any]]:
    """Theme by group for each breakdown question, counts and shares as released."""
    out = []
    for gq in question_order(data):
        meta = data["groups"][gq]
        if gq not in rel.cells or not meta.get("breakdown", True):
            continue  # older snapshots' groups were all breakdown questions
        values = ordered(meta, data.get("group_totals", {}).get(gq, {}))
        if not data["themes"] or not values:
            continue
        sizes = rel.groups[gq]
        out.append(
            {
                "question": gq,
                "text": meta["text"],
                "columns": [(v, group_label(meta, v), sizes.get(v)) for v in values],
                "rows": [
                    (
                        theme,
                        {
                            v: (n, _share(n, sizes.get(v)))
                            for v, n in rel.cells[gq][theme["id"]].items()
                        },
                    )
                    for theme in data["themes"]
                ],
            }
        )
    return out


def can_filter(data: Mapping[str, Any], rel: disclosure.Release, gq: str) -> bool:
    """A group question views may be filtered by: released, and not one whose groups are
    made of answers rather than respondents (``Who answered``: a response with a child's
    answers is in both groups, so a filter to children would show the parent's themes too)."""
    meta = data.get("groups", {}).get(gq, {})
    return gq in rel.groups and bool(meta.get("filter", True))


def filters(data: Mapping[str, Any], rel: disclosure.Release) -> list[dict[str, Any]]:
    """The groups a view may be filtered to, question by question (district first): only
    those whose size the release shows."""
    out = []
    for gq in question_order(data):
        meta = data["groups"][gq]
        if not can_filter(data, rel, gq):
            continue
        values = [v for v in ordered(meta, rel.groups[gq]) if rel.base(gq, v) is not None]
        if values:
            out.append(
                {
                    "question": gq,
                    "text": meta["text"],
                    "district": bool(meta.get("district")),
                    "options": [(v, group_label(meta, v)) for v in values],
                }
            )
    return sorted(out, key=lambda f: not f["district"])  # stable: otherwise as asked
