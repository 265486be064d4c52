"""Theming quality, on realistic words we did not tune on and on our own sets.

    .venv/bin/python benchmarks/analysis_quality.py                  # realistic set, test split
    .venv/bin/python benchmarks/analysis_quality.py --split dev      # realistic set, dev split
    .venv/bin/python benchmarks/analysis_quality.py --set check      # 89 more reports, unseen
    .venv/bin/python benchmarks/analysis_quality.py --set own        # our own held-back set
    .venv/bin/python benchmarks/analysis_quality.py --split dev --errors   # and where F1 is lost

The realistic set (analysis/evaluation/real/) was written blind, by helpers who saw only the
codebook's theme names and published UK reports; it is split by source report
(analysis/evalsets.py), and only the dev split may be used to tune: errors are listed for dev
only. ``--no-semantic`` measures the lexicon alone. ``--context`` gives each answer the themes
its question would carry, derived only from the blind writers' own ``group`` field (an answer
from a young person in care is about care: evalsets.GROUP_CONTEXT), as the web app passes a
question's ``themes:``; without it each answer is themed from its words alone. Safeguarding is
measured elsewhere (benchmarks/safeguarding.py), so a no-op screen is passed in.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import analyse, load_codebook
from analysis.evalsets import EVALUATION, check_rows, read_jsonl, real_rows, with_context
from analysis.metrics import evaluate, format_report, labelling, ranking

# The top-level theme ids, from the codebook itself rather than a second copy of the list.
THEMES = [theme.id for theme in load_codebook("standard").top_level()]


def clear_screen(text: str, **_: object) -> SimpleNamespace:
    return SimpleNamespace(status="clear", flag=False, categories=(), language=None)


def rows_for(which: str, split: str) -> list[dict]:
    if which == "real":
        return real_rows(split)
    if which == "check":
        return check_rows()
    name = {"test": "heldout", "dev": "dev"}[split]
    return list(read_jsonl(EVALUATION / f"{name}.jsonl"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=["real", "check", "own"], default="real")
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--errors", action="store_true", help="list wrong answers (dev only)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-semantic", action="store_true", help="the lexicon alone")
    parser.add_argument("--context", action="store_true", help="questions' themes from group")
    args = parser.parse_args()
    rows = rows_for(args.set, args.split)
    records = with_context(rows, args.context)
    started = time.perf_counter()
    run = analyse(records, screen=clear_screen, emerging=False, semantic=not args.no_semantic)
    seconds = time.perf_counter() - started
    predicted = [r.themes for r in run.results]
    gold = [row["themes"] for row in rows]
    report = evaluate(gold, predicted, THEMES)
    rank = ranking(gold, predicted)
    subthemes = evaluate(
        [row.get("subthemes") or [] for row in rows], [r.subthemes for r in run.results]
    )
    figures = {
        "set": args.set,
        "split": args.split if args.set != "check" else "all",
        "answers": len(rows),
        "sample_f1": round(report.samples_f1, 3),
        "micro_f1": round(report.micro_f1, 3),
        "macro_f1": round(report.macro_f1, 3),
        "top1": round(rank.top1, 3),
        "hit3": round(rank.hit3, 3),
        "unthemed": rank.unthemed,
        "subtheme_micro_f1": round(subthemes.micro_f1, 3),
        "semantic": not args.no_semantic and not any("semantic" in w for w in run.reduced),
        "context": args.context,
        "seconds": round(seconds, 2),
        "reduced": run.reduced,
    }
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_group[row.get("speaker") or row.get("audience") or "unknown"].append(i)
    figures["by_speaker"] = {
        group: round(evaluate([gold[i] for i in idx], [predicted[i] for i in idx]).samples_f1, 3)
        for group, idx in sorted(by_group.items())
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        how = "lexicon alone" if args.no_semantic else "lexicon and meaning"
        how += ", with question context" if args.context else ", words only"
        where = f"{args.set} set" + (f", {args.split} split" if args.set != "check" else "")
        print(format_report(report, f"{where} ({how})"))
        print(
            f"top-1 {rank.top1:.3f}  hit@3 {rank.hit3:.3f}  "
            f"unthemed {rank.unthemed} of {rank.n} answers that have a theme; "
            f"sub-themes micro F1 {subthemes.micro_f1:.3f}"
        )
        print(
            "sample F1 by speaker: "
            + ", ".join(f"{k} {v}" for k, v in figures["by_speaker"].items())
        )
        if run.reduced:
            print("reduced: " + "; ".join(run.reduced))
    if args.errors:
        if args.split == "test" or args.set == "check":
            print("refusing to list unseen errors (test split, check set): tune on dev only")
            return 1
        lost = labelling(gold, predicted)
        print(
            f"themes given {lost.given:.2f} per answer, coders gave {lost.gold:.2f}; "
            f"{lost.over} answers over-labelled, {lost.under} under-labelled; sample F1 with "
            f"no wrong theme {lost.without_wrong:.3f}, with no theme missed "
            f"{lost.without_missed:.3f}"
        )
        print(
            "missed -> given instead: " + ", ".join(f"{a}->{b} {k}" for a, b, k in lost.confusions)
        )
        for row, r in zip(rows, run.results, strict=True):
            if set(row["themes"]) != set(r.themes):
                print(f"{row['id']} gold={row['themes']} got={r.themes} :: {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
