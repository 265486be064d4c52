"""Fieldwork periods: counting each period's answers, and the change between two of them.

A questionnaire's YAML ``version:`` changes when its file is edited, not when a new year's
fieldwork starts, so comparing versions could not compare an unchanged annual survey year on
year, and an edited question's answers were pooled with the old wording's. Staff set
fieldwork periods instead (``FieldworkPeriod``); a response belongs to the period its
submission day falls in. The analysis counts each period's respondents, themes and closed
answers (:class:`PeriodTally`), with a fingerprint of the words each question was asked in,
and :func:`change_view` compares the latest two periods for the page and the export: every
change tested (``significance``), small numbers withheld, changed wording flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from analysis.reporting.significance import two_proportions
from questionnaires.model import EMPTY

PERIOD_KEYS = ("id", "name", "starts_on", "ends_on")


def wording(definition: Mapping[str, Any]) -> dict[str, str]:
    """Each question's words (its text and any options' labels) as one comparable string."""
    out: dict[str, str] = {}
    for page in definition.get("pages", []):
        for question in page.get("questions", []):
            words = {
                "text": question.get("text"),
                # An option may be written as a bare label ("options: [Walk, Cycle]").
                "options": [
                    o.get("label") if isinstance(o, Mapping) else o
                    for o in question.get("options") or []
                ],
            }
            out[str(question.get("id"))] = json.dumps(words, sort_keys=True, ensure_ascii=False)
    return out


class PeriodTally:
    """Each period's respondents, theme respondents and closed answers, one response at a time."""

    def __init__(self, periods: Iterable[Any], closed: Iterable[str]) -> None:
        self.periods = sorted(
            ({k: getattr(p, k) for k in PERIOD_KEYS} for p in periods),
            key=lambda p: (p["starts_on"], p["id"]),
        )
        self.closed = list(closed)
        self.respondents: Counter[int] = Counter()
        self.themes: dict[int, Counter[str]] = {p["id"]: Counter() for p in self.periods}
        self.answered: dict[int, Counter[str]] = {p["id"]: Counter() for p in self.periods}
        self.chosen: dict[int, dict[str, Counter[str]]] = {
            p["id"]: {c: Counter() for c in self.closed} for p in self.periods
        }
        self.versions: dict[int, set[int]] = {p["id"]: set() for p in self.periods}

    def period_of(self, day: dt.date) -> int | None:
        """The period a submission day falls in (periods may not overlap; first wins)."""
        for p in self.periods:
            if p["starts_on"] <= day <= p["ends_on"]:
                return p["id"]
        return None

    def add(
        self, day: dt.date, version_id: int, answers: Mapping[str, Any], themes: Iterable[str]
    ) -> None:
        pid = self.period_of(day)
        if pid is None:
            return
        self.respondents[pid] += 1
        self.versions[pid].add(version_id)
        self.themes[pid].update(set(themes))
        for qid in self.closed:
            value = answers.get(qid)
            if value in EMPTY:
                continue
            self.answered[pid][qid] += 1
            chosen = value if isinstance(value, list) else [value]
            self.chosen[pid][qid].update({str(v) for v in chosen})

    def snapshot(self, words: Mapping[int, Mapping[str, str]]) -> list[dict[str, Any]]:
        """JSON-able counts per period; ``words`` is each version id's :func:`wording`."""
        out = []
        for p in self.periods:
            pid = p["id"]
            asked: dict[str, list[str]] = {}
            for version_id in sorted(self.versions[pid]):
                for qid, text in words.get(version_id, {}).items():
                    if text not in asked.setdefault(qid, []):
                        asked[qid].append(text)
            out.append(
                {
                    "id": pid,
                    "name": p["name"],
                    "starts_on": p["starts_on"].isoformat(),
                    "ends_on": p["ends_on"].isoformat(),
                    "respondents": self.respondents[pid],
                    "themes": dict(self.themes[pid]),
                    "closed": {
                        qid: {"answered": self.answered[pid][qid], "counts": dict(counts)}
                        for qid, counts in self.chosen[pid].items()
                    },
                    "wording": asked,
                }
            )
        return out


def _row(
    label: str, x1: int, n1: int, x2: int, n2: int, overall: int | None, t: int
) -> dict[str, Any]:
    """One share compared, or withheld: when either side (count or base) is under ``t``,
    or when the count outside the two periods (``overall`` minus both) would be small and
    could be worked out by subtraction."""
    rest = None if overall is None else overall - x1 - x2
    if min(x1, x2, n1, n2) < t or (rest is not None and 0 < rest < t):
        return {"label": label, "withheld": True}
    return {"label": label, "withheld": False, **two_proportions(x1, n1, x2, n2).__dict__}


def _changed(a: Mapping[str, list[str]], b: Mapping[str, list[str]], qid: str) -> bool:
    """Whether a question was asked in different words across (or within) the two periods."""
    texts = set(a.get(qid, [])) | set(b.get(qid, []))
    return len(texts) > 1


def change_view(data: Mapping[str, Any], t: int) -> dict[str, Any] | None:
    """The change between the latest two fieldwork periods that have respondents, or None.

    Themes are shares of each period's respondents; a closed question's options are shares
    of those in each period who answered it. Nothing is pooled across different wording:
    a question whose words differ is flagged beside its table.
    """
    periods = [p for p in data.get("periods", []) if p["respondents"]]
    if len(periods) < 2:
        return None
    a, b = (
        {
            **p,
            "starts": dt.date.fromisoformat(p["starts_on"]),
            "ends": dt.date.fromisoformat(p["ends_on"]),
        }
        for p in periods[-2:]
    )
    n1, n2 = a["respondents"], b["respondents"]
    total = data.get("respondents", 0)
    if min(n1, n2) < t or 0 < total - n1 - n2 < t:
        return {"before": a, "after": b, "withheld": True, "themes": [], "closed": []}
    themes = [
        _row(
            th["name"],
            a["themes"].get(th["id"], 0),
            n1,
            b["themes"].get(th["id"], 0),
            n2,
            th["respondents"],
            t,
        )
        for th in data.get("themes", [])
    ]
    closed_ids = {c.get("matrix") or c["id"] for c in data.get("closed", [])}
    open_changed = [
        qid
        for qid in {*a["wording"], *b["wording"]} - closed_ids
        if _changed(a["wording"], b["wording"], qid)
    ]
    closed = []
    for question in data.get("closed", []):
        if question.get("matrix"):
            continue  # a matrix's rows are not counted per period (yet)
        qid = question["id"]
        ca, cb = a["closed"].get(qid, {}), b["closed"].get(qid, {})
        m1, m2 = ca.get("answered", 0), cb.get("answered", 0)
        order = question.get("order") or list(question["counts"])
        rows = [
            _row(
                question.get("labels", {}).get(v, v),
                ca.get("counts", {}).get(v, 0),
                m1,
                cb.get("counts", {}).get(v, 0),
                m2,
                question["counts"].get(v),
                t,
            )
            for v in order
        ]
        closed.append(
            {
                "id": qid,
                "text": question["text"],
                "wording_changed": _changed(a["wording"], b["wording"], qid),
                "answered": (m1, m2),
                "rows": rows,
            }
        )
    return {
        "before": a,
        "after": b,
        "withheld": False,
        "themes": themes,
        "open_wording_changed": bool(open_changed),
        "closed": closed,
    }
