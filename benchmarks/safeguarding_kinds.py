"""Whether a flag names the right kind of concern: the kinds model against the nearest
exemplar, on writers neither learned from.

    .venv/bin/python benchmarks/safeguarding_kinds.py                     # every development set
    .venv/bin/python benchmarks/safeguarding_kinds.py --fold blind_dev20  # one (repeatable)
    .venv/bin/python benchmarks/safeguarding_kinds.py --unseen            # and the unseen sets

Each fold holds out one blind development set whole: the kinds model
(``training.learn_kinds``, as the layer trains it) learns from the exemplars, our own sets
and the other development sets' disclosures, then names each held-out disclosure's kind; the
nearest exemplar (the way before round 19) names it too. Right means the named kind is one of
the writer's labels. Printed over every held-out disclosure, over those no rule matches (the
ones the layer alone can catch, so whose kind the lead reads from it), and by language.
``--unseen`` screens the unseen sets with the shipped screen, with and without its kinds model,
and counts the disclosures only the layer flagged whose kind is right: counts only, never a text.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.safeguarding import default_screener, kinds
from analysis.safeguarding.evaluate import BLIND_DEV_PARTS, UNSEEN, load_examples
from analysis.safeguarding.training import labelled_sets, learn_kinds, load_exemplars


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}% ({right}/{total})" if total else "  -"


def held_out(folds: list[str]) -> None:
    screener = default_screener()
    layer = screener.meaning
    if layer is None:
        raise SystemExit("the meaning layer is absent: run `make setup` first")
    exemplars = load_exemplars()
    counts: dict[str, list[int]] = {}
    for fold in folds:
        started = time.perf_counter()
        learned = labelled_sets([p for p in ("dev", "held_out", *BLIND_DEV_PARTS) if p != fold])
        model = learn_kinds(layer, [*exemplars, *learned])
        assert model is not None
        tested = [e for e in load_examples(fold) if e.disclosure]
        x = layer.features([e.text for e in tested])
        named = kinds.named(model, x)
        index = layer.nearest
        nearest = [index.labels[int(i)] for i in index.best(index.similarities(x.dense)).argmax(1)]
        for e, by_model, by_nearest in zip(tested, named, nearest, strict=True):
            unmatched = not screener.screen(e.text, locale=e.language, meaning=False).flag
            for key in ("all", "no rule" if unmatched else None, e.language if unmatched else None):
                if key is not None:
                    c = counts.setdefault(key, [0, 0, 0])
                    c[0] += by_model in e.categories
                    c[1] += by_nearest in e.categories
                    c[2] += 1
        print(f"  {fold} held out ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    print(f"{len(folds)} development sets held out one by one; right kind named:")
    print(f"{'':24} {'kinds model':22} nearest exemplar")
    for key in ("all", "no rule", *sorted(k for k in counts if len(k) == 2)):
        if key in counts:
            m, n, total = counts[key]
            label = {"all": "every disclosure", "no rule": "no rule matches"}.get(key, f"  {key}")
            print(f"{label:24} {_pct(m, total):22} {_pct(n, total)}")


def unseen() -> None:
    screener = default_screener()
    layer = screener.meaning
    shipped = layer.kinds
    print("unseen sets, disclosures only the layer flagged, right kind named:")
    for name, model in (("kinds model", shipped), ("nearest exemplar", None)):
        layer.kinds = model
        right = total = 0
        for part in sorted(UNSEEN):
            for e in load_examples(part):
                if not e.disclosure:
                    continue
                result = screener.screen(e.text, locale=e.language, audience=e.audience)
                if result.status == "flagged" and result.meaning is not None:
                    total += 1
                    right += result.categories[0] in e.categories
        print(f"  {name:18} {_pct(right, total)}")
    layer.kinds = shipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fold", action="append", choices=BLIND_DEV_PARTS)
    parser.add_argument("--unseen", action="store_true", help="also count the unseen sets")
    args = parser.parse_args()
    held_out(args.fold or list(BLIND_DEV_PARTS))
    if args.unseen:
        unseen()
    return 0


if __name__ == "__main__":
    sys.exit(main())
