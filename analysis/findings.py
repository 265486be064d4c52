"""Theme findings: the one place respondents, sentiment and groups of each theme are counted.

The workspace's snapshot (survey/workspace/findings.py), its report, exports and API, and the
command line's ``--findings`` all count here, so a figure a commissioner reads in the workspace
is the figure an analyst gets from the command line on the same answers. Counts are of
**respondents** (a child who raises bullying in two answers counts once) and raw: the
workspace suppresses small numbers when it shows them, so that no child can be identified;
doing it here would hide the numbers it needs. Answers flagged by the safeguarding screen are
never counted: they are withheld, as they are in the workspace.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from analysis import nlp
from analysis.codebook import Codebook
from analysis.nogc import without_gc
from analysis.sentiment import mean_label, mean_score
from analysis.stages import ResponseResult

REPRESENTATIVES = 5
HEADLINE_LEAN = 0.1  # an answer this far from neutral counts as positive or negative


@dataclass(frozen=True)
class ThemedAnswer:
    """What the counts need of one analysed answer that is not withheld."""

    order: int  # answers are summed in this order, and ties between themes keep it
    themes: Sequence[str]
    subthemes: Sequence[str]
    sentiment: float | None
    audience: str  # who gave it: a child's section of a parent's form counts as a child's


class _Theme:
    """One theme's respondents, groups, waves, audiences and sentiments, counted as we go."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.respondents = 0
        self.by_group: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_wave: Counter[str] = Counter()
        self.by_audience: Counter[str] = Counter()
        # Kept compactly with their answers' order, so the mean is summed in that order
        # whatever order the answers arrive in (a million answers stream past the workspace).
        self.orders = array("q")
        self.sentiments = array("d")

    def ordered_sentiments(self) -> Sequence[float]:
        if any(a > b for a, b in zip(self.orders, self.orders[1:], strict=False)):
            order = sorted(range(len(self.sentiments)), key=self.orders.__getitem__)
            return array("d", (self.sentiments[i] for i in order))
        return self.sentiments


class ThemeCounts:
    """Theme findings counted one respondent at a time, so memory stays flat."""

    def __init__(self) -> None:
        self._themes: dict[str, _Theme] = {}
        self._subthemes: Counter[str] = Counter()

    def add(
        self,
        answers: Iterable[ThemedAnswer],
        groups: Mapping[str, Sequence[str]] | None = None,
        wave: str | None = None,
    ) -> dict[str, set[str]]:
        """Count one respondent's answers; ``groups`` are the breakdown groups the respondent
        is in ({question id: groups}). Returns each theme the respondent raised with the
        audiences whose answers raised it, for counts kept elsewhere (fieldwork periods)."""
        raised: dict[str, set[str]] = {}
        subs: set[str] = set()
        for answer in answers:
            for theme_id in answer.themes:
                tally = self._themes.get(theme_id)
                if tally is None:
                    tally = self._themes[theme_id] = _Theme(answer.order)
                tally.first = min(tally.first, answer.order)
                raised.setdefault(theme_id, set()).add(answer.audience)
                if answer.sentiment is not None:
                    tally.orders.append(answer.order)
                    tally.sentiments.append(answer.sentiment)
            subs.update(answer.subthemes)
        for theme_id, audiences in raised.items():
            tally = self._themes[theme_id]
            tally.respondents += 1
            for question_id, values in (groups or {}).items():
                tally.by_group[question_id].update(values)
            if wave is not None:
                tally.by_wave[wave] += 1
            tally.by_audience.update(audiences)
        self._subthemes.update(subs)
        return raised

    def entries(self, codebook: Codebook) -> list[dict[str, Any]]:
        """Each theme raised, largest first (ties in the order the themes first appeared), as
        plain JSON-able data: what the workspace snapshot stores and the command line writes."""
        out = []
        ordered = sorted(self._themes.items(), key=lambda kv: (-kv[1].respondents, kv[1].first))
        for theme_id, tally in ordered:
            theme = codebook.themes.get(theme_id)
            scores = tally.ordered_sentiments()
            out.append(
                {
                    "id": theme_id,
                    "name": theme.name if theme else theme_id,
                    "description": theme.description if theme else "",
                    "respondents": tally.respondents,
                    "sentiment": mean_score(scores),
                    "sentiment_label": mean_label(list(scores)).label,
                    # For headlines: how many of the theme's scored answers lean each way.
                    "positive": sum(1 for x in scores if x >= HEADLINE_LEAN),
                    "negative": sum(1 for x in scores if x <= -HEADLINE_LEAN),
                    "scored": len(scores),
                    "subthemes": [
                        {"id": s.id, "name": s.name, "respondents": self._subthemes[s.id]}
                        for s in codebook.subthemes_of(theme_id)
                        if self._subthemes.get(s.id)
                    ],
                    # Ids by framework id; names are in the frameworks' files.
                    "mappings": {k: list(v) for k, v in theme.mappings.items()} if theme else {},
                    "by_group": {k: dict(v) for k, v in tally.by_group.items()},
                    "by_wave": dict(tally.by_wave),
                    "by_audience": dict(tally.by_audience),
                }
            )
        return out


@dataclass
class EmergingGroup:
    label: str
    key_phrases: list[str]
    respondents: int
    ids: list[str]


@dataclass
class Findings:
    respondents: int
    themes: list[dict[str, Any]]
    emerging: list[EmergingGroup]
    ungrouped_ids: list[str] = field(default_factory=list)
    withheld: int = 0  # answers flagged by the safeguarding screen: in no figure, no quote


def _representatives(members: Sequence[ResponseResult], theme: str, mean: float) -> list[str]:
    """Answers that are clearly about the theme and typical in tone."""
    ranked = sorted(
        members,
        key=lambda r: (-r.confidence.get(theme, 0.0), abs((r.sentiment or 0.0) - mean), r.id),
    )
    return [r.id for r in ranked[:REPRESENTATIVES]]


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


def _or_unknown(value: str | None) -> str:
    return value or "unknown"


@without_gc
def build_findings(
    results: Sequence[ResponseResult], codebook: Codebook, emerging: bool = True
) -> Findings:
    """The command line's findings: the workspace's counts (:class:`ThemeCounts`) over the
    answers of one run, with each theme's share of respondents (percent, as the workspace
    shows it) and its most typical answers' ids."""
    shown = [r for r in results if not r.safeguarding_flag]
    counts = ThemeCounts()
    order = {r.id: i for i, r in enumerate(results)}

    def person(r: ResponseResult) -> str:
        return r.respondent or r.id

    for _, group in groupby(sorted(shown, key=lambda r: (person(r), order[r.id])), key=person):
        answers = list(group)
        first = answers[0]
        counts.add(
            [
                ThemedAnswer(
                    order[r.id], r.themes, r.subthemes, r.sentiment, _or_unknown(r.audience)
                )
                for r in answers
            ],
            {"stage": (_or_unknown(first.stage),), "age_band": (_or_unknown(first.age_band),)},
        )
    respondents = {person(r) for r in results}  # one with every answer withheld counts too
    members: dict[str, list[ResponseResult]] = defaultdict(list)  # one pass, not one a theme
    for r in shown:
        for theme_id in r.themes:
            members[theme_id].append(r)
    themes = counts.entries(codebook)
    for theme in themes:
        theme["share"] = round(100 * theme["respondents"] / len(respondents), 1)
        theme["representative_ids"] = _representatives(
            members[theme["id"]], theme["id"], theme["sentiment"] or 0.0
        )
    groups, ungrouped = emerging_groups(shown) if emerging else ([], [])
    return Findings(len(respondents), themes, groups, ungrouped, len(results) - len(shown))
