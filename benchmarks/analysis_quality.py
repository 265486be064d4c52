"""Theming quality on our hand-labelled evaluation set.

    .venv/bin/python benchmarks/analysis_quality.py            # held-back part (the figure)
    .venv/bin/python benchmarks/analysis_quality.py --split dev

The held-back part (analysis/evaluation/heldout.jsonl) was written before any tuning and is
never used to train or tune; the dev part (dev.jsonl) is what the codebook was tuned on.
Safeguarding is not part of this measure, so a no-op screen is passed in.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import analyse, load_codebook
from analysis.metrics import evaluate, format_report

EVALUATION = Path(__file__).resolve().parents[1] / "analysis" / "evaluation"
# The top-level theme ids, from the codebook itself rather than a second copy of the list.
THEMES = [theme.id for theme in load_codebook("standard").top_level()]


def clear_screen(text: str, **_: object) -> SimpleNamespace:
    return SimpleNamespace(status="clear", flag=False, categories=(), language=None)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["heldout", "dev"], default="heldout")
    parser.add_argument("--errors", action="store_true", help="list wrong answers (dev only)")
    args = parser.parse_args()
    path = EVALUATION / f"{args.split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    run = analyse(rows, screen=clear_screen, emerging=False)
    predicted = [r.themes for r in run.results]
    report = evaluate([r["themes"] for r in rows], predicted, THEMES)
    print(format_report(report, f"{args.split} ({path.name})"))
    languages = sum(
        1
        for row, r in zip(rows, run.results, strict=True)
        if row.get("language", "en") == r.language
    )
    print(f"language agreement with labels: {languages}/{len(rows)}")
    if args.errors:
        if args.split == "heldout":
            print("refusing to list held-back errors: tune on dev only")
            return 1
        for row, r in zip(rows, run.results, strict=True):
            if set(row["themes"]) != set(r.themes):
                print(f"{row['id']} gold={row['themes']} got={r.themes} :: {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
