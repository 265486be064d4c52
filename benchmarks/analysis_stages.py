"""Where an answer's analysis time goes: CPU microseconds per answer for each stage.

    .venv/bin/python benchmarks/analysis_stages.py [--n 10000]

Answers as in analysis_speed.py (unique, so no cache helps); stages run in pipeline order on
one batch, after a warm-up run, with the real screen.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_speed import answers  # noqa: E402

from analysis.findings import build_findings  # noqa: E402
from analysis.pipeline import Pipeline  # noqa: E402
from analysis.stages import ResponseResult  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    pipeline = Pipeline.standard()
    pipeline.run(answers(500, run=9), emerging=False)  # warm-up: tables, models, caches
    rows = answers(args.n, run=4)
    results = [
        ResponseResult(id=str(i), text=r["text"], audience=r.get("audience"))
        for i, r in enumerate(rows)
    ]
    total = 0.0
    for stage in pipeline.stages:
        started = time.process_time()
        stage.run(results)
        spent = time.process_time() - started
        total += spent
        print(f"{stage.name:14} {spent * 1e6 / len(results):7.1f} us/answer")
    started = time.process_time()
    build_findings(results, pipeline.codebook, False)
    spent = time.process_time() - started
    total += spent
    print(f"{'findings':14} {spent * 1e6 / len(results):7.1f} us/answer")
    print(f"total {total * 1e6 / len(results):.1f} us of CPU per answer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
