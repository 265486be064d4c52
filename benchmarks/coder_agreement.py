"""How far two coders agree on the realistic set, and where the analysis stands between them.

    .venv/bin/python benchmarks/coder_agreement.py            # test split
    .venv/bin/python benchmarks/coder_agreement.py --split dev

The theme target (sample-F1 0.75 against the report's coding) is only meaningful beside what a
second coder gets against the same labels: a figure above two people's agreement would mean
the analysis had learned one coder's habits, not the answers. A second coder, working blind
(analysis/evaluation/second_coder/README.md: the codebook's names and descriptions, each
answer's text and who gave it; never the reports, the first coding, the lexicon or the model),
coded every answer of the realistic set. This prints, for one split:

- the second coder against the first (the blind writers' labels, taken from the reports);
- the analysis against the first, words only and with question context (as
  benchmarks/analysis_quality.py);
- the analysis against the second coder, and against answers where the two coders agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import analyse
from analysis.evalsets import EVALUATION, read_jsonl, real_rows, with_context
from analysis.metrics import evaluate, ranking
from benchmarks.analysis_quality import THEMES, clear_screen

SECOND = EVALUATION / "second_coder" / "real.jsonl"


def figures(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    report = evaluate(gold, predicted, THEMES)
    rank = ranking(gold, predicted)
    return {
        "sample_f1": round(report.samples_f1, 3),
        "micro_f1": round(report.micro_f1, 3),
        "top1": round(rank.top1, 3),
        "hit3": round(rank.hit3, 3),
        "themes_per_answer": round(sum(map(len, predicted)) / max(len(predicted), 1), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rows = real_rows(args.split)
    second = {row["id"]: row for row in read_jsonl(SECOND)}
    missing = [row["id"] for row in rows if row["id"] not in second]
    if missing:
        print(f"{SECOND}: no second coding for {len(missing)} answers, e.g. {missing[:3]}")
        return 1
    first = [row["themes"] for row in rows]
    other = [second[row["id"]]["themes"] for row in rows]
    runs = {}
    for name, context in (("words only", False), ("with context", True)):
        records = with_context(rows, context)
        run = analyse(records, screen=clear_screen, emerging=False)
        runs[name] = [r.themes for r in run.results]
    agreed = [i for i, (a, b) in enumerate(zip(first, other, strict=True)) if set(a) == set(b)]
    table = {"second coder vs first": figures(first, other)}
    for name, predicted in runs.items():
        table[f"analysis ({name}) vs first"] = figures(first, predicted)
        table[f"analysis ({name}) vs second"] = figures(other, predicted)
        table[f"analysis ({name}) where coders agree"] = figures(
            [first[i] for i in agreed], [predicted[i] for i in agreed]
        )
    out = {
        "split": args.split,
        "answers": len(rows),
        "coders_agree_exactly": len(agreed),
        "first_themes_per_answer": round(sum(map(len, first)) / len(first), 2),
        "figures": table,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(
        f"realistic set, {args.split} split: {len(rows)} answers; the coders give the same "
        f"themes for {len(agreed)}; first coder {out['first_themes_per_answer']} themes an answer"
    )
    print(f"{'':44} sample-F1  micro-F1  top-1  hit@3  themes/answer")
    for name, f in table.items():
        print(
            f"{name:44} {f['sample_f1']:9.3f} {f['micro_f1']:9.3f} {f['top1']:6.3f} "
            f"{f['hit3']:6.3f} {f['themes_per_answer']:8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
