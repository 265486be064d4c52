"""Multi-label evaluation: per-theme precision and recall, micro, macro and sample-averaged F1.

Written out rather than taken from scikit-learn to keep the default install light, and so the
edge cases are ours and documented: an answer with no gold themes and no predicted themes is a
correct abstention and scores 1.0 in the sample average (scikit-learn would score 0 or warn).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True)
class Report:
    labels: tuple[LabelScore, ...]
    micro_f1: float
    macro_f1: float
    samples_f1: float
    n: int


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def sample_f1(gold: set[str], predicted: set[str]) -> float:
    if not gold and not predicted:
        return 1.0
    hits = len(gold & predicted)
    return 2 * hits / (len(gold) + len(predicted))


def evaluate(
    gold: Sequence[Iterable[str]],
    predicted: Sequence[Iterable[str]],
    labels: Iterable[str] | None = None,
) -> Report:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold rows but {len(predicted)} predicted rows")
    gold_sets = [set(g) for g in gold]
    pred_sets = [set(p) for p in predicted]
    names = sorted(set(labels) if labels is not None else set().union(*gold_sets, *pred_sets))
    scores = []
    for name in names:
        tp = sum(1 for g, p in zip(gold_sets, pred_sets, strict=True) if name in g and name in p)
        fp = sum(
            1 for g, p in zip(gold_sets, pred_sets, strict=True) if name not in g and name in p
        )
        fn = sum(
            1 for g, p in zip(gold_sets, pred_sets, strict=True) if name in g and name not in p
        )
        scores.append(LabelScore(name, tp, fp, fn))
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    micro = f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    scored = [s for s in scores if s.tp + s.fp + s.fn]
    macro = sum(s.f1 for s in scored) / len(scored) if scored else 0.0
    samples = (
        sum(sample_f1(g, p) for g, p in zip(gold_sets, pred_sets, strict=True)) / len(gold_sets)
        if gold_sets
        else 0.0
    )
    return Report(tuple(scores), micro, macro, samples, len(gold_sets))


def format_report(report: Report, title: str) -> str:
    lines = [
        f"{title}: {report.n} answers",
        f"{'theme':<15}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}",
    ]
    for s in report.labels:
        lines.append(f"{s.label:<15}{s.precision:>10.2f}{s.recall:>8.2f}{s.f1:>7.2f}{s.support:>9}")
    lines.append(
        f"micro F1 {report.micro_f1:.3f}  macro F1 {report.macro_f1:.3f}  "
        f"sample-averaged F1 {report.samples_f1:.3f}"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class Ranking:
    """How often the ordered themes put a right one first, and the report's own theme near
    the top: what a commissioner reading the first theme of each answer would see."""

    top1: float  # the first theme given is one of the answer's themes
    hit3: float  # the report's theme (the first gold theme) is among the first three given
    unthemed: int  # answers with gold themes that got none
    n: int


def ranking(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Ranking:
    pairs = [(list(g), list(p)) for g, p in zip(gold, predicted, strict=True) if g]
    if not pairs:
        return Ranking(0.0, 0.0, 0, 0)
    top1 = sum(1 for g, p in pairs if p and p[0] in g) / len(pairs)
    hit3 = sum(1 for g, p in pairs if g[0] in p[:3]) / len(pairs)
    return Ranking(top1, hit3, sum(1 for _, p in pairs if not p), len(pairs))


@dataclass(frozen=True)
class Labelling:
    """Where sample-F1 is lost: how many themes were given against how many the coders gave,
    and what the score would be with no wrong theme given (``without_wrong``) or with no theme
    missed (``without_missed``). The larger gap says which side to work on: the count of
    themes given, or what is ranked first."""

    given: float  # mean themes given per answer
    gold: float  # mean themes the coders gave
    over: int  # answers given more themes than the coders gave
    under: int  # answers given fewer
    without_wrong: float
    without_missed: float
    confusions: tuple[tuple[str, str, int], ...]  # (missed, given instead, answers), most first


def labelling(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], top: int = 10
) -> Labelling:
    pairs = [(set(g), set(p)) for g, p in zip(gold, predicted, strict=True)]
    if not pairs:
        return Labelling(0.0, 0.0, 0, 0, 0.0, 0.0, ())
    n = len(pairs)
    swaps: dict[tuple[str, str], int] = {}
    for g, p in pairs:
        for missed in g - p:
            for wrong in p - g:
                swaps[missed, wrong] = swaps.get((missed, wrong), 0) + 1
    ranked = sorted(swaps.items(), key=lambda item: (-item[1], item[0]))[:top]
    return Labelling(
        given=sum(len(p) for _, p in pairs) / n,
        gold=sum(len(g) for g, _ in pairs) / n,
        over=sum(1 for g, p in pairs if len(p) > len(g)),
        under=sum(1 for g, p in pairs if len(p) < len(g)),
        without_wrong=sum(sample_f1(g, p & g) for g, p in pairs) / n,
        without_missed=sum(sample_f1(g, p | g) for g, p in pairs) / n,
        confusions=tuple((a, b, k) for (a, b), k in ranked),
    )
