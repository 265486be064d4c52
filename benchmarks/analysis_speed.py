"""Throughput of language + safeguarding screen + themes + sentiment + mapping, one process.

    .venv/bin/python benchmarks/analysis_speed.py            # 20,000 answers, 3 runs
    .venv/bin/python benchmarks/analysis_speed.py --n 50000

Answers are built from our evaluation set with a unique tag each, so no cache can help. Start-up
(loading the codebook, py3langid's model and the sentiment lexicon) is reported separately;
emerging-theme key phrases (TextBlob tagging, about 1,200 answers/s) run only on answers no
theme fits and are timed separately too. Peak memory is the process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import nlp  # noqa: E402
from analysis.findings import emerging_groups  # noqa: E402
from analysis.pipeline import Pipeline  # noqa: E402
from analysis.stages import ResponseResult  # noqa: E402


def answers(n: int, run: int = 0) -> list[dict]:
    rows = []
    for name in ("dev.jsonl", "heldout.jsonl"):
        with (ROOT / "analysis" / "evaluation" / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    out = []
    for i in range(n):
        a, b = rows[i % len(rows)], rows[(i * 7 + 3) % len(rows)]
        text = a["text"] if i % 3 else f"{a['text']}. {b['text']}"
        out.append(
            {
                "id": str(i),
                "text": f"{text} #{run}-{i}",
                "audience": a["audience"],
                "locale": a.get("locale"),
            }
        )
    return out


def noop_screen(text: str, **_: object) -> SimpleNamespace:
    return SimpleNamespace(status="clear", flag=False, categories=(), language=None)


def timed_run(pipeline: Pipeline, records: list[dict]) -> tuple[float, float]:
    """Wall-clock and CPU seconds: shared CI machines are noisy, CPU time much less so."""
    results = [
        ResponseResult(r["id"], r["text"], r.get("audience"), None, r.get("locale"))
        for r in records
    ]
    wall, cpu = time.perf_counter(), time.process_time()
    for stage in pipeline.stages:
        stage.run(results)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    real = Pipeline.standard()
    probe = [ResponseResult("p", "I feel safe at school")]
    real.stages[0].run(probe)
    real.stages[1].run(probe)
    startup = time.perf_counter() - start
    screen_status = probe[0].safeguarding_status
    ours = Pipeline.standard(screen=noop_screen)
    records = answers(args.n)
    timed_run(real, records[:500])  # warm up py3langid and caches of code paths
    print(f"{args.n:,} answers per run, {args.runs} runs; start-up {startup:.2f} s")
    for label, pipeline in (
        ("with the real safeguarding screen", real),
        ("our stages only (no-op screen)", ours),
    ):
        walls, cpus = [], []
        for run in range(1, args.runs + 1):  # new texts each run: the sentiment cache cannot help
            wall, cpu = timed_run(pipeline, answers(args.n, run))
            walls.append(args.n / wall)
            cpus.append(args.n / cpu)
        print(
            f"{label}: median {statistics.median(walls):,.0f} answers/s wall-clock, "
            f"{statistics.median(cpus):,.0f} answers/s of CPU time "
            f"(wall runs: {', '.join(f'{s:,.0f}' for s in walls)})"
        )
    print(f"real screen returned status {screen_status!r} for a probe answer")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    unthemed = [
        ResponseResult(str(i), r["text"], language="en") for i, r in enumerate(records[:2000])
    ]
    start = time.perf_counter()
    nlp.key_phrases("the children went to the clubs")  # loads tagger and WordNet
    print(f"emerging-theme start-up (tagger, WordNet): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    emerging_groups(unthemed)
    rate = len(unthemed) / (time.perf_counter() - start)
    print(f"emerging-theme key phrases: {rate:,.0f} answers/s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
