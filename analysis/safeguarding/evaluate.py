"""Score the screen against labelled answers (``evaluation/``).

The benchmark and the tests both use this, so the figures in docs/benchmarks.md and what the
tests hold the rules to are computed the same way. Four parts:

* ``dev`` and ``held_out``: ours, written by the people who wrote the rules (``held_out``
  before the rules); figures on them flatter the screen.
* ``blind_dev`` to ``blind_dev21``, ``blind_check`` to ``blind_check15`` and ``blind_test``
  (``evaluation/blind/``): written by helpers who never saw the rules, given only the categories
  and how children disclose. The dev sets may be used to improve the rules; the unseen sets
  never are, and their misses are never listed: ``blind_test`` is the figure, the check sets
  (later writers') more, each measured before and after a round of work on the dev sets.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.evalsets import read_jsonl

from .categories import CATEGORIES
from .screener import Screener, default_screener

EVALUATION_DIR = Path(__file__).with_name("evaluation")
# Blind sets that may be learned from and tuned on; a new one (evaluation/blind/dev6/ ->
# "blind_dev6") is added here, and the meaning layer and the five-fold benchmark take it up.
BLIND_DEV_PARTS = (
    "blind_dev",
    "blind_dev2",
    "blind_dev3",
    "blind_dev4",
    "blind_dev5",
    "blind_dev6",
    "blind_dev7",
    "blind_dev8",
    "blind_dev9",
    "blind_dev10",
    "blind_dev11",
    "blind_dev12",
    "blind_dev13",
    "blind_dev14",
    "blind_dev15",
    "blind_dev16",
    "blind_dev17",
    "blind_dev18",
    "blind_dev19",
    "blind_dev20",
    "blind_dev21",
)
# Parts whose texts are never shown to whoever tunes rules, and never learned from.
UNSEEN = frozenset(
    {
        "blind_test",
        "blind_check",
        "blind_check2",
        "blind_check3",
        "blind_check4",
        "blind_check5",
        "blind_check6",
        "blind_check7",
        "blind_check8",
        "blind_check9",
        "blind_check10",
        "blind_check11",
        "blind_check12",
        "blind_check13",
        "blind_check14",
        "blind_check15",
    }
)
PARTS = ("dev", "held_out", *BLIND_DEV_PARTS, *sorted(UNSEEN))
REQUIRED_KEYS = frozenset({"id", "text", "language", "audience", "disclosure", "categories"})


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    language: str
    audience: str | None
    disclosure: bool
    categories: tuple[str, ...]
    note: str | None = None


@dataclass
class Score:
    """Counts for one slice of the labelled set (a part, a language, a category)."""

    disclosures: int = 0
    caught: int = 0
    negatives: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    # Answers not flagged but put on the lead's second-look list (``ScreenResult.second_look``)
    missed_listed: int = 0  # missed disclosures the list holds
    negatives_listed: int = 0  # answers that are not disclosures, for a lead to read

    @property
    def recall(self) -> float | None:
        return self.caught / self.disclosures if self.disclosures else None

    @property
    def recall_with_list(self) -> float | None:
        """Disclosures before a person: flagged, or on the second-look list."""
        return (self.caught + self.missed_listed) / self.disclosures if self.disclosures else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.negatives if self.negatives else None


@dataclass
class Report:
    overall: Score
    by_language: dict[str, Score]
    by_category: dict[str, Score]  # recall of the labelled category itself, not just any flag


# Short everyday answers in six languages, written blind and never learned: how often the screen
# flags "nothing much" or "more buses" (the theme sets' everyday answers are English only).
SHORT_EVERYDAY = EVALUATION_DIR / "everyday_short" / "answers.jsonl"
# Two texts sharing this share of their words are close: the same text, for intake and probes.
CLOSE = 0.6
_WORD = re.compile(r"\w+")


def short_everyday_probe() -> list[dict]:
    return list(read_jsonl(SHORT_EVERYDAY))


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def load_examples(part: str, folder: Path = EVALUATION_DIR) -> list[Example]:
    """Read one part; a malformed row is an error, since a silently dropped row skews recall."""
    if part.startswith("blind_"):
        paths = sorted((folder / "blind" / part.removeprefix("blind_")).glob("*.jsonl"))
    else:
        paths = [folder / f"{part}.jsonl"]
    return [example for path in paths for example in _read(path)]


def _read(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = REQUIRED_KEYS - set(row)
        if missing:
            raise ValueError(f"{path}, line {number}: missing {sorted(missing)}")
        unknown = set(row["categories"]) - set(CATEGORIES)
        if unknown or bool(row["categories"]) != bool(row["disclosure"]):
            raise ValueError(
                f"{path}, line {number}: categories must be known and given "
                "exactly when disclosure is true"
            )
        examples.append(
            Example(
                id=row["id"],
                text=row["text"],
                language=row["language"],
                audience=row["audience"],
                disclosure=bool(row["disclosure"]),
                categories=tuple(row["categories"]),
                note=row.get("note"),
            )
        )
    return examples


def score(examples: list[Example], screener: Screener | None = None) -> Report:
    """Screen every example with its audience and language hint, and count."""
    screener = screener or default_screener()
    overall = Score()
    by_language: dict[str, Score] = defaultdict(Score)
    by_category: dict[str, Score] = defaultdict(Score)
    for example in examples:
        result = screener.screen(example.text, locale=example.language, audience=example.audience)
        listed = result.second_look is not None
        for bucket in (overall, by_language[example.language]):
            if example.disclosure:
                bucket.disclosures += 1
                bucket.caught += result.flag
                bucket.missed_listed += listed
                if not result.flag:
                    bucket.missed.append(example.id)
            else:
                bucket.negatives += 1
                bucket.false_alarms += result.flag
                bucket.negatives_listed += listed
                if result.flag:
                    bucket.alarms.append(example.id)
        for category in example.categories:
            bucket = by_category[category]
            bucket.disclosures += 1
            hit = category in result.categories
            bucket.caught += hit
            if not hit:
                bucket.missed.append(example.id)
    return Report(overall, dict(by_language), dict(by_category))
