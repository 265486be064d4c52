"""How the meaning layer (``meaning.py``) is taught: what it learns from, the recipe, and
the cache that spares each process the training.

Why apart: the layer at run time reads answers; everything here runs once per set of training
data (seconds to minutes), and the benchmarks that compare recipes change the recipe's values
below for one run (``benchmarks/safeguarding_writers.py``).

The recipe is chosen on how the layer carries to a writer it never learned from: each blind
development set held out whole, the layer trained on the rest. There a light penalty on the
weights (``L2`` 1e-5, was 1e-4) caught 85.0% of the held-out disclosures alone at 0.70 where the
old penalty caught 78.2% at 0.65, for the same false alarms (3.6% / 3.5%, rules and layer
together 5.8% both) and the same share of everyday answers flagged (5.0% / 4.9%); every language
gained (7 Dec 2026). A heavier penalty shrinks the words a new writer shares with the old ones
toward nothing. The unseen sets are never used to choose (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from analysis.datafiles import DataFileError, read_yaml
from analysis.evalsets import read_jsonl
from analysis.semantic.logistic import Logistic, vocabulary_of
from analysis.semantic.logistic import train as train_logistic
from analysis.semantic.static import StaticEmbedder, save_arrays

from . import kinds as kinds_model
from . import reading
from .augment import dropped_copies, made_up
from .categories import CATEGORIES
from .meaning import (
    PIECE_CAP,
    PIECE_SIZES,
    THRESHOLD,
    Labelled,
    MeaningScreen,
    grams,
    pieces,
    words_of,
)
from .normalise import tokens
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


def train(
    embedder: StaticEmbedder,
    exemplars: Sequence[Labelled],
    labelled: Sequence[Labelled],
    threshold: float = THRESHOLD,
    *,
    kinds: bool = True,
) -> MeaningScreen:
    """The layer trained on ``exemplars`` and ``labelled`` answers, with the copies and
    made-up answers the recipe adds. ``kinds``: also train the model that names a flag's kind
    of concern (from the exemplars' and labelled sets' disclosures, without the augmented
    copies); benchmarks that only count flags leave it out, and the nearest exemplar names
    the kind."""
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
        [[*grams(r.text), *(p for w in words_of(tokens(r.text)) for p in pieces(w))] for r in rows],
        MIN_COUNT,
    )
    blank = Logistic(
        np.zeros((embedder.dimensions, 1), np.float32),
        np.zeros((len(vocabulary), 1), np.float32),
        np.zeros(1, np.float32),
    )
    screen = MeaningScreen(embedder, blank, list(vocabulary), exemplars, threshold)
    x = screen.features([r.text for r in rows])
    target = np.array([[float(r.disclosure)] for r in rows], dtype=np.float32)
    screen.logistic = train_logistic(
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
        screen.kinds = learn_kinds(screen, original)
    return screen


def learn_kinds(screen: MeaningScreen, rows: Iterable[Labelled]) -> Logistic | None:
    """A model naming the kind of concern, learned from these rows' disclosures that have
    a category and read with ``screen``'s vocabulary; None when there are none."""
    named = [r for r in rows if r.disclosure and r.category]
    if not named:
        return None
    return kinds_model.train_kinds(
        screen.features([r.text for r in named]),
        len(screen.vocabulary),
        [(r.category,) for r in named],
    )


def cached(
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
        digest.update(json.dumps([row.text, row.disclosure, row.category, row.language]).encode())
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
            return MeaningScreen(
                embedder, Logistic.from_arrays(data), words, exemplars, kinds=kinds
            )
    screen = train(embedder, exemplars, labelled)
    if path is not None:
        arrays = {**screen.logistic.arrays(), "vocabulary": np.array(screen.words)}
        if screen.kinds is not None:
            arrays |= {f"kinds_{key}": a for key, a in screen.kinds.arrays().items()}
        save_arrays(path, arrays)
    return screen
