"""How the semantic layer reads an answer, and how what it reads makes one judgement.

Why: one sentence of disclosure buried in an answer about buses is averaged away when the
answer is read whole, so the layer reads each sentence too and the most likely piece decides.
But a sentence read alone loses what its neighbours say: "he beats the boy every night" after
"in English we're reading a book", "bruises all down my back" in an answer about a rugby
tackle. Long answers with one alarming-sounding sentence were where most false alarms came
from (held-out writers' answers of 30 words or more: 14.4% of look-alikes flagged by the layer
alone; an unseen set of long answers: 31.7% by rules and layer together). So in an answer of
three sentences or more, a sentence counts only as far as it still reads as a disclosure
beside at least one of its neighbours: its probability is capped by the likelier of the two
sentence pairs it is part of, and the layer learns look-alikes' pairs as look-alikes. On
held-out writers this took the layer's false alarms on long answers from 14.4% to 8.5% for
93.9% -> 93.0% of their disclosures (the two it no longer flagged stayed on the second-look
list); capping by the mean of the pairs cut more (6.4%) but lost three times the
disclosures. The whole answer is still read as well, and a two-sentence answer is read as
before (its one pair is the whole answer; mixing a sentence with the whole lost buried
disclosures). Figures: docs/benchmarks.md, round 17.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from .normalise import sentences_of

if TYPE_CHECKING:
    from .meaning import MeaningFlag, MeaningScreen

Judgement = tuple[float, str]  # an answer's probability, and the piece that gives it

MEANING_WORDS = 2  # the fewest words the semantic layer judges on its own
# Whether sentences are weighed beside their neighbours (above); False reads each sentence
# alone, as before round 17 (for the held-out writers benchmark to compare).
WINDOWS = True


@dataclass(frozen=True)
class Reading:
    """Where one answer's pieces sit in the list the layer scores: the whole answer at
    ``start``, then its sentences, then each pair of neighbouring sentences."""

    owner: int
    start: int
    sentences: int
    windows: int


def windows_of(sentences: Sequence[str]) -> list[str]:
    """Each pair of neighbouring sentences, when there are three or more."""
    if not WINDOWS or len(sentences) < 3:
        return []
    return [f"{a} {b}" for a, b in pairwise(sentences)]


def _split(text: str) -> tuple[list[str], list[str]]:
    """An answer's sentences (none when it has only one) and their windows."""
    sentences = sentences_of(text)[1:]
    return sentences, windows_of(sentences)


def parts_of(text: str, windows: bool = True) -> list[str]:
    """What the layer reads of an answer besides the whole: its sentences and (``windows``)
    their windows; none for an answer of one sentence. The layer also learns a look-alike's
    parts as look-alikes."""
    sentences, pairs = _split(text)
    return [*sentences, *(pairs if windows else [])]


def pieces_of(texts: Sequence[str]) -> tuple[list[str], list[Reading]]:
    """Every piece the layer scores for these answers, and how each answer's pieces sit; an
    answer of one word ("no", "home", "kept") is left to the rules ("kms")."""
    pieces: list[str] = []
    readings: list[Reading] = []
    for i, text in enumerate(texts):
        if len(text.split()) < MEANING_WORDS:
            continue
        sentences, windows = _split(text)
        readings.append(Reading(i, len(pieces), len(sentences), len(windows)))
        pieces += [text, *sentences, *windows]
    return pieces, readings


def judged(reading: Reading, probabilities: Sequence[float]) -> tuple[float, int]:
    """The answer's probability and the index of the piece that gives it (the whole answer or
    one sentence), from the probabilities of every piece (as ``pieces_of`` lists them)."""
    at = reading.start
    best, where = float(probabilities[at]), at
    first = at + 1
    windows = first + reading.sentences
    for i in range(reading.sentences):
        p = float(probabilities[first + i])
        if reading.windows:
            around = [probabilities[windows + j] for j in (i - 1, i) if 0 <= j < reading.windows]
            p = min(p, float(max(around)))
        if p > best:
            best, where = p, first + i
    return best, where


def judgements(layer: MeaningScreen, texts: Sequence[str]) -> list[Judgement | None]:
    """The layer's judgement of each answer (``judged``), or None for an answer of one word:
    every piece of every answer is scored in one batch."""
    pieces, readings = pieces_of(texts)
    out: list[Judgement | None] = [None] * len(texts)
    if pieces:
        probabilities = layer.probabilities(pieces)
        for reading in readings:
            p, where = judged(reading, probabilities)
            out[reading.owner] = (p, pieces[where])
    return out


def explained(layer: MeaningScreen, found: Sequence[Judgement | None]) -> list[MeaningFlag | None]:
    """Why each judged answer is flagged or listed (the nearest exemplar to the piece that
    decided), or None when it is neither."""
    known = [(i, j) for i, j in enumerate(found) if j is not None]
    flags = layer.explain(
        [piece for _, (_, piece) in known],
        [p for _, (p, _) in known],
        with_second_look=True,
    )
    out: list[MeaningFlag | None] = [None] * len(found)
    for (i, _), flag in zip(known, flags, strict=True):
        out[i] = flag
    return out
