"""The screen's semantic layer: an answer that *means* something like a disclosure is flagged
even when no rule matches.

Why: disclosures written by people who never saw the rules showed that rules catch the ways
of telling their authors thought of, and miss the rest ("relapsed last night", "they did
something to me down there on holiday"). Beside the rules (which stay, readable, and run
first) sits a small model trained on exemplars kept as data (``exemplars/<language>.yaml``:
disclosures by category, and answers that only look like them) and on labelled sets. It flags
an answer when its probability of being a disclosure reaches ``THRESHOLD``; the category comes
from a model of its own (``kinds``), and the reason shown to the safeguarding lead from the
nearest disclosure exemplar of that category.

The model reads the answer's meaning (the static embedding), its normalised words and word
pairs, and each word's 3- to 5-letter pieces: the English model reads Welsh, Polish, Arabic and
Urdu mostly as letters, and their pieces let an inflected or misspelt word carry what the word
does.

The threshold leans to flagging: a false alarm costs a lead a few minutes, a missed child
costs more. It is chosen, as the recipe the layer is trained with is (``training.py``), on how
the layer carries to a writer it never learned from: each blind development set held out
whole, the layer trained on the rest (``benchmarks/safeguarding_writers.py``). The unseen sets
are never used to choose either (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import copy
from collections.abc import Container, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from analysis.semantic.exemplars import ExemplarIndex
from analysis.semantic.logistic import Features, Logistic, group_weight
from analysis.semantic.static import StaticEmbedder
from analysis.semantic.threads import one_blas_thread

from . import kinds as kinds_model
from .categories import CATEGORIES
from .normalise import SENTENCE_BREAK, tokens

# Letter n-grams of each normalised word, beside the words: the English model reads Welsh,
# Polish, Arabic and Urdu mostly as letters, so "lladd", "zabić", "مار" and their misspellings
# and inflections ("ladd", "zabije", "مارتا") carry meaning only through their pieces.
PIECE_SIZES = (3, 4, 5)
# Past this many known pieces an answer's pieces weigh as their mean (``logistic.group_weight``):
# summed over hundreds of made-up words the pieces' small lean toward a disclosure grew without
# bound, and long nonsense was flagged as self-harm (docs/benchmarks.md, round 15). 300 is past
# 98% of the labelled answers (median 117); 150 or 60 cost held-out writers' disclosures. None:
# no cap.
PIECE_CAP: int | None = 300
PIECE_MARK = "#"  # no normalised word starts with it, so pieces and words never collide
_PIECE_CACHE_LIMIT = 100_000
# 0.72 since the dropped-word copies (``training.DROPOUT_COPIES``): there the layer's false
# alarms on held-out writers match the old recipe's at 0.70 (3.4% against 3.6%) for more of
# their disclosures (85.9% against 85.5%); at 0.70 it flagged more look-alikes (3.8%) and "my
# step dad is nice to me" (0.707).
THRESHOLD = 0.72
# Below the threshold but at least this likely: not a flag, but an answer worth a second look
# by the safeguarding lead (a list, not a case; survey/safeguarding/second_look.py). 0.5 was
# chosen before the unseen sets were measured with it: there the list held 5-16 of each set's
# missed disclosures for 2-5% of hard negatives and about 6% of everyday answers
# (``benchmarks/safeguarding.py --second-look``, docs/benchmarks.md).
SECOND_LOOK = 0.5


@dataclass(frozen=True)
class Labelled:
    text: str
    disclosure: bool
    category: str | None = None
    language: str = "en"

    @classmethod
    def of(cls, example: Any) -> Labelled:
        """A labelled set's row (``evaluate.Example``) as the layer learns it: its first
        category stands for the text."""
        first = example.categories[0] if example.categories else None
        return cls(example.text, example.disclosure, first, example.language)


@dataclass(frozen=True)
class MeaningFlag:
    """Why the meaning layer flagged or listed an answer, for the safeguarding lead. With
    ``rule``: a rule matched ``words`` in a long answer that the layer, reading it whole, found
    unlike a disclosure, so the match was set aside for the lead's second look
    (``screener.SET_ASIDE_BELOW``); ``exemplar`` and ``similarity`` are then empty."""

    probability: float
    category: str
    exemplar: str
    similarity: float
    second_look: bool = False  # below the threshold: for the lead's list, not a flag
    rule: str | None = None
    words: str | None = None

    def summary(self) -> dict[str, object]:
        """What the analysis and the web app keep of it (JSON): no model objects. The parts
        beside the English ``reason`` let the lead's pages say it in the lead's language."""
        found: dict[str, object] = {
            "category": self.category,
            "probability": self.probability,
            "similarity": self.similarity,
            "exemplar": self.exemplar,
            "reason": self.reason(),
        }
        if self.rule is not None:
            found |= {"rule": self.rule, "words": self.words or ""}
        return found

    def reason(self) -> str:
        if self.rule is not None:
            return (
                f"rule {self.rule} matched \u201c{self.words}\u201d, but read as a whole the "
                f"answer is unlike a disclosure (probability {self.probability:.2f}): listed for "
                "a second look, not opened as a case"
            )
        return (
            f"no rule matched; its meaning is close to a {CATEGORIES[self.category].lower()} "
            f"example (probability {self.probability:.2f}; nearest example, similarity "
            f"{self.similarity:.2f}: \u201c{self.exemplar}\u201d)"
        )


def grams(text: str, firsts: Container[str] | None = None) -> list[str]:
    """Normalised words (as the rules see them: no accents, leetspeak undone) and word pairs
    within a sentence. ``firsts``: form only the pairs whose first word is in it (the model's
    known pairs' first words), since building every pair only to miss it in the vocabulary
    was a tenth of an answer's analysis."""
    words = tokens(text)
    pairs = [
        f"{a} {b}"
        for a, b in pairwise(words)
        if (firsts is None or a in firsts) and SENTENCE_BREAK not in (a, b)
    ]
    return [*(w for w in words if w != SENTENCE_BREAK), *pairs]


def pieces(word: str) -> list[str]:
    """The 3- to 5-letter pieces of one normalised word, its edges marked so that a piece at
    the start or end of a word differs from one inside it ("cut" -> "#<cu", "#cut>", ...).
    One-letter words have none: they are text-speak ("u", "r"), not meaning."""
    if len(word) < 2:
        return []
    padded = f"<{word}>"
    return [PIECE_MARK + padded[i : i + n] for n in PIECE_SIZES for i in range(len(padded) - n + 1)]


def words_of(normalised: Sequence[str]) -> set[str]:
    return {w for w in normalised if w != SENTENCE_BREAK}


class MeaningScreen:
    def __init__(
        self,
        embedder: StaticEmbedder,
        logistic: Logistic,
        words: Sequence[str],
        exemplars: Sequence[Labelled],
        threshold: float = THRESHOLD,
        second_look: float = SECOND_LOOK,
        kinds: Logistic | None = None,
    ) -> None:
        self.embedder = embedder
        self.logistic = logistic
        # Names the kind of concern of what ``logistic`` flags; without it, the nearest
        # exemplar's category does (as before round 19).
        self.kinds = kinds
        self.words = list(words)
        self.vocabulary = {w: i for i, w in enumerate(self.words)}
        self._pair_firsts = frozenset(w.split(" ", 1)[0] for w in self.words if " " in w)
        self._pieces: dict[str, tuple[int, ...]] = {}
        # Per word, the sum of its pieces' weights and their count, for ``self._scored``'s
        # weights: scoring an answer then costs a lookup per word, not one per piece.
        self._scores: dict[str, tuple[float, int]] = {}
        self._scored: Logistic | None = None
        self.threshold = threshold
        self.second_look = second_look
        by_category: dict[str, list[str]] = {}
        for e in exemplars:
            if e.disclosure and e.category:
                by_category.setdefault(e.category, []).append(e.text)
        self.nearest = ExemplarIndex(embedder, by_category)

    def with_second_look(self, second_look: float) -> MeaningScreen:
        """The same layer (model, tables and caches shared) with another floor for the
        second-look list: a council may read a wider list than the one shipped."""
        if not 0.0 < second_look <= self.threshold:
            raise ValueError(f"second_look must be above 0 and at most {self.threshold}")
        widened = copy.copy(self)
        widened.second_look = second_look
        return widened

    def features(
        self, texts: Sequence[str], with_pieces: bool = True, dense: np.ndarray | None = None
    ) -> Features:
        """The model's inputs: meaning, words and word pairs, and (``with_pieces``) the words'
        letter pieces; :meth:`logits` adds the pieces' part more cheaply when screening.
        ``dense``: the texts' meaning, when it is already embedded."""
        known = self.vocabulary
        firsts = self._pair_firsts
        ids = [list({known[g] for g in grams(t, firsts) if g in known}) for t in texts]
        piece_ids = (
            [[i for w in words_of(tokens(t)) for i in self._piece_ids(w)] for t in texts]
            if with_pieces
            else None
        )
        meant = self.embedder.embed(texts) if dense is None else dense
        return Features.build(meant, ids, piece_ids, PIECE_CAP)

    def logits(self, texts: Sequence[str]) -> tuple[Features, np.ndarray]:
        """The features without pieces, and the logits with them: the same sum as
        ``logistic.logits(features(texts))`` (a test holds them equal), but an answer's pieces
        are added as one remembered score per word, so letter n-grams cost little at run time."""
        x = self.features(texts, with_pieces=False)
        out = self.logistic.logits(x)[:, 0]
        if self._scored is not self.logistic:
            self._scores, self._scored = {}, self.logistic
        get, score = self._scores.get, self._score
        for i, text in enumerate(texts):
            words = set(tokens(text))
            words.discard(SENTENCE_BREAK)
            total, count = 0.0, 0
            for word in words:
                found = get(word) or score(word)
                total += found[0]
                count += found[1]
            if count:
                out[i] += total * group_weight(count, PIECE_CAP)
        return x, out

    def _score(self, word: str) -> tuple[float, int]:
        """A word's pieces' summed weight and their count, remembered (to a bound)."""
        ids = self._piece_ids(word)
        found = (float(self.logistic.sparse[list(ids), 0].sum()) if ids else 0.0, len(ids))
        if len(self._scores) >= _PIECE_CACHE_LIMIT:
            self._scores.clear()
        self._scores[word] = found
        return found

    def _piece_ids(self, word: str) -> tuple[int, ...]:
        """A word's known pieces, remembered (to a bound): words repeat across answers."""
        found = self._pieces.get(word)
        if found is None:
            known = self.vocabulary
            found = tuple(known[p] for p in pieces(word) if p in known)
            if len(self._pieces) >= _PIECE_CACHE_LIMIT:
                self._pieces.clear()
            self._pieces[word] = found
        return found

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        with one_blas_thread(len(texts)):
            return 1.0 / (1.0 + np.exp(-self.logits(texts)[1]))

    def check(self, text: str) -> MeaningFlag | None:
        return self.check_many([text])[0]

    def check_many(
        self, texts: Sequence[str], *, with_second_look: bool = False
    ) -> list[MeaningFlag | None]:
        """For each text, why it is flagged, or None; the category comes from ``kinds`` and
        the reason from the nearest disclosure exemplar of that category. ``with_second_look``
        also answers for texts at least ``second_look`` likely, marked ``second_look`` when
        under the threshold."""
        if not texts:
            return []
        with one_blas_thread(len(texts)):
            return self._check_many(texts, with_second_look)

    def _check_many(self, texts: Sequence[str], with_second_look: bool) -> list[MeaningFlag | None]:
        x, logits = self.logits(texts)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return self._flags(texts, probabilities, with_second_look, x.dense)

    def explain(
        self,
        texts: Sequence[str],
        probabilities: Sequence[float],
        *,
        with_second_look: bool = False,
    ) -> list[MeaningFlag | None]:
        """:meth:`check_many` for texts whose probability is already judged (the screen
        weighs a sentence beside its neighbours, ``reading.judged``): why each is flagged, or
        None."""
        if not texts:
            return []
        with one_blas_thread(len(texts)):
            return self._flags(texts, np.asarray(probabilities, np.float64), with_second_look)

    def _flags(
        self,
        texts: Sequence[str],
        probabilities: np.ndarray,
        with_second_look: bool,
        dense: np.ndarray | None = None,
    ) -> list[MeaningFlag | None]:
        """The flags for these probabilities: each flagged text's kind of concern from
        ``kinds`` (or, without it, its nearest exemplar's), and the nearest disclosure exemplar
        of that kind to its meaning (``dense``, or embedded here for the flagged texts only)."""
        out: list[MeaningFlag | None] = [None] * len(texts)
        floor = min(self.threshold, self.second_look) if with_second_look else self.threshold
        flagged = np.flatnonzero(probabilities >= floor)
        if not len(flagged):
            return out
        meant = (
            dense[flagged]
            if dense is not None
            else self.embedder.embed([texts[int(i)] for i in flagged])
        )
        sims = self.nearest.similarities(meant)
        labels = [self.nearest.labels[int(b)] for b in self.nearest.best(sims).argmax(1)]
        if self.kinds is not None:
            x = self.features([texts[int(i)] for i in flagged], dense=meant)
            named = kinds_model.named(self.kinds, x)
            labels = [
                n if n in self.nearest.column else b for n, b in zip(named, labels, strict=True)
            ]
        for row, i in enumerate(flagged):
            found = self.nearest.nearest_in(sims[row], labels[row])
            out[i] = MeaningFlag(
                round(float(probabilities[i]), 3),
                found.label,
                found.exemplar,
                round(found.similarity, 3),
                bool(probabilities[i] < self.threshold),
            )
        return out
