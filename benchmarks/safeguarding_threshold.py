"""How the semantic screen's threshold was chosen: five-fold on the blind development sets.

    .venv/bin/python benchmarks/safeguarding_threshold.py

Each fold trains the meaning layer on the exemplars, our own labelled sets and the other four
fifths of the blind development sets (``blind_dev`` and ``blind_dev2``, pooled), then screens
the held-out fifth with rules and meaning together. Printed: recall and false alarms for a
range of thresholds, overall and per language. The blind test set is never read here.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from analysis.safeguarding import default_screener
from analysis.safeguarding.evaluate import load_examples
from analysis.safeguarding.meaning import Labelled, MeaningScreen, labelled_sets, load_exemplars
from analysis.semantic import load_embedder

THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)
BLIND_PARTS = ("blind_dev", "blind_dev2")


def main() -> int:
    embedder = load_embedder()
    if embedder is None:
        print("no semantic table: run `make setup`")
        return 1
    rules = default_screener()
    blind = [e for part in BLIND_PARTS for e in load_examples(part)]
    order = list(range(len(blind)))
    random.Random(5).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    exemplars, own = load_exemplars(), labelled_sets(("dev", "held_out"))
    probability = np.zeros(len(blind))
    for fold in folds:
        held = set(fold)
        rest = [
            Labelled(e.text, e.disclosure, e.categories[0] if e.categories else None, e.language)
            for i, e in enumerate(blind)
            if i not in held
        ]
        screen = MeaningScreen.train(embedder, exemplars, [*own, *rest])
        probability[fold] = screen.probabilities([blind[i].text for i in fold])
    by_rules = np.array(
        [
            rules.screen(e.text, locale=e.language, audience=e.audience, meaning=False).flag
            for e in blind
        ]
    )
    truth = np.array([e.disclosure for e in blind])
    language = np.array([e.language for e in blind])
    print(
        f"rules alone: recall {by_rules[truth].mean():.3f}, false alarms "
        f"{by_rules[~truth].mean():.3f}"
    )
    for threshold in THRESHOLDS:
        alone = probability >= threshold
        flag = by_rules | alone
        per = "  ".join(
            f"{lang} {alone[truth & (language == lang)].mean():.2f}/"
            f"{alone[~truth & (language == lang)].mean():.2f}"
            for lang in sorted(set(language))
        )
        print(
            f"threshold {threshold:.2f}: meaning alone recall {alone[truth].mean():.3f}, false "
            f"alarms {alone[~truth].mean():.3f}; with rules recall {flag[truth].mean():.3f}, "
            f"false alarms {flag[~truth].mean():.3f}\n    meaning alone per language: {per}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
