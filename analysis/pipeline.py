"""The pipeline and the Python API the web workspace calls.

    run = analyse(records, corrections=corrections, learned_path=path, codebook="standard")
    run.results        # per response, in input order
    run.findings       # per theme, plus emerging themes
    run.not_processed  # everything any stage could not do, with the reason

Stages are pluggable (``stages=`` or ``screen=``) in the style of TextBlob's Blobber.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import nlp
from analysis.codebook import Codebook, load_codebook
from analysis.evalsets import training_rows
from analysis.findings import Findings, build_findings
from analysis.frameworks import Framework, load_frameworks, stage_for_age
from analysis.language import LanguageDetector
from analysis.learning import Correction, LearnedModel
from analysis.nogc import without_gc
from analysis.records import RecordProblem, Response, to_response
from analysis.semantic import load_embedder, model_cache, why_absent
from analysis.semantic.theme_model import Example, ThemeModel
from analysis.sentiment import FastSentiment
from analysis.stages import (
    LanguageStage,
    MappingStage,
    NotProcessed,
    ResponseResult,
    SafeguardingStage,
    ScreenFn,
    SentimentStage,
    Stage,
    StageReport,
    ThemeStage,
    lexicon_for,
)
from analysis.theming import Lexicon


@dataclass
class AnalysisRun:
    results: list[ResponseResult]
    findings: Findings | None
    reports: list[StageReport]
    rejected: list[RecordProblem] = field(default_factory=list)
    reduced: list[str] = field(default_factory=list)  # NLP features running reduced, and why

    @property
    def not_processed(self) -> list[NotProcessed]:
        return [item for report in self.reports for item in report.not_processed]

    def rows(self) -> list[dict[str, Any]]:
        return [r.row() for r in self.results]


class Pipeline:
    """Runs stages in order over every response; a stage never removes a response."""

    def __init__(
        self,
        codebook: Codebook,
        frameworks: Mapping[str, Framework],
        stages: Sequence[Stage],
    ) -> None:
        self.codebook = codebook
        self.frameworks = frameworks
        self.stages = list(stages)
        self.reduced: list[str] = []  # parts of this pipeline running reduced, and why

    @classmethod
    def standard(
        cls,
        codebook: Codebook | str | Path = "standard",
        frameworks: Mapping[str, Framework] | None = None,
        model: LearnedModel | None = None,
        screen: ScreenFn | None = None,
        sentiment: FastSentiment | None = None,
        corrections: Sequence[Correction] = (),
        semantic: bool = True,
    ) -> Pipeline:
        """The standard stages. With ``semantic`` (and the distilled table built), themes come
        from lexicon and meaning together; ``corrections`` also train that model."""
        frameworks = frameworks if frameworks is not None else load_frameworks()
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook, frameworks)
        model = model or LearnedModel()
        lexicon = lexicon_for(codebook, model)
        meaning = theme_model(codebook, lexicon, model, corrections) if semantic else None
        vocabulary = Lexicon.from_codebook(codebook).vocabulary
        extra = {
            lang: [w for ws in table.values() for k in ws for w in k.rstrip("*").split()]
            for lang, table in codebook.other_languages.items()
        }
        stages: list[Stage] = [
            LanguageStage(LanguageDetector(vocabulary, extra)),
            SafeguardingStage(screen),
            ThemeStage(codebook, model, meaning, lexicon),
            SentimentStage(sentiment),
            MappingStage(codebook),
        ]
        pipeline = cls(codebook, frameworks, stages)
        if semantic and meaning is None:
            pipeline.reduced.append(why_absent())
        return pipeline

    @without_gc
    def run(
        self, records: Iterable[Response | Mapping[str, Any]], emerging: bool = True
    ) -> AnalysisRun:
        results: list[ResponseResult] = []
        rejected: list[RecordProblem] = []
        seen: set[str] = set()
        for index, record in enumerate(records, start=1):
            response, problems = to_response(record, index)
            rejected += problems
            if response is None:
                continue
            if response.id in seen:
                rejected.append(RecordProblem(index, f"duplicate id {response.id}"))
                continue
            seen.add(response.id)
            results.append(
                ResponseResult(
                    id=response.id,
                    text=response.text,
                    respondent=response.respondent or response.id,
                    audience=response.audience,
                    age_band=response.age_band,
                    locale=response.locale,
                    stage=stage_for_age(self.frameworks, response.age_band),
                    context=response.context,
                )
            )
        reports = [stage.run(results) for stage in self.stages]
        findings = build_findings(results, self.codebook, emerging)
        reduced = [*nlp.features().reduced(), *self.reduced]
        return AnalysisRun(results, findings, reports, rejected, reduced)


def learn(
    corrections: Iterable[Correction | Mapping[str, Any]],
    codebook: Codebook | str | Path = "standard",
    path: str | Path | None = None,
) -> LearnedModel:
    """Rebuild the learned model from all corrections (idempotent) and save it to ``path``."""
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    model = LearnedModel()
    model.learn(corrections, codebook, Lexicon.from_codebook(codebook))
    if path is not None:
        model.save(path)
    return model


def analyse(
    records: Iterable[Response | Mapping[str, Any]],
    *,
    corrections: Iterable[Correction | Mapping[str, Any]] | None = None,
    learned_path: str | Path | None = None,
    codebook: Codebook | str | Path = "standard",
    frameworks: Mapping[str, Framework] | None = None,
    screen: ScreenFn | None = None,
    emerging: bool = True,
    semantic: bool = True,
) -> AnalysisRun:
    """Analyse answers. Pass *all* stored corrections: the model is rebuilt from them and
    saved at ``learned_path``; pass only ``learned_path`` to reuse the saved model.
    ``semantic=False`` themes with the lexicon alone (to compare, or to save memory)."""
    frameworks = frameworks if frameworks is not None else load_frameworks()
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook, frameworks)
    taught = [Correction.of(c) for c in corrections] if corrections is not None else []
    if corrections is not None:
        model = learn(taught, codebook, learned_path)
    else:
        model = LearnedModel.load(learned_path)
    pipeline = Pipeline.standard(
        codebook, frameworks, model=model, screen=screen, corrections=taught, semantic=semantic
    )
    return pipeline.run(records, emerging=emerging)


def theme_model(
    codebook: Codebook, lexicon: Lexicon, model: LearnedModel, corrections: Sequence[Correction]
) -> ThemeModel | None:
    """The trained lexicon-and-meaning model, or None when the distilled table is absent.
    Trained on the codebook's exemplars, our labelled sets and the analysts' corrections;
    cached beside the table, so only a change to any of them costs a retrain (seconds)."""
    embedder = load_embedder()
    if embedder is None:
        return None
    examples = [
        Example(row["text"], tuple(row["themes"]), tuple(row.get("context") or ()))
        for row in training_rows()
    ]
    taught = [Example(c.text, c.themes, c.context) for c in corrections]
    return ThemeModel.cached(
        codebook, embedder, lexicon, examples, model_cache(), model.adjustments(), taught
    )
