"""Take in a new blind development set without letting a test text in through it.

A blind writer may, by chance, write something close to a text in the blind test set. Once a
development set is learned from, such a row would carry a test text into the model, and the
test figure would flatter the screen. This drops every row identical or close (Jaccard overlap
of word sets >= 0.6) to any blind test text, then writes the rest. It prints only counts and
the ids of the dropped *new* rows, never a test text.

    .venv/bin/python benchmarks/safeguarding_intake.py NEW.jsonl \
        analysis/safeguarding/evaluation/blind/dev3/part-a.jsonl

A new *unseen* set is taken in the other way round (``--unseen``): its rows close to any text
the screen learns from or holds as an example (the dev sets, our own sets, the exemplars, the
rules' examples) or to another unseen set are dropped, so that it measures words the screen
has not been built on. Closeness is judged on the words and, as the screen reads them, on the
normalised tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.safeguarding.evaluate import (
    CLOSE,
    PARTS,
    UNSEEN,
    _read,
    jaccard,
    load_examples,
    words,
)
from analysis.safeguarding.normalise import tokens
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR
from analysis.safeguarding.training import load_exemplars


def close_to_test(rows: list[dict], test: list[frozenset[str]]) -> list[str]:
    """Ids of the new rows identical or close to any test text."""
    return [
        row["id"]
        for row in rows
        if any(jaccard(words(row["text"]), seen) >= CLOSE for seen in test)
    ]


def learned_texts() -> list[str]:
    """Every text the screen is built on: tuned sets, exemplars and the rules' examples."""
    texts = [e.text for part in PARTS if part not in UNSEEN for e in load_examples(part)]
    texts += [x.text for x in load_exemplars()]
    for rule in load_directory(RULES_DIR).rules:
        texts += [*rule.examples, *rule.not_examples]
    return texts


def close_to_learned(rows: list[dict]) -> list[str]:
    """Ids of new unseen rows close to a learned text or to another unseen set's text."""
    mine = {row["id"] for row in rows}  # taken in again: its own rows are not "others"
    others = [e.text for p in sorted(UNSEEN) for e in load_examples(p) if e.id not in mine]
    known = [*learned_texts(), *others]
    seen_words = [words(t) for t in known]
    seen_tokens = {tuple(tokens(t)) for t in known}
    return [
        row["id"]
        for row in rows
        if tuple(tokens(row["text"])) in seen_tokens
        or any(jaccard(words(row["text"]), seen) >= CLOSE for seen in seen_words)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--unseen", action="store_true", help="the new set is an unseen one: see above"
    )
    args = parser.parse_args()
    _read(args.new)  # the same checks as every part: keys, categories, disclosure
    rows = [json.loads(line) for line in args.new.read_text("utf-8").splitlines() if line.strip()]
    if args.unseen:
        dropped = set(close_to_learned(rows))
        what = "a text the screen is built on or another unseen text"
    else:
        test = [words(e.text) for part in sorted(UNSEEN) for e in load_examples(part)]
        dropped = set(close_to_test(rows, test))
        what = "a blind test text"
    kept = [row for row in rows if row["id"] not in dropped]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in kept), "utf-8"
    )
    print(
        f"{len(rows)} rows read, {len(dropped)} dropped as close to {what} "
        f"({', '.join(sorted(dropped)[:30]) or 'none'}{', ...' if len(dropped) > 30 else ''}), "
        f"{len(kept)} written to {args.out}"
    )


if __name__ == "__main__":
    main()
