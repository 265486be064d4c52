"""How well the meaning layer carries to a writer it never learned from: leave one blind
development set out.

    .venv/bin/python benchmarks/safeguarding_writers.py
    .venv/bin/python benchmarks/safeguarding_writers.py --l2 1e-3 --steps 300   # a variant

Why: each blind development set was written by other writers, and the unseen check sets by
others again. ``safeguarding_threshold.py`` holds out random fifths, so a fold's test texts
share their writers' habits with its training texts, and it rewards learning those habits.
Here each fold holds out one whole set (one writer or group of writers): the layer is trained
on the exemplars, our own sets, everyday answers and the other sets, then screens the held-out
set as the screen does (the whole answer and each sentence weighed beside its neighbours, the
most likely; an adult's answer about nobody in particular counts only when the layer is sure).
The rules are applied as they are (a long answer's rule flag set aside when the held-out layer
finds the answer unlike a disclosure, as the screen does), so the rules' part is in-sample
(they were written from these sets' misses); the layer alone is what this measures. Printed per
threshold, pooled over the folds: recall and false alarms of the layer alone and of rules and
layer together, the macro mean of the folds' recall, the share of everyday answers (the theme
evaluation split, never learned from) each fold's layer flags, the share of long nonsense it
flags (made-up words, of another seed than the layer learns, and hex strings, which it never
learns) and of short everyday answers in six languages (``evaluation/everyday_short/``, never
learned); with ``--at``, the same by language and by length. The unseen sets are never read.
Options change the layer's recipe for this run only, to compare recipes on writers they were
not tuned on.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from analysis import evalsets
from analysis.safeguarding import (
    adults,
    augment,
    default_screener,
    meaning,
    reading,
    screener,
    training,
)
from analysis.safeguarding.evaluate import BLIND_DEV_PARTS, load_examples, short_everyday_probe
from analysis.safeguarding.meaning import Labelled, MeaningScreen
from analysis.safeguarding.training import everyday_answers, labelled_sets, load_exemplars
from analysis.semantic import load_embedder

THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.68, 0.7, 0.72, 0.75, 0.8)


def screened_probability(screen: MeaningScreen, texts: list[str]) -> np.ndarray:
    """As the screener asks the layer: the whole answer and each of its sentences (weighed
    beside its neighbours, ``reading.judged``), the most likely; an answer of one word is left
    to the rules (probability 0)."""
    pieces, readings = reading.pieces_of(texts)
    out = np.zeros(len(texts))
    if pieces:
        probabilities = screen.probabilities(pieces)
        for r in readings:
            out[r.owner] = reading.judged(r, probabilities)[0]
    return out


def flagged_share(folds: list[np.ndarray], threshold: float) -> float:
    """Per cent of a probe flagged at ``threshold``, averaged over the folds' layers."""
    return 100 * float(np.mean([(p >= threshold).mean() for p in folds]))


def print_groups(
    title: str,
    groups: list[tuple[str, np.ndarray]],
    flag: np.ndarray,
    both: np.ndarray,
    truth: np.ndarray,
) -> None:
    """Recall and false alarms of the layer alone and with the rules, within each group."""
    print(f"{title}: layer alone rec/FA, rules+layer rec/FA")
    for name, mine in groups:
        yes, no = truth & mine, ~truth & mine
        print(
            f"  {name:<5} {100 * flag[yes].mean():5.1f} / {100 * flag[no].mean():4.1f}"
            f"   {100 * both[yes].mean():5.1f} / {100 * both[no].mean():4.1f}"
            f"   ({yes.sum()} disclosures, {no.sum()} others)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=training.L2)
    parser.add_argument("--steps", type=int, default=training.STEPS)
    parser.add_argument("--rate", type=float, default=training.RATE)
    parser.add_argument("--min-count", type=int, default=training.MIN_COUNT)
    parser.add_argument(
        "--pieces", default=",".join(map(str, meaning.PIECE_SIZES)), help="e.g. 3,4,5 or none"
    )
    parser.add_argument("--folds", nargs="*", help="only these sets (default: every one)")
    switches = (
        (
            "--negative-sentences",
            training.NEGATIVE_SENTENCES,
            "learn each sentence of a long look-alike or everyday answer as a look-alike too",
        ),
        (
            "--windows",
            reading.WINDOWS,
            "weigh each sentence of a long answer beside its neighbours (reading.py)",
        ),
        (
            "--negative-windows",
            training.NEGATIVE_WINDOWS,
            "learn each pair of neighbouring sentences of a look-alike as a look-alike too",
        ),
    )
    for flag, on, explained in switches:
        parser.add_argument(
            flag, choices=("on", "off"), default="on" if on else "off", help=explained
        )
    parser.add_argument(
        "--set-aside",
        type=float,
        default=screener.SET_ASIDE_BELOW or 0.0,
        help="set a rule's flag on a long answer aside under this probability (0: never)",
    )
    parser.add_argument(
        "--adult-sure",
        type=float,
        default=adults.ADULT_SURE,
        help="an adult's answer about nobody in particular counts from this probability",
    )
    parser.add_argument("--dropout-copies", type=int, default=training.DROPOUT_COPIES)
    parser.add_argument("--dropout", type=float, default=training.DROPOUT)
    parser.add_argument(
        "--piece-cap",
        type=int,
        default=meaning.PIECE_CAP or 0,
        help="pieces past which they weigh as a mean (0: no cap)",
    )
    parser.add_argument("--made-up", type=int, default=training.MADE_UP)
    parser.add_argument(
        "--everyday-short",
        choices=("language", "everyday", "off"),
        default=training.EVERYDAY_SHORT or "off",
        help="learn the short everyday answers in six languages in their language's group",
    )
    parser.add_argument("--no-own", action="store_true", help="without our own labelled sets")
    parser.add_argument("--at", type=float, help="also print each language's figures here")
    parser.add_argument(
        "--save", type=Path, help="write each held-out answer's probability and labels (.npz)"
    )
    args = parser.parse_args(argv)
    training.L2, training.STEPS, training.RATE = args.l2, args.steps, args.rate
    training.MIN_COUNT = args.min_count
    training.DROPOUT_COPIES, training.DROPOUT = args.dropout_copies, args.dropout
    training.NEGATIVE_SENTENCES = args.negative_sentences == "on"
    reading.WINDOWS = args.windows == "on"
    screener.SET_ASIDE_BELOW = args.set_aside or None
    adults.ADULT_SURE = args.adult_sure
    training.NEGATIVE_WINDOWS = args.negative_windows == "on"
    meaning.PIECE_CAP = args.piece_cap or None
    training.MADE_UP = args.made_up
    training.EVERYDAY_SHORT = None if args.everyday_short == "off" else args.everyday_short
    meaning.PIECE_SIZES = (
        () if args.pieces == "none" else tuple(int(n) for n in args.pieces.split(","))
    )
    embedder = load_embedder()
    if embedder is None:
        raise SystemExit("no semantic table: run `make setup`")
    rules = default_screener()
    rules_flag = lambda text: rules.screen(text, meaning=False).flag  # noqa: E731
    everyday = everyday_answers(rules_flag)
    exemplars = load_exemplars()
    own = [] if args.no_own else labelled_sets(("dev", "held_out"))
    sets = {part: load_examples(part) for part in BLIND_DEV_PARTS}
    probe = [r["text"] for r in evalsets.real_rows()]
    probe = [t for t in probe if not rules_flag(t)]
    print(
        f"recipe: l2 {training.L2:g}, steps {training.STEPS}, rate {training.RATE:g}, "
        f"min count {training.MIN_COUNT}, pieces {meaning.PIECE_SIZES or 'none'}, "
        f"negative sentences {'on' if training.NEGATIVE_SENTENCES else 'off'}, "
        f"windows {args.windows} (learned {args.negative_windows}), "
        f"rules set aside under {screener.SET_ASIDE_BELOW}, adult sure {adults.ADULT_SURE}, "
        f"dropout {training.DROPOUT_COPIES} x {training.DROPOUT:g}, piece cap {meaning.PIECE_CAP}, "
        f"made-up answers {training.MADE_UP}, short everyday answers {training.EVERYDAY_SHORT}"
    )
    layer, truth, by_rules, fold_of, language, length, texts = [], [], [], [], [], [], []
    everyday_p, nonsense_p, hex_p, short_p = [], [], [], []
    short = [r["text"] for r in short_everyday_probe()]
    # Not the seed the layer learns made-up answers with (``training.MADE_UP``); and, unlike
    # anything it learns, hex strings (a pasted key), whose digits the screen reads as letters.
    made_up = augment.made_up(100, (200, 200), seed=1) + augment.made_up(100, (60, 60), seed=2)
    rng = random.Random(0)
    hexes = [" ".join(rng.randbytes(3).hex() for _ in range(200)) for _ in range(100)]
    started = time.perf_counter()
    for part in args.folds or BLIND_DEV_PARTS:
        rest = [e for other, examples in sets.items() if other != part for e in examples]
        learned = [*own, *(Labelled.of(e) for e in rest), *everyday]
        screen = training.train(embedder, exemplars, learned, kinds=False)
        held = sets[part]
        held_p = screened_probability(screen, [e.text for e in held])
        # As the screen uses the layer: an adult's answer about nobody in particular that the
        # layer is not sure of does not count (``Screener.meaning_counts``).
        counts = [
            rules.meaning_counts(e.text, e.audience, q) for e, q in zip(held, held_p, strict=True)
        ]
        layer.append(np.where(counts, held_p, 0.0))
        truth.append(np.array([e.disclosure for e in held]))
        # A rule's flag stands unless the held-out layer sets it aside, as the screen does
        # (``screener.SET_ASIDE_BELOW``: a long answer it finds unlike a disclosure).
        by_rules.append(
            np.array(
                [
                    rules.screen(e.text, locale=e.language, audience=e.audience, meaning=False).flag
                    and not screener.sets_aside(e.text, q)
                    for e, q in zip(held, held_p, strict=True)
                ]
            )
        )
        fold_of += [part] * len(held)
        language += [e.language for e in held]
        length += [len(e.text.split()) for e in held]
        texts += [e.text for e in held]
        everyday_p.append(screened_probability(screen, probe))
        nonsense_p.append(screened_probability(screen, made_up))
        hex_p.append(screened_probability(screen, hexes))
        short_p.append(screened_probability(screen, short))
    p, t, r = np.concatenate(layer), np.concatenate(truth), np.concatenate(by_rules)
    folds = np.array(fold_of)
    print(
        f"{len(p)} texts in {len(layer)} folds ({time.perf_counter() - started:.0f} s); "
        f"{len(probe)} everyday answers not flagged by the rules"
    )
    print(
        "threshold  layer alone rec/FA   rules+layer rec/FA   folds' mean rec   "
        "rules' misses caught   everyday flagged   made-up / hex flagged   short everyday"
    )
    for threshold in THRESHOLDS:
        flag = p >= threshold
        both = flag | r
        per_fold = [both[t & (folds == f)].mean() for f in dict.fromkeys(fold_of)]
        missed_by_rules = t & ~r
        print(
            f"{threshold:9.2f}  {100 * flag[t].mean():5.1f} / {100 * flag[~t].mean():4.1f}"
            f"        {100 * both[t].mean():5.1f} / {100 * both[~t].mean():4.1f}"
            f"        {100 * np.mean(per_fold):5.1f}"
            f"            {flag[missed_by_rules].sum():3d} of {missed_by_rules.sum():3d}"
            f"            {flagged_share(everyday_p, threshold):4.1f}%"
            f"             {flagged_share(nonsense_p, threshold):4.1f}% / "
            f"{flagged_share(hex_p, threshold):4.1f}%"
            f"        {flagged_share(short_p, threshold):4.1f}%"
        )
    if args.save is not None:
        np.savez(
            args.save,
            probability=p,
            disclosure=t,
            by_rules=r,
            fold=folds,
            language=np.array(language),
            words=np.array(length),
            text=np.array(texts),
        )
    if args.at is not None:
        flag, where, words = p >= args.at, np.array(language), np.array(length)
        print_groups(
            f"at {args.at:.2f}, per language",
            [(lang, where == lang) for lang in sorted(set(language))],
            flag,
            flag | r,
            t,
        )
        print_groups(
            f"at {args.at:.2f}, by length in words",
            [("1-6", words <= 6), ("7-29", (words >= 7) & (words <= 29)), ("30+", words >= 30)],
            flag,
            flag | r,
            t,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
