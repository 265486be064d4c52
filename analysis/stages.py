"""The pipeline's stages. Each takes the working results, fills in its part, and returns a
report of what it could not do, so that no response is ever silently dropped.

Stages are plain objects with ``name`` and ``run(results) -> StageReport``; pass your own to
:func:`analysis.analyse` (as TextBlob's Blobber takes a tagger or analyzer).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from analysis.codebook import Codebook
from analysis.language import UNDETERMINED, LanguageDetector
from analysis.learning import LearnedModel, learned_lexicon
from analysis.nogc import without_gc
from analysis.sentiment import FastSentiment
from analysis.theming import Lexicon, score

if TYPE_CHECKING:
    from analysis.semantic.theme_model import ThemeModel


@dataclass(frozen=True)
class NotProcessed:
    id: str
    stage: str
    reason: str
    detail: str = ""


@dataclass
class StageReport:
    stage: str
    processed: int
    not_processed: list[NotProcessed] = field(default_factory=list)


@dataclass
class ResponseResult:
    id: str
    text: str
    audience: str | None = None
    age_band: str | None = None
    locale: str | None = None
    stage: str | None = None  # ages and stages id
    language: str = UNDETERMINED
    language_method: str = "none"
    safeguarding_status: str = "unscreened"
    safeguarding_flag: bool = True  # unscreened counts as flagged until a person looks
    safeguarding_categories: tuple[str, ...] = ()
    # Clear, but close to a disclosure: for the safeguarding lead's second-look list
    # ({category, probability, reason}); None when not close or not screened by meaning.
    safeguarding_second_look: dict[str, Any] | None = None
    # Flagged by the meaning layer (no rule): its finding, for the case the workspace opens.
    safeguarding_meaning: dict[str, Any] | None = None
    themes: list[str] = field(default_factory=list)
    subthemes: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    theming: str = "pending"  # full, keywords_only, remembered, none
    context: tuple[str, ...] = ()  # theme ids of the question answered, if known
    reasons: dict[str, dict[str, Any]] = field(default_factory=dict)  # theme -> why
    sentiment: float | None = None
    sentiment_label: str | None = None
    uncrc: list[int] = field(default_factory=list)
    shanarri: list[str] = field(default_factory=list)
    ecm: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    # Every loaded framework's ids, by framework id (the four above, levels of need, and any
    # framework a council configures): what the web app stores.
    mappings: dict[str, list[Any]] = field(default_factory=dict)
    respondent: str = ""  # who gave it (the answer's id when not given): findings count people

    def row(self) -> dict[str, Any]:
        """The stable output contract of ``python -m analysis themes``."""
        return {
            "id": self.id,
            "themes": self.themes,
            "subthemes": self.subthemes,
            "uncrc": self.uncrc,
            "shanarri": self.shanarri,
            "ecm": self.ecm,
            "outcomes": self.outcomes,
            "mappings": self.mappings,
            "sentiment": self.sentiment,
            "sentiment_label": self.sentiment_label,
            "language": self.language,
            "safeguarding": {
                "flag": self.safeguarding_flag,
                "status": self.safeguarding_status,
                "categories": list(self.safeguarding_categories),
                "second_look": self.safeguarding_second_look,
            },
            "confidence": self.confidence,
            "theming": self.theming,
            "reasons": self.reasons,
        }


class Stage(Protocol):
    name: str

    def run(self, results: Sequence[ResponseResult]) -> StageReport: ...


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class LanguageStage:
    name = "language"

    def __init__(self, detector: LanguageDetector) -> None:
        self.detector = detector

    @without_gc
    def run(self, results: Sequence[ResponseResult]) -> StageReport:
        report = StageReport(self.name, 0)
        for r in results:
            r.text = normalise(r.text)
            if not r.text:
                report.not_processed.append(NotProcessed(r.id, self.name, "empty_text"))
                continue
            found = self.detector.detect(r.text, r.locale)
            r.language, r.language_method = found.language, found.method
            if found.language == UNDETERMINED:
                report.not_processed.append(
                    NotProcessed(
                        r.id, self.name, "language_undetermined", "too short or unclear to tell"
                    )
                )
            else:
                report.processed += 1
        return report


ScreenFn = Callable[..., Any]


def _default_screen() -> ScreenFn | Any | None:
    """The bundled screener (so a whole run is screened in one batch); if its rules cannot
    load, ``screen_safely``, which marks every answer unscreened; None if it is missing."""
    try:
        from analysis.safeguarding import default_screener, screen_safely
    except ImportError:
        return None
    try:
        return default_screener()
    except Exception:
        return screen_safely


class SafeguardingStage:
    """Calls the safeguarding screen on every answer, even empty or undetermined ones.

    If the screen is missing or fails on an answer, the answer stays ``unscreened`` and
    flagged (fail closed): a disclosure must never be lost because a component broke.
    """

    name = "safeguarding"

    def __init__(self, screen: ScreenFn | None = None) -> None:
        self._screen = screen

    @without_gc
    def run(self, results: Sequence[ResponseResult]) -> StageReport:
        report = StageReport(self.name, 0)
        screen = self._screen or _default_screen()
        if screen is None:
            report.not_processed += [
                NotProcessed(
                    r.id, self.name, "screen_unavailable", "analysis.safeguarding not installed"
                )
                for r in results
            ]
            return report
        batch = None
        many = getattr(screen, "screen_many", None)  # a whole Screener: screen in one batch
        if many is not None:
            try:
                batch = many(
                    [r.text for r in results],
                    [r.locale or r.language for r in results],
                    [r.audience for r in results],
                )
            except Exception:  # then answer by answer, each failing closed on its own
                batch = None
            screen = screen.screen
        for index, r in enumerate(results):
            try:
                if batch is not None:
                    result = batch[index]
                else:
                    result = screen(r.text, locale=r.locale or r.language, audience=r.audience)
                r.safeguarding_status = str(result.status)
                r.safeguarding_flag = bool(result.flag)
                r.safeguarding_categories = tuple(result.categories)
                near = None if result.flag else getattr(result, "second_look", None)
                r.safeguarding_second_look = near.summary() if near is not None else None
                meant = getattr(result, "meaning", None) if result.flag else None
                r.safeguarding_meaning = meant.summary() if meant is not None else None
            except Exception as exc:  # fail closed, and say so
                r.safeguarding_status, r.safeguarding_flag = "unscreened", True
                report.not_processed.append(
                    NotProcessed(r.id, self.name, "screen_error", repr(exc))
                )
                continue
            if r.safeguarding_status == "unscreened":
                why = str(getattr(result, "error", "") or "")
                report.not_processed.append(NotProcessed(r.id, self.name, "unscreened", why))
            else:
                report.processed += 1
        return report


class ThemeStage:
    """English answers get lexicon and meaning together (``meaning``, a trained
    :class:`~analysis.semantic.theme_model.ThemeModel`), or the lexicon alone when the semantic
    table is absent; Welsh and Polish get top-level keyword theming only, and are reported as
    such; other languages none. What analysts taught is used either way."""

    name = "themes"
    BATCH = 512  # answers themed together: the model's work is done in matrix products

    def __init__(
        self,
        codebook: Codebook,
        model: LearnedModel | None = None,
        meaning: ThemeModel | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.codebook = codebook
        self.model = model or LearnedModel()
        self.lexicon = lexicon or lexicon_for(codebook, self.model)
        self.adjust = self.model.adjustments()
        self.meaning = meaning
        self.others: dict[str, Lexicon | None] = {}

    def _other(self, language: str) -> Lexicon | None:
        if language not in self.others:
            self.others[language] = Lexicon.for_language(self.codebook, language)
        return self.others[language]

    @without_gc
    def run(self, results: Sequence[ResponseResult]) -> StageReport:
        report = StageReport(self.name, 0)
        themes = self.codebook.themes
        by_meaning: list[ResponseResult] = []
        for r in results:
            if not r.text:
                r.theming = "none"
                continue
            unknown = [t for t in r.context if t not in themes]
            if unknown:
                report.not_processed.append(
                    NotProcessed(r.id, self.name, "unknown_context", f"not in codebook: {unknown}")
                )
                r.context = tuple(t for t in r.context if t in themes)
            if r.language == "en":
                remembered = self.model.remembered(r.text) if self.model.memory else None
                if remembered is not None:
                    r.themes = [t for t in remembered if t in themes and themes[t].parent is None]
                    r.subthemes = [t for t in remembered if t in themes and themes[t].parent]
                    r.confidence = dict.fromkeys(r.themes, 1.0)
                    r.theming = "remembered"
                    report.processed += 1
                    continue
                if self.meaning is not None:
                    by_meaning.append(r)
                    continue
                result = score(self.lexicon.hits(r.text), self.codebook, self.adjust)
                r.theming = "full"
            else:
                lexicon = self._other(r.language) if r.language != UNDETERMINED else None
                if lexicon is None:
                    r.theming = "none"
                    reason = (
                        "language_undetermined"
                        if r.language == UNDETERMINED
                        else "not_supported_language"
                    )
                    report.not_processed.append(
                        NotProcessed(r.id, self.name, reason, f"language {r.language}: not themed")
                    )
                    continue
                result = score(lexicon.hits(r.text), self.codebook)
                r.theming = "keywords_only"
                report.not_processed.append(
                    NotProcessed(
                        r.id,
                        self.name,
                        "not_supported_language",
                        f"language {r.language}: top-level keyword themes only",
                    )
                )
            r.themes, r.subthemes = list(result.themes), list(result.subthemes)
            r.confidence = {m.theme: m.confidence for m in result.matches}
            r.keywords = {m.theme: m.keywords for m in result.matches}
            report.processed += 1
        for start in range(0, len(by_meaning), self.BATCH):
            self._by_meaning(by_meaning[start : start + self.BATCH])
            report.processed += len(by_meaning[start : start + self.BATCH])
        return report

    def _by_meaning(self, batch: Sequence[ResponseResult]) -> None:
        assert self.meaning is not None
        found = self.meaning.predict([r.text for r in batch], [r.context for r in batch])
        for r, themed in zip(batch, found, strict=True):
            r.themes, r.subthemes = list(themed.themes), list(themed.subthemes)
            r.confidence = {t: why.probability for t, why in themed.reasons.items()}
            r.keywords = {t: list(why.keywords) for t, why in themed.reasons.items()}
            r.reasons = {t: why.as_dict() for t, why in themed.reasons.items()}
            r.theming = "full"


def lexicon_for(codebook: Codebook, model: LearnedModel) -> Lexicon:
    """The codebook's lexicon, with the keywords analysts' corrections taught it."""
    return learned_lexicon(codebook, model) if model.term_theme else Lexicon.from_codebook(codebook)


class SentimentStage:
    """Pattern's lexicon is English; other languages get no score rather than a wrong one."""

    name = "sentiment"

    def __init__(self, analyzer: FastSentiment | None = None) -> None:
        self.analyzer = analyzer or FastSentiment()

    @without_gc
    def run(self, results: Sequence[ResponseResult]) -> StageReport:
        report = StageReport(self.name, 0)
        for r in results:
            if r.text and r.language == "en":
                found = self.analyzer.score(r.text)
                r.sentiment, r.sentiment_label = found.score, found.label
                report.processed += 1
            elif r.text:
                undetermined = r.language == UNDETERMINED
                reason = "language_undetermined" if undetermined else "not_supported_language"
                report.not_processed.append(
                    NotProcessed(r.id, self.name, reason, f"language {r.language}")
                )
        return report


class MappingStage:
    """Frameworks follow from themes: the union of each theme's and sub-theme's mappings."""

    name = "mapping"

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook

    @without_gc
    def run(self, results: Sequence[ResponseResult]) -> StageReport:
        report = StageReport(self.name, 0)
        # Answers share a few hundred combinations of themes: map each once, copy it to each.
        mapped: dict[tuple[str, ...], tuple[list[str], list[list[str]], dict[str, list[str]]]] = {}
        for r in results:
            key = (*r.themes, "", *r.subthemes)  # "" is no theme id: it marks where subs start
            found = mapped.get(key)
            if found is None:
                found = mapped[key] = self._map(r.themes, r.subthemes)
            uncrc, lists, mappings = found  # copied: each answer's lists are its own
            r.uncrc = list(uncrc)
            r.shanarri, r.ecm, r.outcomes = (list(x) for x in lists)
            r.mappings = {k: list(v) for k, v in mappings.items()}
            if "uncrc" in r.mappings:
                r.mappings["uncrc"] = r.uncrc
            report.processed += 1
        return report

    def _map(
        self, themes: Sequence[str], subthemes: Sequence[str]
    ) -> tuple[list[str], list[list[str]], dict[str, list[str]]]:
        known = self.codebook.themes
        chosen = [known[t] for t in (*themes, *subthemes) if t in known]
        uncrc = sorted({a for t in chosen for a in t.uncrc})
        lists = [
            list(dict.fromkeys(x for t in chosen for x in getattr(t, key)))
            for key in ("shanarri", "ecm", "outcomes")
        ]
        keys = dict.fromkeys(k for t in chosen for k in t.mappings)
        mappings = {
            k: list(dict.fromkeys(x for t in chosen for x in t.mappings.get(k, ()))) for k in keys
        }
        return uncrc, lists, mappings
