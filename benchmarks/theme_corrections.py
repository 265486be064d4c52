"""How far an analyst's corrections lift the themes of the answers nobody has coded yet.

    .venv/bin/python benchmarks/theme_corrections.py                 # check set, words only
    .venv/bin/python benchmarks/theme_corrections.py --context
    .venv/bin/python benchmarks/theme_corrections.py --set test      # realistic test split
    .venv/bin/python benchmarks/theme_corrections.py --set dev       # the split to tune on

In use, the themes the analysis gives are a first pass: an analyst corrects some answers in the
workspace, and every correction trains the model again (``analyse(..., corrections=...)``). A
commissioner wants to know what that buys: if an analyst codes a handful of answers from each
consultation, how good are the themes of the rest? This simulates it on unseen answers: from
each source report (one consultation) a fixed random sample of up to ``--max`` answers is held
back as what the analyst may code; the figures are always measured on the *other* answers, the
same ones for every number of corrections, so the rows differ only in how many of the held-back
answers were corrected (their labels given as corrections). Nothing here tunes anything.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import analyse
from analysis.evalsets import check_rows, real_rows, with_context
from analysis.metrics import evaluate, ranking
from benchmarks.analysis_quality import THEMES, clear_screen


def split_by_report(rows: list[dict], most: int, seed: int) -> tuple[list[list[dict]], list[dict]]:
    """Per report, a shuffled sample of up to ``most`` answers (in the order an analyst would
    code them), and every other answer, on which the figures are measured."""
    by_report: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_report[row["source"]].append(row)
    samples, rest = [], []
    for source in sorted(by_report):
        answers = list(by_report[source])
        random.Random(f"{seed}:{source}").shuffle(answers)
        keep = min(most, len(answers) // 2)  # at least half of each report is measured
        samples.append(answers[:keep])
        rest.extend(answers[keep:])
    return samples, rest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=["check", "test", "dev"], default="check")
    parser.add_argument("--context", action="store_true", help="questions' themes from group")
    parser.add_argument("--steps", default="0,3,5,10", help="corrections per report")
    parser.add_argument("--max", type=int, default=10, help="answers held back per report")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    steps = [int(k) for k in args.steps.split(",")]
    if max(steps) > args.max:
        parser.error("--steps cannot exceed --max")
    rows = check_rows() if args.set == "check" else real_rows(args.set)
    samples, rest = split_by_report(rows, args.max, args.seed)
    records = with_context(rest, args.context)
    gold = [r["themes"] for r in rest]
    out = []
    for k in steps:
        corrections = with_context((r for sample in samples for r in sample[:k]), args.context)
        run = analyse(records, corrections=corrections, screen=clear_screen, emerging=False)
        predicted = [r.themes for r in run.results]
        report, rank = evaluate(gold, predicted, THEMES), ranking(gold, predicted)
        out.append(
            {
                "per_report": k,
                "corrections": len(corrections),
                "sample_f1": round(report.samples_f1, 3),
                "micro_f1": round(report.micro_f1, 3),
                "top1": round(rank.top1, 3),
                "hit3": round(rank.hit3, 3),
                "unthemed": rank.unthemed,
            }
        )
    if args.json:
        print(json.dumps({"set": args.set, "context": args.context, "rows": out}, indent=2))
        return 0
    how = "with context" if args.context else "words only"
    print(f"{args.set} set, {how}: measured on {len(rest)} answers of {len(samples)} reports")
    print("corrections a report (in all)  sample-F1  micro-F1  top-1  hit@3  unthemed")
    for f in out:
        print(
            f"{f['per_report']:>11} ({f['corrections']:>5})        {f['sample_f1']:9.3f} "
            f"{f['micro_f1']:9.3f} {f['top1']:6.3f} {f['hit3']:6.3f} {f['unthemed']:9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
