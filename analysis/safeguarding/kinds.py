"""Which kind of concern an answer the meaning layer flagged is: a model of its own.

Why: until round 19 the category of an answer that only the meaning layer flagged was the
category of its nearest disclosure exemplar, found by the static table's meaning alone. Held
out by writer, that named the right kind of concern for about one disclosure in four (the table
reads English, and most exemplars are one short sentence); on the unseen sets, 221 of the 831
disclosures only the layer caught. The lead was told "close to an FGM example" for a child
cutting herself in the school toilets. A one-vs-rest logistic model over the layer's own inputs
(meaning, words, word pairs, letter pieces), trained on every labelled disclosure's category,
names the kind of concern instead (figures: docs/benchmarks.md, round 19); the nearest exemplar
*of that kind* is still shown as the reason, so the lead sees why. Whether to flag is not its
business: the layer's own model decides that, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.semantic.logistic import Features, Logistic, train

from .categories import CATEGORIES

KINDS = tuple(CATEGORIES)
# Half the layer's steps, to keep the first build short (about 40 s for 6,598 rows), and its
# light penalty; measured held out by writer with ``benchmarks/safeguarding_kinds.py``.
STEPS = 150
RATE = 0.05
L2 = 1e-5


def train_kinds(x: Features, vocabulary: int, categories: Sequence[Sequence[str]]) -> Logistic:
    """One output per kind of concern, from disclosures labelled with one or more kinds; each
    kind is rare among them, so its positives weigh more (up to the trainer's ``balance``)."""
    column = {kind: i for i, kind in enumerate(KINDS)}
    target = np.zeros((len(categories), len(KINDS)), np.float32)
    for row, kinds in enumerate(categories):
        for kind in kinds:
            target[row, column[kind]] = 1.0
    return train(x, vocabulary, target, steps=STEPS, rate=RATE, l2=L2, balance=8.0)


def named(kinds: Logistic, x: Features) -> list[str]:
    """Each answer's likeliest kind of concern."""
    if not len(x.dense):
        return []
    return [KINDS[int(i)] for i in kinds.logits(x).argmax(1)]
