"""Exemplars: labelled example answers, embedded once, searched by meaning.

The analysis says *why* it gave a theme or raised a flag by naming the nearest exemplar, so
an analyst or safeguarding lead can judge the match; exemplars are data (beside the codebook
and the rules) that a council can extend without code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.semantic.static import StaticEmbedder


@dataclass(frozen=True)
class Nearest:
    """For one answer and one label: the best similarity and the exemplar that gave it."""

    label: str
    similarity: float
    exemplar: str


class ExemplarIndex:
    """Exemplar vectors grouped by label (stored label by label, so per-label maxima are one
    ``reduceat``); ``best`` gives each answer's closest similarity to each label."""

    def __init__(self, embedder: StaticEmbedder, exemplars: Mapping[str, Sequence[str]]) -> None:
        self.embedder = embedder
        self.labels = [label for label, texts in exemplars.items() if texts]
        self.column = {label: i for i, label in enumerate(self.labels)}
        self.texts: list[str] = []
        self.starts: list[int] = []
        for label in self.labels:
            self.starts.append(len(self.texts))
            self.texts += list(exemplars[label])
        self.ends = [*self.starts[1:], len(self.texts)]
        self.owner = [c for c, label in enumerate(self.labels) for _ in exemplars[label]]
        self._spans: dict[tuple[str, ...], tuple[int, int] | None] = {}
        self.vectors = embedder.embed(self.texts) if self.texts else np.zeros((0, 1))

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """(answers x exemplars) cosine similarities, for :meth:`best` and :meth:`nearest_in`."""
        return vectors @ self.vectors.T

    def best(self, sims: np.ndarray) -> np.ndarray:
        """(answers x labels): the highest similarity to any exemplar of each label."""
        if not self.texts:
            return np.zeros((len(sims), 0), dtype=np.float32)
        return np.maximum.reduceat(sims, self.starts, axis=1)

    def nearest_in(self, sims: np.ndarray, label: str) -> Nearest:
        """The closest exemplar of one label, from one answer's row of :meth:`similarities`."""
        column = self.column[label]
        start = self.starts[column]
        i = int(sims[start : self.ends[column]].argmax())
        return Nearest(label, float(sims[start + i]), self.texts[start + i])

    def nearest_of(self, vector: np.ndarray, labels: Sequence[str]) -> Nearest | None:
        """The closest exemplar among several labels, e.g. a theme's sub-themes."""
        span = self._spans.get(tuple(labels))
        if span is None:
            span = self._spans[tuple(labels)] = self.span(labels)
        if not span:
            return None
        start, end = span
        sims = self.vectors[start:end] @ vector
        i = start + int(sims.argmax())
        return Nearest(self.labels[self.owner[i]], float(sims[i - start]), self.texts[i])

    def span(self, labels: Sequence[str]) -> tuple[int, int] | None:
        """Where several labels' exemplars lie; they must lie together (sub-themes of one
        theme are stored in a row), or the answer would be wrong, so that is checked."""
        columns = sorted(self.column[label] for label in labels if label in self.column)
        if not columns:
            return None
        if columns != list(range(columns[0], columns[-1] + 1)):
            raise ValueError(f"exemplars of {labels} are not stored together")
        return self.starts[columns[0]], self.ends[columns[-1]]

    def nearest(self, vector: np.ndarray, label: str) -> Nearest:
        """The single closest exemplar of one label: the reason shown to a person."""
        column = self.column[label]
        start, end = self.starts[column], self.ends[column]
        sims = self.vectors[start:end] @ vector
        i = int(sims.argmax())
        return Nearest(label, float(sims[i]), self.texts[start + i])


def exemplar_words(codebook: object) -> list[str]:
    """Words of every exemplar and keyword, so the distilled table has each as a whole word."""
    words: list[str] = []
    for theme in getattr(codebook, "themes", {}).values():
        for text in (*theme.keywords, *theme.weak_keywords, *getattr(theme, "exemplars", ())):
            words += text.replace("*", "").split()
    return words
