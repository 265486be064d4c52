"""A stand-in for the screen's semantic layer (``MeaningScreen``) in tests that need it to say
something fixed: what it finds for each piece of an answer comes from ``found_for``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from analysis.safeguarding.meaning import SECOND_LOOK, THRESHOLD, MeaningFlag


class StubLayer:
    """Answers the two questions the screener asks the layer: how likely each piece is (the
    finding's probability, 0 without one) and why a judged answer is flagged or listed."""

    threshold = THRESHOLD
    second_look = SECOND_LOOK

    def __init__(self, found_for: Callable[[str], MeaningFlag | None]) -> None:
        self.found_for = found_for
        self.seen: list[str] = []
        self.asked: list[bool] = []

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        self.seen += texts
        found = [self.found_for(t) for t in texts]
        return np.array([f.probability if f else 0.0 for f in found])

    def explain(
        self,
        texts: Sequence[str],
        probabilities: Sequence[float],
        *,
        with_second_look: bool = False,
    ) -> list[MeaningFlag | None]:
        self.asked.append(with_second_look)
        floor = min(THRESHOLD, SECOND_LOOK) if with_second_look else THRESHOLD
        out: list[MeaningFlag | None] = []
        for text, p in zip(texts, probabilities, strict=True):
            found = self.found_for(text)
            if found is None or p < floor:
                out.append(None)
            else:
                judged = round(float(p), 3)
                out.append(replace(found, probability=judged, second_look=p < THRESHOLD))
        return out
