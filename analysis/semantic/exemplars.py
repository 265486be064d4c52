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
    """Exemplar vectors grouped by label; ``similarities`` gives, per answer and label, the
    mean of the ``k`` best cosine similarities (one stray exemplar should not decide)."""

    def __init__(
        self, embedder: StaticEmbedder, exemplars: Mapping[str, Sequence[str]], k: int = 2
    ) -> None:
        self.embedder = embedder
        self.labels = [label for label, texts in exemplars.items() if texts]
        self.texts: list[str] = []
        owner: list[int] = []
        for column, label in enumerate(self.labels):
            self.texts += list(exemplars[label])
            owner += [column] * len(exemplars[label])
        self.owner = np.asarray(owner, dtype=np.int64)
        self.vectors = embedder.embed(self.texts) if self.texts else np.zeros((0, 1))
        self.k = k

    def similarities(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(scores, best) with shape (answers, labels): the top-k mean similarity per label,
        and the index of the single nearest exemplar per label (into ``self.texts``)."""
        sims = vectors @ self.vectors.T
        scores = np.zeros((len(vectors), len(self.labels)), dtype=np.float32)
        best = np.zeros((len(vectors), len(self.labels)), dtype=np.int64)
        for column in range(len(self.labels)):
            members = np.flatnonzero(self.owner == column)
            block = sims[:, members]
            k = min(self.k, len(members))
            top = np.partition(block, len(members) - k, axis=1)[:, len(members) - k :]
            scores[:, column] = top.mean(1)
            best[:, column] = members[block.argmax(1)]
        return scores, best

    def nearest(self, vector: np.ndarray, label: str) -> Nearest:
        column = self.labels.index(label)
        members = np.flatnonzero(self.owner == column)
        sims = self.vectors[members] @ vector
        i = int(sims.argmax())
        return Nearest(label, float(sims[i]), self.texts[members[i]])


def exemplar_words(codebook: object) -> list[str]:
    """Words of every exemplar and keyword, so the distilled table has each as a whole word."""
    words: list[str] = []
    for theme in getattr(codebook, "themes", {}).values():
        for text in (*theme.keywords, *theme.weak_keywords, *getattr(theme, "exemplars", ())):
            words += text.replace("*", "").split()
    return words
