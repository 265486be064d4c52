"""Turning a findings snapshot into what a page, report or export may show.

Every count passes through small-number suppression here, in one place, so
the screen, charts, exports and the printed report cannot disagree about
what is withheld.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from survey.db import db
from survey.models import Response
from survey.safeguarding.withholding import is_withheld
from survey.staff import auth
from survey.workspace import redact, suppression
from survey.workspace.models import AnalysisRecord, Quote, ThemeCorrection

PAGE_SIZE = 50


def _share(n: int | None, base: int | None) -> float | None:
    return None if n is None or not base else round(100 * n / base, 1)


def _filter(data: dict, args: Mapping[str, str], t: int) -> tuple[str, str, int | None, str]:
    """The chosen group filter, its base and whether it is refused (and why)."""
    chosen = args.get("group", "")
    if ":" not in chosen:
        return "", "", data["respondents"], ""
    qid, value = chosen.split(":", 1)
    totals = data.get("group_totals", {}).get(qid, {})
    if qid not in data.get("groups", {}) or value not in totals:
        return "", "", data["respondents"], "unknown"
    base = totals[value]
    if not suppression.safe_filter(data["respondents"], base, t):
        return qid, value, None, "small"
    return qid, value, base, ""


def findings_view(data: dict, args: Mapping[str, str], configured: int | None) -> dict[str, Any]:
    t = suppression.threshold(configured)
    gq, gv, base, refused = _filter(data, args, t)
    total_ok = data["respondents"] >= t
    themes = []
    raw = {}
    for theme in data["themes"]:
        n = theme["respondents"] if not gq else theme["by_group"].get(gq, {}).get(gv, 0)
        raw[theme["id"]] = n
    shown = suppression.suppress_counts(raw, None, t) if base and total_ok else dict.fromkeys(raw)
    for theme in data["themes"]:
        n = shown[theme["id"]]
        subs = suppression.suppress_counts(
            {s["id"]: s["respondents"] for s in theme["subthemes"]}, None, t
        )
        themes.append(
            {
                **theme,
                "n": n,
                "share": _share(n, base),
                "sentiment_shown": theme["sentiment"] if n is not None else None,
                "subthemes": [{**s, "n": subs[s["id"]]} for s in theme["subthemes"]],
            }
        )
    ordered = [x for x in themes if x["n"] is not None]
    return {
        "threshold": t,
        "respondents": data["respondents"] if total_ok else None,
        "base": base,
        "filter": (gq, gv),
        "refused": refused,
        "groups": data.get("groups", {}),
        "group_totals": data.get("group_totals", {}),
        "themes": themes,
        "doing_well": sorted(
            (x for x in ordered if (x["sentiment"] or 0) > 0.1), key=lambda x: -x["sentiment"]
        )[:3],
        "do_better": sorted(
            (x for x in ordered if (x["sentiment"] or 0) < -0.1), key=lambda x: x["sentiment"]
        )[:3],
        "breakdown": _breakdown(data, t) if not gq else None,
        "closed": [_closed(c, t) for c in data.get("closed", [])] if total_ok else [],
        "rankings": [_ranking(r, t) for r in data.get("rankings", [])] if total_ok else [],
        "waves": _waves(data, t),
        "emerging": [
            {**e, "n": suppression.suppress_counts({0: e["respondents"]}, None, t)[0]}
            for e in (data.get("emerging", []) if data.get("emerging_checked") else [])
        ],
        "withheld": data.get("withheld", 0),
        "generated": data.get("generated"),
        "reduced": data.get("reduced", []),
    }


def _breakdown(data: dict, t: int) -> list[dict[str, Any]]:
    """Theme by group (age band, equality questions), suppressed on both axes."""
    tables = []
    for gq, meta in data.get("groups", {}).items():
        values = list(data.get("group_totals", {}).get(gq, {}))
        rows = {
            theme["id"]: {v: theme["by_group"].get(gq, {}).get(v, 0) for v in values}
            for theme in data["themes"]
        }
        if not rows or not values:
            continue
        shown = suppression.suppress_table(rows, t)
        tables.append(
            {
                "question": gq,
                "text": meta["text"],
                "columns": [(v, meta["labels"].get(v, v.replace("_", " "))) for v in values],
                "rows": [(theme, shown[theme["id"]]) for theme in data["themes"]],
            }
        )
    return tables


def _closed(question: dict, t: int) -> dict[str, Any]:
    counts = suppression.suppress_counts(question["counts"], question["answered"], t)
    return {
        **question,
        "shown": counts,
        "shares": {k: _share(v, question["answered"]) for k, v in counts.items()},
    }


def _ranked_items(items: list[dict[str, Any]], t: int) -> list[dict[str, Any]]:
    """Points of an item ranked by fewer than ``t`` people could reveal their rankings."""
    firsts = suppression.suppress_counts({i["value"]: i["first"] for i in items}, None, t)
    return [
        {**i, "points": i["points"] if i["ranked"] >= t else None, "first": firsts[i["value"]]}
        for i in items
    ]


def _ranking(ranking: dict, t: int) -> dict[str, Any]:
    items = _ranked_items(ranking["items"], t)
    groups = (ranking.get("separately") or {}).get("groups", [])
    return {
        **ranking,
        "items": items,
        "firsts": {i["value"]: i["first"] for i in items},
        "weighted": _ranked_items(ranking.get("weighted") or [], t),
        "separately": [{**g, "items": _ranked_items(g["items"], t)} for g in groups],
    }


def _waves(data: dict, t: int) -> list[dict[str, Any]]:
    waves = data.get("waves", {})
    if len(waves) < 2:
        return []
    first, last = sorted(waves, key=int)[0], sorted(waves, key=int)[-1]
    out = []
    for theme in data["themes"]:
        a, b = theme["by_wave"].get(first, 0), theme["by_wave"].get(last, 0)
        if a < t or b < t or waves[first] < t or waves[last] < t:
            continue
        out.append(
            {
                "theme": theme["name"],
                "before": _share(a, waves[first]),
                "after": _share(b, waves[last]),
            }
        )
    for row in out:
        row["change"] = round(row["after"] - row["before"], 1)
    return sorted(out, key=lambda r: -abs(r["change"]))


def framework_view(data: dict, framework: str, item: str, configured: int | None):
    """What respondents said that bears on one article or outcome."""
    t = suppression.threshold(configured)
    matches = [
        theme
        for theme in data["themes"]
        if any(str(x["id"]) == item for x in theme["frameworks"].get(framework, []))
    ]
    names = [
        x["name"]
        for theme in data["themes"]
        for x in theme["frameworks"].get(framework, [])
        if str(x["id"]) == item
    ]
    if not names:
        return None
    shown = suppression.suppress_counts({m["id"]: m["respondents"] for m in matches}, None, t)
    return {
        "framework": framework,
        "item": item,
        "name": names[0],
        "themes": [{**m, "n": shown[m["id"]]} for m in matches],
    }


def approved_quotes(qid: str) -> dict[str, list[Quote]]:
    """Approved quotes by theme; never one of a withheld answer, even before it is withdrawn."""
    quotes: dict[str, list[Quote]] = {}
    for quote in db.session.execute(
        db.select(Quote).where(
            Quote.questionnaire_id == qid,
            Quote.status == "approved",
            ~is_withheld(Quote.response_id, Quote.question_id),
        )
    ).scalars():
        quotes.setdefault(quote.theme, []).append(quote)
    return quotes


def propose_quotes(qid: str, configured: int | None, per_theme: int = 3) -> int:
    """Propose representative, redacted quotes for themes with enough respondents."""
    t = suppression.threshold(configured)
    records = db.session.execute(
        db.select(AnalysisRecord, Response.answers)
        .join(Response, Response.id == AnalysisRecord.response_id)
        .where(
            AnalysisRecord.questionnaire_id == qid,
            ~is_withheld(AnalysisRecord.response_id, AnalysisRecord.question_id),
        )
    ).all()
    by_theme: dict[str, list[tuple[AnalysisRecord, str]]] = {}
    for record, answers in records:
        value = answers.get(record.question_id)
        text = value.get("other", "") if isinstance(value, dict) else value
        if isinstance(text, str) and text.strip():
            for theme in record.themes[:1]:
                by_theme.setdefault(theme, []).append((record, text))
    existing = {
        (q.response_id, q.question_id)
        for q in db.session.execute(db.select(Quote).where(Quote.questionnaire_id == qid)).scalars()
    }
    made = 0
    for theme, items in by_theme.items():
        if len({r.response_id for r, _ in items}) < t:
            continue  # never quote from a group smaller than the threshold
        scores = [r.sentiment for r, _ in items if r.sentiment is not None]
        mean = sum(scores) / len(scores) if scores else 0.0
        candidates = [(str(r.id), text, r.sentiment or 0.0) for r, text in items]
        lookup = {str(r.id): r for r, _ in items}
        for choice in redact.representative_quotes(candidates, mean, per_theme):
            record = lookup[choice.id]
            if (record.response_id, record.question_id) in existing:
                continue
            db.session.add(
                Quote(
                    response_id=record.response_id,
                    questionnaire_id=qid,
                    question_id=record.question_id,
                    theme=theme,
                    text=choice.text,
                )
            )
            existing.add((record.response_id, record.question_id))
            made += 1
    db.session.commit()
    return made


def coding_rows(q, page: int) -> tuple[list[dict[str, Any]], bool]:
    held = is_withheld(AnalysisRecord.response_id, AnalysisRecord.question_id)
    rows = db.session.execute(
        db.select(AnalysisRecord, Response.answers, held)
        .join(Response, Response.id == AnalysisRecord.response_id)
        .where(AnalysisRecord.questionnaire_id == q.id)
        .order_by(AnalysisRecord.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    out = []
    for record, answers, withheld in rows[:PAGE_SIZE]:
        value = answers.get(record.question_id)
        text = value.get("other", "") if isinstance(value, dict) else value
        question = q.question(record.question_id)
        out.append(
            {
                "record": record,
                "question": str(question.text) if question else "",
                "text": None if withheld else text,
            }
        )
    return out, len(rows) > PAGE_SIZE


def correct(record: AnalysisRecord, themes: list[str]) -> None:
    valid = {t for t, _ in theme_choices()}
    chosen = [t for t in themes if t in valid]
    db.session.add(
        ThemeCorrection(
            response_id=record.response_id,
            question_id=record.question_id,
            themes=chosen,
            user_id=auth.current_user().id,
        )
    )
    record.themes = chosen
    record.corrected = True


def theme_choices() -> list[tuple[str, str]]:
    from analysis import load_codebook

    return [(t.id, t.name) for t in load_codebook("standard").top_level()]
