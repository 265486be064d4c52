"""Turning a findings snapshot into what a page, report or export may show.

Every count passes through small-number suppression here, in one place, so
the screen, charts, exports and the printed report cannot disagree about
what is withheld.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.reporting import redact, suppression
from analysis.reporting.stats import NOT_ANSWERED
from survey.db import db
from survey.models import Response
from survey.safeguarding.screening import answer_text
from survey.safeguarding.withholding import is_withheld
from survey.staff import auth
from survey.workspace import breakdowns, disclosure, mapped, periods
from survey.workspace.models import AnalysisRecord, Quote, ThemeCorrection

PAGE_SIZE = 50


def _share(n: int | None, base: int | None) -> float | None:
    return None if n is None or not base else round(100 * n / base, 1)


def _filter(rel: disclosure.Release, data: dict, args: Mapping[str, str]) -> tuple[str, str, str]:
    """The chosen group filter and, if it cannot be shown, why ("unknown" or "small")."""
    chosen = args.get("group", "")
    if ":" not in chosen:
        return "", "", ""
    qid, value = chosen.split(":", 1)
    if value not in data.get("group_totals", {}).get(qid, {}) or not breakdowns.can_filter(
        data, rel, qid
    ):
        return "", "", "unknown"
    if rel.base(qid, value) is None:
        return qid, value, "small"
    return qid, value, ""


def _headlines(themes: list[dict[str, Any]], side: str, t: int) -> list[dict[str, Any]]:
    """ "Mostly positive about X" only where it is true and safe to say: more than half of the
    theme's scored answers lean that way, and both the theme and that count reach the
    suppression threshold. Each headline carries its share, so the page can state it."""
    out = []
    for theme in themes:
        leaning, scored = theme.get(side), theme.get("scored")
        if not scored or leaning is None or theme["n"] is None or theme["n"] < t:
            continue
        if leaning >= t and leaning * 2 > scored:
            out.append({**theme, "lean_share": f"{100 * leaning / scored:.0f}%", "scored": scored})
    return sorted(out, key=lambda x: -x[side] / x["scored"])[:3]


def findings_view(data: dict, args: Mapping[str, str], configured: int | None) -> dict[str, Any]:
    """What a findings page, report or export shows, for everyone or for one group.

    Every count about respondents comes from ``disclosure.release``, so views cannot be
    subtracted from one another to find a withheld count. A view filtered to one group
    shows how many in it raised each theme, with the group's own size as the base; the
    rest (feelings, sub-themes, breakdowns, closed questions, priorities, waves, emerging
    themes) is about everyone and is shown only in the unfiltered view.
    """
    t = suppression.threshold(configured)
    rel = disclosure.release(data, t)
    gq, gv, refused = _filter(rel, data, args)
    filtered = bool(gq)
    base = rel.base(gq, gv) if filtered else rel.respondents
    cols = mapped.columns(data)
    themes = []
    for theme in data["themes"]:
        if not filtered:
            n = rel.themes[theme["id"]]
        elif refused:
            n = None
        else:
            n = rel.cells[gq][theme["id"]].get(gv, 0)
        subs = suppression.suppress_counts(
            {s["id"]: s["respondents"] for s in theme["subthemes"]}, None, t
        )
        themes.append(
            {
                **theme,
                "n": n,
                "share": _share(n, base),
                "sentiment_shown": theme["sentiment"] if n is not None and not filtered else None,
                "frameworks": mapped.attach(theme, cols),
                "subthemes": []
                if filtered
                else [
                    {**s, "n": subs[s["id"]] if rel.respondents else None}
                    for s in theme["subthemes"]
                ],
            }
        )
    ordered = [x for x in themes if x["sentiment_shown"] is not None]
    everyone = not filtered and rel.respondents is not None
    return {
        "threshold": t,
        "respondents": rel.respondents,
        "base": base,
        "filter": (gq, gv),
        "filtered": filtered,
        "refused": refused,
        "groups": data.get("groups", {}),
        "group_options": {
            q: [v for v in sizes if rel.base(q, v) is not None] for q, sizes in rel.groups.items()
        },
        "filters": breakdowns.filters(data, rel),
        "themes": themes,
        "doing_well": _headlines(ordered, "positive", t),
        "do_better": _headlines(ordered, "negative", t),
        "breakdown": breakdowns.tables(data, rel) if everyone else None,
        # Every framework any finding maps to, in the order of the council's folder; each
        # theme and closed question carries the same list with its own items.
        "frameworks": [{k: fw[k] for k in ("id", "name", "kind")} for fw in cols],
        # Configured, but nothing in these findings maps to them (ages and stages, say).
        "frameworks_unmapped": [
            fw["name"] for fw in mapped.listed(data) if fw["id"] not in {c["id"] for c in cols}
        ],
        "closed": [
            {
                **_closed(c, t, rel),
                "themes": c.get("themes", []),
                "frameworks": mapped.attach(c, cols),
            }
            for c in data.get("closed", [])
        ]
        if everyone
        else [],
        "rankings": [_ranking(r, t) for r in data.get("rankings", [])] if everyone else [],
        "weighting": data.get("weighting"),
        "waves": _waves(data, t) if everyone else [],
        "change": periods.change_view(data, t) if everyone else None,
        "emerging": [
            {**e, "n": suppression.suppress_counts({0: e["respondents"]}, None, t)[0]}
            for e in (data.get("emerging", []) if data.get("emerging_checked") else [])
        ]
        if everyone
        else [],
        "withheld": data.get("withheld", 0),
        "generated": data.get("generated"),
        "reduced": data.get("reduced", []),
    }


def _closed(question: dict, t: int, rel: disclosure.Release) -> dict[str, Any]:
    """A closed question's counts; a breakdown question's are its groups' released sizes.

    Shares are of those who answered. That base is only given when the number who did not
    answer is shown too (the two add up to everyone), so a breakdown question whose "not
    answered" group is withheld shows counts without shares.
    """
    order = question.get("order") or list(question["counts"])  # JSONB keeps no key order
    if question["id"] in rel.groups:
        sizes = rel.groups[question["id"]]
        counts = {k: sizes.get(k, 0) for k in order}
        base = question["answered"] if sizes.get(NOT_ANSWERED, 0) is not None else None
    else:  # a matrix's row (never a group), or a snapshot from before every closed
        # question was a group: its own line, the answers adding up to those who answered
        raw = {k: question["counts"][k] for k in order}
        counts = suppression.suppress_counts(raw, question["answered"], t)
        base = question["answered"]
    return {**question, "shown": counts, "shares": {k: _share(v, base) for k, v in counts.items()}}


def _ranked_items(items: list[dict[str, Any]], t: int) -> list[dict[str, Any]]:
    """Points of an item ranked by fewer than ``t`` people could reveal their rankings."""
    firsts = suppression.suppress_counts({i["value"]: i["first"] for i in items}, None, t)
    return [
        {**i, "points": i["points"] if i["ranked"] >= t else None, "first": firsts[i["value"]]}
        for i in items
    ]


def _separately(items: list[dict[str, Any]], groups: list[dict], t: int) -> list[dict]:
    """The groups shown separately (forums, individuals) add up to the overall figures.

    An item's first places in each group add up to its first places overall, and its
    points likewise, so each item is a line across the groups: first places are suppressed
    as a line, and an item whose points are withheld in one group has them withheld in all.
    """
    overall = {i["value"]: i for i in items}
    firsts = {
        value: suppression.suppress_counts(
            {
                g["value"]: next((i["first"] for i in g["items"] if i["value"] == value), 0)
                for g in groups
            },
            item["first"],
            t,
        )
        for value, item in overall.items()
    }
    hidden_points = {i["value"] for g in groups for i in g["items"] if i["ranked"] < t}
    return [
        {
            **g,
            "items": [
                {
                    **i,
                    "points": None if i["value"] in hidden_points else i["points"],
                    "first": firsts.get(i["value"], {}).get(g["value"]),
                }
                for i in g["items"]
            ],
        }
        for g in groups
    ]


def _ranking(ranking: dict, t: int) -> dict[str, Any]:
    items = _ranked_items(ranking["items"], t)
    groups = (ranking.get("separately") or {}).get("groups", [])
    return {
        **ranking,
        "items": items,
        "positions": {i["value"]: n for n, i in enumerate(items, start=1)},
        "firsts": {i["value"]: i["first"] for i in items},
        "weighted": _ranked_items(ranking.get("weighted") or [], t),
        "separately": _separately(ranking["items"], groups, t),
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
    cols = [c for c in mapped.columns(data) if c["id"] == framework]
    if not cols or item not in cols[0]["names"]:
        return None
    matches = [
        theme
        for theme in data["themes"]
        if any(str(x["id"]) == item for x in mapped.attach(theme, cols)[0]["items"])
    ]
    if not matches:
        return None
    shown = disclosure.release(data, t).themes
    return {
        "framework": framework,
        "framework_name": cols[0]["name"],
        "kind": cols[0]["kind"],
        "item": item,
        "name": cols[0]["names"][item],
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
        text = answer_text(answers.get(record.question_id))
        if text.strip():
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
    return [(t.id, t.name) for t in mapped.configured()[1].top_level()]
