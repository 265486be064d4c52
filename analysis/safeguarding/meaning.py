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
costs more. The recipe and threshold are chosen on how the layer carries to a writer it never
learned from: each blind development set held out whole, the layer trained on the rest
(``benchmarks/safeguarding_writers.py``). There a light penalty on the weights (``L2`` 1e-5,
was 1e-4) caught 85.0% of the held-out disclosures alone at 0.70 where the old penalty caught
78.2% at 0.65, for the same false alarms (3.6% / 3.5%, rules and layer together 5.8% both) and
the same share of everyday answers flagged (5.0% / 4.9%); every language gained (7 Dec 2026).
Since each labelled answer is also learned with a quarter of its words left out
(``DROPOUT_COPIES``), the threshold is 0.72, where the held-out false alarms are no higher.
A heavier penalty shrinks the words a new writer shares with the old ones toward nothing; the
random fifths that chose 0.65 first (``benchmarks/safeguarding_threshold.py``) share writers
across folds and could not show this. The unseen sets are never used to choose either
(docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from analysis.datafiles import DataFileError, read_yaml
from analysis.evalsets import read_jsonl
from analysis.semantic.exemplars import ExemplarIndex
from analysis.semantic.logistic import Features, Logistic, group_weight, train, vocabulary_of
from analysis.semantic.static import StaticEmbedder, save_arrays
from analysis.semantic.threads import one_blas_thread

from . import kinds as kinds_model
from . import reading
from .augment import dropped_copies, made_up
from .categories import CATEGORIES
from .normalise import SENTENCE_BREAK, tokens
from .reading import parts_of

EXEMPLARS_DIR = Path(__file__).with_name("exemplars")
EVALUATION_DIR = Path(__file__).with_name("evaluation")
# Everyday answers about services (the theme training set, written blind from published
# reports): what most free text is. Never the theme evaluation split (evaluation/real/).
EVERYDAY_DIR = Path(__file__).parents[1] / "evaluation" / "train"
EVERYDAY = "everyday"  # their group in language_balance: weighed apart from every language
# Everyday answers in all six languages, mostly of a few words ("nic takiego", "لا شي", "dim
# byd"), written blind to be learned as everyday ones: the theme sets above are English only,
# and the layer had flagged "nothing much" in Polish and "nothing" in Arabic (round 16).
# "language": learned in their own language's group, as the blind sets' answers are;
# "everyday": in the English everyday answers' group; None: not learned.
EVERYDAY_SHORT_DIR = Path(__file__).with_name("everyday")
EVERYDAY_SHORT: str | None = "language"
RECIPE = 8
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
# 0.72 since the dropped-word copies (below): there the layer's false alarms on held-out
# writers match the old recipe's at 0.70 (3.4% against 3.6%) for more of their disclosures
# (85.9% against 85.5%); at 0.70 it flagged more look-alikes (3.8%) and "my step dad is nice to
# me" (0.707).
THRESHOLD = 0.72
# Below the threshold but at least this likely: not a flag, but an answer worth a second look
# by the safeguarding lead (a list, not a case; survey/safeguarding/second_look.py). 0.5 was
# chosen before the unseen sets were measured with it: there the list held 5-16 of each set's
# missed disclosures for 2-5% of hard negatives and about 6% of everyday answers
# (``benchmarks/safeguarding.py --second-look``, docs/benchmarks.md).
SECOND_LOOK = 0.5
MIN_COUNT = 2
# Each sentence of a long answer that is not a disclosure is also learned as one: the screen
# reads a long answer sentence by sentence too (``normalise.sentences_of``), and a sentence
# never seen alone was where everyday answers were flagged (held-out writers: everyday answers
# flagged 5.0% -> 3.2%, their disclosures 85.0% -> 84.5%; docs/benchmarks.md, round 13).
NEGATIVE_SENTENCES = True
# And, where the screen weighs a sentence beside its neighbours (``reading.WINDOWS``), each
# pair of neighbouring sentences of such an answer too.
NEGATIVE_WINDOWS = True
# Each labelled answer of four words or more is learned a second time with about a quarter of
# its words left out: a new writer tells the same thing with other words round it, and a model
# that must do without any one word leans on all of them (held-out writers, 13 sets: the
# layer alone caught 85.5% -> 87.0% for false alarms 3.6% -> 3.8%, everyday answers flagged
# 3.1% -> 2.9%; docs/benchmarks.md, round 14). Two copies, or a rate of 0.4, did no better;
# the exemplars left out of it did better than with them.
DROPOUT_COPIES, DROPOUT = 1, 0.25
# Answers of made-up words learned as everyday answers (a child mashing the keyboard): letters
# the model has not seen together leaned toward a disclosure, because the languages it reads as
# letters are where most of its disclosures are. With the cap, 100 such answers (1 to 200 words)
# took long nonsense flagged on held-out writers' layers from 28% (made-up words) and 58% (hex)
# to none, for 86.5% / 3.6% of their disclosures / look-alikes (86.5% / 3.7% before); 200 or
# 400 did no better (docs/benchmarks.md, round 15). 0: none.
MADE_UP = 100
STEPS, RATE, L2 = 300, 0.05, 1e-5


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


def _words(normalised: Sequence[str]) -> set[str]:
    return {w for w in normalised if w != SENTENCE_BREAK}


def load_exemplars(folder: Path = EXEMPLARS_DIR) -> list[Labelled]:
    """Every exemplar file's disclosures (by category) and look-alikes; errors name the file,
    the place and the fix, as for the rules."""
    found: list[Labelled] = []
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path)
        for category, texts in (data.get("disclosure") or {}).items():
            if category not in CATEGORIES:
                raise DataFileError(
                    path, f"disclosure.{category}", "unknown category", "use an id from CATEGORIES"
                )
            found += [Labelled(str(t), True, category, path.stem) for t in texts or []]
        found += [
            Labelled(str(t), False, None, path.stem) for t in data.get("not_disclosure") or []
        ]
    return found


def labelled_sets(parts: Iterable[str] | None = None) -> list[Labelled]:
    """Labelled answers that may be learned from (by default ours and every blind development
    set, ``evaluate.BLIND_DEV_PARTS``): never the blind test set."""
    from .evaluate import BLIND_DEV_PARTS, UNSEEN, load_examples

    rows = []
    parts = ("dev", "held_out", *BLIND_DEV_PARTS) if parts is None else parts
    for part in parts:
        if part in UNSEEN:
            raise ValueError(f"{part} must never be learned from")
        rows += [Labelled.of(e) for e in load_examples(part, EVALUATION_DIR)]
    return rows


def everyday_answers(
    rules_flag: Callable[[str], bool], folder: Path = EVERYDAY_DIR
) -> list[Labelled]:
    """Everyday answers as look-alikes, leaving out any the rules flag (some answers about
    services are disclosures). The blind sets' negatives all share words with disclosures, so
    without these the layer learns that whatever is not such a look-alike is a disclosure,
    and flags "no", "not sure what you want me to say" or "fillings cost too much"."""
    # Each file, and whether its rows are weighed in their own language's group.
    sources = [
        (path, False)
        for path in sorted(folder.glob("*.jsonl"))
        if not path.name.endswith(".sources.jsonl")
    ]
    if EVERYDAY_SHORT:
        own = EVERYDAY_SHORT == "language"
        sources += [(path, own) for path in sorted(EVERYDAY_SHORT_DIR.glob("*.jsonl"))]
    rows = []
    for path, own_language in sources:
        for row in read_jsonl(path):
            if row["text"] and not rules_flag(row["text"]):
                group = row["language"] if own_language else EVERYDAY
                rows.append(Labelled(row["text"], False, None, group))
    return rows


def language_balance(rows: Sequence[Labelled]) -> np.ndarray:
    """Weights under which, in every language, disclosures and look-alikes weigh the same and
    every language weighs by its size: otherwise a language whose examples are mostly
    disclosures (most of our Urdu ones are) teaches the model that the script is a warning."""
    counts: dict[tuple[str, bool], int] = {}
    sizes: dict[str, int] = {}
    for r in rows:
        counts[r.language, r.disclosure] = counts.get((r.language, r.disclosure), 0) + 1
        sizes[r.language] = sizes.get(r.language, 0) + 1
    weights = np.array(
        [sizes[r.language] / (2.0 * counts[r.language, r.disclosure]) for r in rows],
        dtype=np.float32,
    )
    return weights / weights.mean()


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
            [[i for w in _words(tokens(t)) for i in self._piece_ids(w)] for t in texts]
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

    @classmethod
    def train(
        cls,
        embedder: StaticEmbedder,
        exemplars: Sequence[Labelled],
        labelled: Sequence[Labelled],
        threshold: float = THRESHOLD,
        *,
        kinds: bool = True,
    ) -> MeaningScreen:
        """``kinds``: also train the model that names a flag's kind of concern (from the
        exemplars' and labelled sets' disclosures, without the augmented copies); benchmarks
        that only count flags leave it out, and the nearest exemplar names the kind."""
        original = [*exemplars, *labelled]
        if NEGATIVE_SENTENCES:
            labelled = [
                *labelled,
                *(
                    Labelled(piece, False, None, row.language)
                    for row in labelled
                    if not row.disclosure
                    for piece in parts_of(row.text, NEGATIVE_WINDOWS)
                ),
            ]
        labelled = [*labelled, *dropped_copies(labelled, DROPOUT_COPIES, DROPOUT)]
        labelled += [Labelled(t, False, None, EVERYDAY) for t in made_up(MADE_UP, (1, 200), 0)]
        rows = [*exemplars, *labelled]
        vocabulary = vocabulary_of(
            [
                [*grams(r.text), *(p for w in _words(tokens(r.text)) for p in pieces(w))]
                for r in rows
            ],
            MIN_COUNT,
        )
        blank = Logistic(
            np.zeros((embedder.dimensions, 1), np.float32),
            np.zeros((len(vocabulary), 1), np.float32),
            np.zeros(1, np.float32),
        )
        screen = cls(embedder, blank, list(vocabulary), exemplars, threshold)
        x = screen.features([r.text for r in rows])
        target = np.array([[float(r.disclosure)] for r in rows], dtype=np.float32)
        screen.logistic = train(
            x,
            len(vocabulary),
            target,
            steps=STEPS,
            rate=RATE,
            l2=L2,
            balance=1.0,
            sample_weight=language_balance(rows),
        )
        if kinds:
            screen.kinds = screen.learn_kinds(original)
        return screen

    def learn_kinds(self, rows: Iterable[Labelled]) -> Logistic | None:
        """A model naming the kind of concern, learned from these rows' disclosures that have
        a category and read with this layer's vocabulary; None when there are none."""
        named = [r for r in rows if r.disclosure and r.category]
        if not named:
            return None
        return kinds_model.train_kinds(
            self.features([r.text for r in named]),
            len(self.vocabulary),
            [(r.category,) for r in named],
        )

    @classmethod
    def cached(
        cls,
        embedder: StaticEmbedder,
        folder: Path | None,
        everyday: Sequence[Labelled] = (),
    ) -> MeaningScreen:
        """Trained on the bundled exemplars, labelled sets and ``everyday`` answers; weights
        cached in ``folder`` under a key of everything that went in, so editing an exemplar
        retrains (seconds)."""
        exemplars = load_exemplars()
        labelled = [*labelled_sets(), *everyday]
        digest = hashlib.sha256(
            json.dumps(
                [
                    RECIPE,
                    PIECE_SIZES,
                    PIECE_CAP,
                    MIN_COUNT,
                    NEGATIVE_SENTENCES,
                    NEGATIVE_WINDOWS and reading.WINDOWS,
                    DROPOUT_COPIES,
                    DROPOUT,
                    MADE_UP,
                    STEPS,
                    RATE,
                    L2,
                    [kinds_model.KINDS, kinds_model.STEPS, kinds_model.RATE, kinds_model.L2],
                    embedder.fingerprint,
                ]
            ).encode()
        )
        for row in (*exemplars, *labelled):
            # The language too: it is the row's group in ``language_balance``.
            digest.update(
                json.dumps([row.text, row.disclosure, row.category, row.language]).encode()
            )
        path = folder / f"screen-{digest.hexdigest()[:20]}.npz" if folder else None
        if path is not None and path.is_file():
            with np.load(path, allow_pickle=False) as data:
                words = [str(w) for w in data["vocabulary"]]
                kinds = (
                    Logistic.from_arrays(
                        {key: data[f"kinds_{key}"] for key in ("dense", "sparse", "bias")}
                    )
                    if "kinds_dense" in data
                    else None
                )
                return cls(embedder, Logistic.from_arrays(data), words, exemplars, kinds=kinds)
        screen = cls.train(embedder, exemplars, labelled)
        if path is not None:
            arrays = {**screen.logistic.arrays(), "vocabulary": np.array(screen.words)}
            if screen.kinds is not None:
                arrays |= {f"kinds_{key}": a for key, a in screen.kinds.arrays().items()}
            save_arrays(path, arrays)
        return screen
