"""Aggregation into findings a commissioner can use, and emerging themes for analysts.

Counts are raw here: the workspace suppresses small numbers before anything is shown, so that
no child can be identified; doing it here too would hide the numbers the workspace needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis import nlp
from analysis.codebook import Codebook
from analysis.frameworks import Framework
from analysis.nogc import without_gc
from analysis.sentiment import mean_label
from analysis.stages import ResponseResult

REPRESENTATIVES = 5


@dataclass
class ThemeFinding:
    theme: str
    name: str
    respondents: int
    share: float  # of all responses in the run
    sentiment: float
    sentiment_label: str
    subthemes: list[dict[str, Any]]
    uncrc: list[dict[str, Any]]
    shanarri: list[str]
    ecm: list[str]
    outcomes: list[str]
    rationale: str
    representative_ids: list[str]
    by_audience: dict[str, int]
    by_stage: dict[str, int]


@dataclass
class EmergingGroup:
    label: str
    key_phrases: list[str]
    respondents: int
    ids: list[str]


@dataclass
class Findings:
    total: int
    themes: list[ThemeFinding]
    emerging: list[EmergingGroup]
    ungrouped_ids: list[str] = field(default_factory=list)
    flagged: int = 0


def _representatives(members: Sequence[ResponseResult], theme: str, mean: float) -> list[str]:
    """Answers that are clearly about the theme and typical in tone."""
    ranked = sorted(
        members,
        key=lambda r: (-r.confidence.get(theme, 0.0), abs((r.sentiment or 0.0) - mean), r.id),
    )
    return [r.id for r in ranked[:REPRESENTATIVES]]


def theme_findings(
    results: Sequence[ResponseResult], codebook: Codebook, frameworks: Mapping[str, Framework]
) -> list[ThemeFinding]:
    total = len(results)
    uncrc = frameworks.get("uncrc")
    out = []
    for theme in codebook.top_level():
        members = [r for r in results if theme.id in r.themes]
        if not members:
            continue
        scores = [r.sentiment for r in members if r.sentiment is not None]
        mood = mean_label(scores)
        subs = Counter(
            s for r in members for s in r.subthemes if codebook.themes[s].parent == theme.id
        )
        out.append(
            ThemeFinding(
                theme=theme.id,
                name=theme.name,
                respondents=len(members),
                share=round(len(members) / total, 4) if total else 0.0,
                sentiment=mood.score,
                sentiment_label=mood.label,
                subthemes=[
                    {"id": s, "name": codebook.themes[s].name, "respondents": n}
                    for s, n in subs.most_common()
                ],
                uncrc=[
                    {"article": a, "title": item.name if (item := uncrc.get(a)) else ""}
                    for a in theme.uncrc
                ]
                if uncrc
                else [{"article": a, "title": ""} for a in theme.uncrc],
                shanarri=list(theme.shanarri),
                ecm=list(theme.ecm),
                outcomes=list(theme.outcomes),
                rationale=theme.rationale,
                representative_ids=_representatives(members, theme.id, mood.score),
                by_audience=dict(Counter(r.audience or "unknown" for r in members)),
                by_stage=dict(Counter(r.stage or "unknown" for r in members)),
            )
        )
    out.sort(key=lambda f: (-f.respondents, f.theme))
    return out


def emerging_groups(
    results: Sequence[ResponseResult], min_group: int = 2, max_groups: int = 20
) -> tuple[list[EmergingGroup], list[str]]:
    """Group English answers that fit no theme by shared key phrases (noun phrases and their
    head nouns), most common first, so an analyst can see and name a candidate theme."""
    pool = [r for r in results if r.language == "en" and r.text and not r.themes]
    phrases: dict[str, set[str]] = {}
    for r in pool:
        found = set()
        for phrase in nlp.key_phrases(r.text):
            found.add(phrase)
            found.add(phrase.split()[-1])
        phrases[r.id] = found
    groups: list[EmergingGroup] = []
    left = {r.id for r in pool}
    while left and len(groups) < max_groups:
        df = Counter(p for rid in left for p in phrases[rid])
        if not df:
            break
        label, count = max(df.items(), key=lambda kv: (kv[1], len(kv[0].split()), kv[0]))
        if count < min_group:
            break
        ids = sorted(rid for rid in left if label in phrases[rid])
        inner = Counter(p for rid in ids for p in phrases[rid] if p != label)
        groups.append(
            EmergingGroup(label, [label, *[p for p, _ in inner.most_common(5)]], len(ids), ids)
        )
        left -= set(ids)
    return groups, sorted(left)


@without_gc
def build_findings(
    results: Sequence[ResponseResult],
    codebook: Codebook,
    frameworks: Mapping[str, Framework],
    emerging: bool = True,
) -> Findings:
    groups, ungrouped = emerging_groups(results) if emerging else ([], [])
    return Findings(
        total=len(results),
        themes=theme_findings(results, codebook, frameworks),
        emerging=groups,
        ungrouped_ids=ungrouped,
        flagged=sum(1 for r in results if r.safeguarding_flag),
    )
