"""Logistic regression over a dense block (meaning, evidence) and sparse word features.

Both semantic models (themes, one output per theme; the safeguarding screen, one output) are
this: small enough to train in seconds at first use with NumPy alone, and readable afterwards
(a word's weight says how much it pushes toward a theme or a flag).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Features:
    """``dense`` (answers x D) and the sparse words as (row, column, value) triples."""

    dense: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray

    @classmethod
    def build(
        cls,
        dense: np.ndarray,
        word_ids: list[list[int]],
        piece_ids: list[list[int]] | None = None,
        piece_cap: int | None = None,
    ) -> Features:
        """Each answer's known words weigh 1/sqrt(count), so long answers do not shout.

        ``piece_ids`` (optional, e.g. letter n-grams of the words) are a second group weighed
        the same way on their own count, so a word's many pieces do not drown the words; past
        ``piece_cap`` pieces they weigh as a mean (:func:`group_weight`)."""
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for i, ids in enumerate(word_ids):
            if ids:
                rows += [i] * len(ids)
                cols += ids
                vals += [1.0 / len(ids) ** 0.5] * len(ids)
            if piece_ids is not None and piece_ids[i]:
                pieces = piece_ids[i]
                rows += [i] * len(pieces)
                cols += pieces
                vals += [group_weight(len(pieces), piece_cap)] * len(pieces)
        return cls(
            dense.astype(np.float32),
            np.asarray(rows, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            np.asarray(vals, dtype=np.float32),
        )


def group_weight(count: int, cap: int | None = None) -> float:
    """Each of ``count`` features' weight: 1/sqrt(count), so that summed weights that are
    noise stay small; but a group's weights do not average out to nothing (the letter pieces of
    made-up words lean one way), and their part would grow as sqrt(count) without end. Past
    ``cap`` it is a mean scaled to meet 1/sqrt(count) at the cap, so it stays bounded."""
    if cap is None or count <= cap:
        return 1.0 / count**0.5
    return cap**0.5 / count


@dataclass
class Logistic:
    dense: np.ndarray  # D x K
    sparse: np.ndarray  # V x K
    bias: np.ndarray  # K

    def logits(self, x: Features) -> np.ndarray:
        out = x.dense @ self.dense + self.bias
        if len(x.rows):
            # Rows come in answer order, so each answer's words are one run: one reduceat.
            spread = x.vals[:, None] * self.sparse[x.cols]
            starts = np.flatnonzero(np.r_[True, x.rows[1:] != x.rows[:-1]])
            out[x.rows[starts]] += np.add.reduceat(spread, starts, axis=0)
        return out

    def probabilities(self, x: Features) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(x)))

    def arrays(self) -> dict[str, np.ndarray]:
        return {"dense": self.dense, "sparse": self.sparse, "bias": self.bias}

    @classmethod
    def from_arrays(cls, data: Mapping[str, np.ndarray]) -> Logistic:
        return cls(data["dense"], data["sparse"], data["bias"])


def train(
    x: Features,
    vocabulary: int,
    target: np.ndarray,
    *,
    steps: int = 250,
    rate: float = 0.05,
    l2: float = 1e-4,
    balance: float = 8.0,
    sample_weight: np.ndarray | None = None,
) -> Logistic:
    """Full-batch Adam on the mean log loss; positives weigh up to ``balance`` times more
    when rare, since a theme (or a disclosure) is rare among answers. ``sample_weight``
    (mean 1) reweighs examples, e.g. so that no language is mostly one class."""
    n, k = target.shape
    model = Logistic(
        np.zeros((x.dense.shape[1], k), np.float32),
        np.zeros((vocabulary, k), np.float32),
        np.zeros(k, np.float32),
    )
    positives = target.sum(0)
    boost = np.clip((n - positives) / np.maximum(positives, 1.0), 1.0, balance)
    weight = (np.where(target > 0, boost, 1.0) / n).astype(np.float32)
    if sample_weight is not None:
        weight *= sample_weight.astype(np.float32)[:, None]
    params = [model.dense, model.sparse, model.bias]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    for step in range(1, steps + 1):
        error = (model.probabilities(x) - target) * weight
        spread = x.vals[:, None] * error[x.rows]
        grad_sparse = np.empty_like(model.sparse)
        for j in range(k):
            grad_sparse[:, j] = np.bincount(x.cols, spread[:, j], minlength=vocabulary)
        grads = (
            x.dense.T @ error + l2 * model.dense,
            grad_sparse + l2 * model.sparse,
            error.sum(0),
        )
        for p, g, (m1, m2) in zip(params, grads, moments, strict=True):
            m1 *= 0.9
            m1 += 0.1 * g
            m2 *= 0.999
            m2 += 0.001 * g * g
            p -= rate * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    return model


def vocabulary_of(documents: list[list[str]], min_count: int) -> dict[str, int]:
    """Words (and word pairs) seen in at least ``min_count`` training documents."""
    counts: dict[str, int] = {}
    for grams in documents:
        for gram in set(grams):
            counts[gram] = counts.get(gram, 0) + 1
    return {g: i for i, g in enumerate(sorted(g for g, n in counts.items() if n >= min_count))}
