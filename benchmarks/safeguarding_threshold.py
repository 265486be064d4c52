"""How the semantic screen's threshold was chosen: five-fold on the blind development sets.

    .venv/bin/python benchmarks/safeguarding_threshold.py
    .venv/bin/python benchmarks/safeguarding_threshold.py --show 0.7   # also list what is missed

Each fold trains the meaning layer on the exemplars, our own labelled sets and the other four
fifths of the blind development sets (``evaluate.BLIND_DEV_PARTS``, pooled), then screens the
held-out fifth with rules and meaning together. Printed: recall and false alarms for a range of
thresholds, overall and per language, rules and layer together (the figure the issue sets a
target for) and the layer alone. The blind test set is never read here.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from analysis import evalsets
from analysis.safeguarding import default_screener
from analysis.safeguarding.evaluate import BLIND_DEV_PARTS, Example, load_examples
from analysis.safeguarding.meaning import Labelled
from analysis.safeguarding.screener import Screener
from analysis.safeguarding.training import everyday_answers, labelled_sets, load_exemplars, train
from analysis.semantic import load_embedder

THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)


def cross_validated(
    blind: list[Example], everyday: list[Labelled], folds: int = 5, seed: int = 5
) -> np.ndarray:
    """Each blind example's probability from a layer trained without its fold."""
    embedder = load_embedder()
    if embedder is None:
        raise SystemExit("no semantic table: run `make setup`")
    order = list(range(len(blind)))
    random.Random(seed).shuffle(order)
    exemplars, own = load_exemplars(), labelled_sets(("dev", "held_out"))
    probability = np.zeros(len(blind))
    for fold in (order[i::folds] for i in range(folds)):
        held = set(fold)
        rest = [Labelled.of(e) for i, e in enumerate(blind) if i not in held]
        screen = train(embedder, exemplars, [*own, *rest, *everyday], kinds=False)
        probability[fold] = screen.probabilities([blind[i].text for i in fold])
    return probability


def _rates(flag: np.ndarray, truth: np.ndarray, where: np.ndarray) -> str:
    return f"{100 * flag[truth & where].mean():5.1f}/{100 * flag[~truth & where].mean():4.1f}"


def _everyday_rates(screener: Screener, rules_flag: Callable[[str], bool]) -> None:
    """How often the layer flags everyday answers it never learned from: the theme evaluation
    split (answers about services written blind from 17 published reports), less those the
    rules flag. Some of them are disclosures, so this over-counts false alarms a little."""
    texts = [row["text"] for row in evalsets.real_rows()]
    texts = [t for t in texts if not rules_flag(t)]
    assert screener.meaning is not None
    p = screener.meaning.probabilities(texts)
    cells = "  ".join(f"{t:.2f}: {100 * (p >= t).mean():4.1f}%" for t in THRESHOLDS)
    print(f"everyday answers flagged by the layer ({len(texts)} not flagged by rules): {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=float, help="list misses and false alarms at this threshold")
    args = parser.parse_args(argv)
    blind = [e for part in BLIND_DEV_PARTS for e in load_examples(part)]
    rules = default_screener()
    rules_flag = lambda text: rules.screen(text, meaning=False).flag  # noqa: E731
    probability = cross_validated(blind, everyday_answers(rules_flag))
    by_rules = np.array(
        [
            rules.screen(e.text, locale=e.language, audience=e.audience, meaning=False).flag
            for e in blind
        ]
    )
    truth = np.array([e.disclosure for e in blind])
    language = np.array([e.language for e in blind])
    languages = sorted(set(language))
    everyone = np.ones(len(blind), dtype=bool)
    print(f"{len(blind)} texts ({', '.join(BLIND_DEV_PARTS)}); recall/false alarms in %")
    print(f"{'':18}{'all':>11}  " + "  ".join(f"{lang:>10}" for lang in languages))

    def row(name: str, flag: np.ndarray) -> None:
        cells = "  ".join(_rates(flag, truth, language == lang) for lang in languages)
        print(f"{name:18}{_rates(flag, truth, everyone)}  {cells}")

    row("rules alone", by_rules)
    for threshold in THRESHOLDS:
        row(f"rules+layer {threshold:.2f}", by_rules | (probability >= threshold))
        row("  layer alone", probability >= threshold)
    _everyday_rates(rules, rules_flag)
    if args.show is not None:
        flag = by_rules | (probability >= args.show)
        for e, f, p in zip(blind, flag, probability, strict=True):
            if f != e.disclosure:
                kind = "missed" if e.disclosure else "false alarm"
                print(f"{kind:11} {e.language} {p:.2f} {e.id}: {e.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
