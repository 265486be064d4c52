"""Did a speed-up change any result? A digest of everything the analysis outputs, per answer.

    PYTHONHASHSEED=0 .venv/bin/python benchmarks/analysis_equivalence.py --save /tmp/before.jsonl
    # ... optimise ...
    PYTHONHASHSEED=0 .venv/bin/python benchmarks/analysis_equivalence.py --check /tmp/before.jsonl

Why: the analysis must stay exactly as it was while it gets faster (themes, sub-themes,
confidences and reasons, safeguarding status, flag, categories, the matched rules and the
meaning layer's reason, sentiment, framework mappings). It runs the whole pipeline over our
evaluation sets (``analysis/evaluation``: dev, heldout, real/, train/), the safeguarding
regression sets and the blind *development* sets (never the blind test set), once as a batch
and once answer by answer as the web app screens them, and writes one line per answer with
every float rounded to 6 places. ``--check`` lists the answers whose line differs. Run it with
the same PYTHONHASHSEED both times (the order of equally ranked rule matches, and so the
language a flag names when two languages' rules tie, follows string hashing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.evalsets import read_jsonl  # noqa: E402
from analysis.pipeline import Pipeline  # noqa: E402
from analysis.safeguarding import default_screener  # noqa: E402
from analysis.safeguarding.categories import AUDIENCES  # noqa: E402
from analysis.stages import ResponseResult  # noqa: E402

EVALUATION = ROOT / "analysis" / "evaluation"
SAFEGUARDING = ROOT / "analysis" / "safeguarding" / "evaluation"
BLIND_PARTS = ("dev", "dev2")  # never "test": nobody tunes on, or even runs, the blind test set


def files() -> list[Path]:
    found = [
        EVALUATION / "dev.jsonl",
        EVALUATION / "heldout.jsonl",
        *sorted((EVALUATION / "real").glob("*.jsonl")),
        *sorted((EVALUATION / "train").glob("*.jsonl")),
        SAFEGUARDING / "dev.jsonl",
        SAFEGUARDING / "held_out.jsonl",
    ]
    for part in BLIND_PARTS:
        found += sorted((SAFEGUARDING / "blind" / part).glob("*.jsonl"))
    return [p for p in found if not p.name.endswith(".sources.jsonl")]


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {str(k): rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def results_for(path: Path) -> list[ResponseResult]:
    out = []
    for i, row in enumerate(read_jsonl(path)):
        audience = row.get("audience") if row.get("audience") in AUDIENCES else None
        out.append(
            ResponseResult(
                id=f"{path.relative_to(ROOT)}:{i}",
                text=str(row["text"]),
                audience=audience,
                locale=row.get("locale") or row.get("language"),
                context=tuple(row.get("context") or ()),
            )
        )
    return out


def screen_line(found: Any) -> dict[str, Any]:
    return {
        "status": found.status,
        "flag": found.flag,
        "categories": list(found.categories),
        # Sorted: matches that rank equal come in an order that follows Python's string hashing
        # (a set of the text's words), which differs from process to process.
        "matches": sorted(
            [m.rule_id, m.category, m.start, m.end, m.language] for m in found.matches
        ),
        "language": found.language,
        "reason": found.reason,
    }


def digest_lines() -> list[str]:
    pipeline = Pipeline.standard()
    screener = default_screener()
    lines = []
    for path in files():
        results = results_for(path)
        for stage in pipeline.stages:
            stage.run(results)
        batch = screener.screen_many(
            [r.text for r in results],
            [r.locale or r.language for r in results],
            [r.audience for r in results],
        )
        for r, screened in zip(results, batch, strict=True):
            one = screener.screen(r.text, locale=r.locale or r.language, audience=r.audience)
            row = {**r.row(), "keywords": r.keywords, "text": r.text}
            row["screen_batch"] = screen_line(screened)
            row["screen_one"] = screen_line(one)
            lines.append(json.dumps(rounded(row), ensure_ascii=False, sort_keys=True))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", type=Path, help="write the digest lines here")
    parser.add_argument("--check", type=Path, help="compare with lines saved earlier")
    args = parser.parse_args()
    lines = digest_lines()
    total = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    print(f"{len(lines):,} answers from {len(files())} files; digest {total[:16]}")
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.check:
        before = args.check.read_text(encoding="utf-8").splitlines()
        differ = [i for i, (a, b) in enumerate(zip(before, lines, strict=False)) if a != b]
        if len(before) != len(lines) or differ:
            print(
                f"DIFFERENT: {len(differ)} answers differ ({len(before)} before, {len(lines)} now)"
            )
            for i in differ[:5]:
                print(f"  before: {before[i]}\n  now:    {lines[i]}")
            return 1
        print("identical to", args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
