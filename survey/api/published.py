"""Published findings as the API serves them: the viewers' page, as data.

Every figure comes from ``presenting.findings_view`` on the published snapshot, the very
view a viewer's page, report and export are drawn from, so the API cannot show a count the
page withholds. Only named fields are copied out: the snapshot's raw counts (per group,
per wave, per audience, how many leaned each way) never leave this module. A withheld
figure is ``null``. Nothing children wrote is served: no quotes, no answers, and no key
phrases of emerging themes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import current_app

from questionnaires import Questionnaire
from survey import catalogue
from survey.workspace import exporting, presenting
from survey.workspace.models import FindingsSnapshot
from survey.workspace.run import published_snapshot


def published() -> Iterator[tuple[Questionnaire, FindingsSnapshot]]:
    """Every questionnaire with published findings, and those findings."""
    for q in catalogue.all_questionnaires().values():
        snap = published_snapshot(q.id)
        if snap is not None:
            yield q, snap


def view_of(snap: FindingsSnapshot) -> dict[str, Any]:
    """The unfiltered findings view, with the threshold in force: what a viewer's page shows."""
    return presenting.findings_view(snap.data, {}, current_app.config.get("SUPPRESSION_THRESHOLD"))


def summary(q: Questionnaire, snap: FindingsSnapshot, view: dict[str, Any]) -> dict[str, Any]:
    return {
        "questionnaire": q.id,
        "title": str(q.title),
        "audience": q.audience,
        "published_snapshot": snap.id,
        "generated": view["generated"],
        "respondents": view["respondents"],
        "threshold": view["threshold"],
    }


def as_json(q: Questionnaire, snap: FindingsSnapshot) -> dict[str, Any]:
    view = view_of(snap)
    return {
        **summary(q, snap, view),
        "withheld_for_safeguarding": view["withheld"],
        "themes": [_theme(t) for t in view["themes"]],
        "breakdowns": [_breakdown(b) for b in view["breakdown"] or []],
        "closed_questions": [_closed(c) for c in view["closed"]],
        "priorities": [_ranking(r) for r in view["rankings"]],
        "change_between_waves": [
            {k: w[k] for k in ("theme", "before", "after", "change")} for w in view["waves"]
        ],
        "emerging_themes": [{"label": e["label"], "respondents": e["n"]} for e in view["emerging"]],
    }


def themes_csv(snap: FindingsSnapshot) -> tuple[list[str], list[dict[str, Any]]]:
    """The themes table exactly as the findings export writes it."""
    return exporting.findings_rows(view_of(snap))


def _theme(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": t["id"],
        "name": t["name"],
        "description": t.get("description", ""),
        "respondents": t["n"],
        "share_percent": t["share"],
        "sentiment": t["sentiment_shown"],
        "subthemes": [
            {"id": s["id"], "name": s["name"], "respondents": s["n"]} for s in t["subthemes"]
        ],
        "frameworks": _frameworks(t),
    }


def _frameworks(entry: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A theme's or closed question's framework items, by framework id (those it maps to)."""
    return {
        fw["id"]: [{"id": item["id"], "name": item["name"]} for item in fw["items"]]
        for fw in entry["frameworks"]
        if fw["items"]
    }


def _cell(cell: tuple[int | None, float | None] | None) -> tuple[int | None, float | None]:
    return cell if cell is not None else (None, None)


def _breakdown(table: dict[str, Any]) -> dict[str, Any]:
    return {
        "question": table["question"],
        "text": table["text"],
        "groups": [
            {"value": v, "label": label, "respondents": size} for v, label, size in table["columns"]
        ],
        "themes": [
            {
                "theme": theme["id"],
                "name": theme["name"],
                # Each group's count and its share of the group, as the page shows them (None
                # where withheld).
                "respondents": {v: _cell(cells.get(v))[0] for v, _l, _s in table["columns"]},
                "share_percent": {v: _cell(cells.get(v))[1] for v, _l, _s in table["columns"]},
            }
            for theme, cells in table["rows"]
        ],
    }


def _closed(c: dict[str, Any]) -> dict[str, Any]:
    labels = c.get("labels", {})
    return {
        "id": c["id"],
        "text": c["text"],
        "type": c["type"],
        "answers": [
            {
                "value": k,
                "label": labels.get(k, k),
                "respondents": c["shown"][k],
                "share_percent": c["shares"][k],
            }
            for k in c["shown"]
        ],
        "themes": c.get("themes", []),
        "frameworks": _frameworks(c),
    }


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "value": i["value"],
            "label": i["label"],
            "points": i["points"],
            "first_places": i["first"],
        }
        for i in items
    ]


def _ranking(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "text": r["text"],
        "items": _items(r["items"]),
        "weighted": _items(r["weighted"]),
        "separately": [
            {"value": g["value"], "label": g["label"], "items": _items(g["items"])}
            for g in r["separately"]
        ],
    }
