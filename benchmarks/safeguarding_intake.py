"""Take in a new blind development set without letting a test text in through it.

A blind writer may, by chance, write something close to a text in the blind test set. Once a
development set is learned from, such a row would carry a test text into the model, and the
test figure would flatter the screen. This drops every row identical or close (Jaccard overlap
of word sets >= 0.6) to any blind test text, then writes the rest. It prints only counts and
the ids of the dropped *new* rows, never a test text.

    .venv/bin/python benchmarks/safeguarding_intake.py NEW.jsonl \
        analysis/safeguarding/evaluation/blind/dev3/part-a.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.safeguarding.evaluate import UNSEEN, _read, load_examples

CLOSE = 0.6
_WORD = re.compile(r"\w+")


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def close_to_test(rows: list[dict], test: list[frozenset[str]]) -> list[str]:
    """Ids of the new rows identical or close to any test text."""
    return [
        row["id"]
        for row in rows
        if any(jaccard(words(row["text"]), seen) >= CLOSE for seen in test)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    _read(args.new)  # the same checks as every part: keys, categories, disclosure
    rows = [json.loads(line) for line in args.new.read_text("utf-8").splitlines() if line.strip()]
    test = [words(e.text) for part in sorted(UNSEEN) for e in load_examples(part)]
    dropped = set(close_to_test(rows, test))
    kept = [row for row in rows if row["id"] not in dropped]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in kept), "utf-8"
    )
    print(
        f"{len(rows)} rows read, {len(dropped)} dropped as close to a blind test text "
        f"({', '.join(sorted(dropped)) or 'none'}), {len(kept)} written to {args.out}"
    )


if __name__ == "__main__":
    main()
