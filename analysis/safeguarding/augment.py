"""What the meaning layer learns besides the labelled answers themselves.

Why: the labelled sets are a few thousand answers by a few dozen writers. A new writer tells
the same thing with other words round it, so each answer is also learned with some words left
out (``dropped_copies``); and a child mashing the keys tells nothing, but letters the layer has
not seen together leaned toward a disclosure, so made-up answers are learned as everyday ones
(``made_up``). Both use fixed seeds: the same rows give the same model, and its cache key holds.
The rates and counts are chosen on held-out writers (``benchmarks/safeguarding_writers.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np

Row = TypeVar("Row", bound=Any)  # a frozen dataclass with a ``text`` (``meaning.Labelled``)


def dropped_copies(rows: Sequence[Row], copies: int, rate: float) -> list[Row]:
    """``copies`` of each row of four words or more, each word left out with chance ``rate``,
    the words kept in their order and everything else about the row kept."""
    rng = np.random.default_rng(0)
    out = []
    for row in rows:
        words = row.text.split()
        if len(words) < 4:
            continue
        for _ in range(copies):
            keep = rng.random(len(words)) >= rate
            if keep.all() or not keep.any():
                continue
            out.append(
                replace(row, text=" ".join(w for w, k in zip(words, keep, strict=True) if k))
            )
    return out


def made_up(answers: int, words: tuple[int, int], seed: int) -> list[str]:
    """Answers of ``words`` (least, most) made-up words of 2 to 9 random letters."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return [
        " ".join(
            "".join(rng.choice(letters, size=rng.integers(2, 10)))
            for _ in range(rng.integers(words[0], words[1] + 1))
        )
        for _ in range(answers)
    ]
