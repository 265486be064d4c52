"""Findings pages and exports for a million stored responses, timed as an analyst sees them.

    .venv/bin/python benchmarks/workspace_scale.py                      # 1,000,000 on SQLite
    .venv/bin/python benchmarks/workspace_scale.py --responses 100000
    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/workspace_scale.py --database postgresql

Why it is built this way:

* The database is filled with bulk Core inserts (executemany), not the ORM one row at a time,
  so building a million rows takes minutes, not hours. Answers are generated as
  ``survey.workspace.demo`` generates them (closed answers at random, free text drawn from our
  labelled evaluation set, 80% of text questions answered).
* The NLP is NOT run over a million texts (that is ``benchmarks/analysis_speed.py``'s job).
  Each free-text answer gets one ``AnalysisRecord`` whose themes are the labelled themes of
  the evaluation text it was drawn from (codebook theme ids), sometimes a sub-theme, a random
  sentiment; about 1 in 2,000 answers is withheld with a matching safeguarding case, so the
  withheld paths are exercised.
* ``build_snapshot`` (the precompute) runs in the background analysis job, never on page
  load, so it is timed on its own. Pages and findings exports read that one snapshot row:
  each is requested once to warm up, then 5 times; the median must be under 2 s.
* The full responses export (one row per response) is timed once per format: it grows with
  the number of responses and is not expected under 2 s.
* Memory is the peak resident set size during a step minus the size when it began, sampled
  every 10 ms from /proc/self/statm (Linux), plus the process peak (ru_maxrss).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from questionnaires import Questionnaire  # noqa: E402
from survey import catalogue, create_app  # noqa: E402
from survey.db import db  # noqa: E402
from survey.models import Response  # noqa: E402
from survey.respond.submit import version_row  # noqa: E402
from survey.safeguarding.models import SafeguardingCase  # noqa: E402
from survey.workspace.demo import _answer  # noqa: E402
from survey.workspace.findings import build_snapshot  # noqa: E402
from survey.workspace.models import AnalysisRecord, FindingsSnapshot  # noqa: E402

QID = "children-8-12"
TARGET_SECONDS = 2.0
BATCH = 10_000
PASSWORD = "correct horse battery staple"
WITHHELD_EVERY = 2_000  # about one free-text answer in 2,000 is withheld (safeguarding)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PAGE = os.sysconf("SC_PAGE_SIZE")


# -- measuring -------------------------------------------------------------------------------


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


class PeakMemory:
    """Peak RSS above the starting RSS while a block runs (a sampling thread, every 10 ms).

    tracemalloc would see only Python allocations and slows the code it measures 2-3x;
    sampling RSS sees everything (SQLite's cache, openpyxl, bytes) at no cost to the timing.
    """

    def __init__(self) -> None:
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _rss())

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def grew_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the database ----------------------------------------------------------------------------


def _pg_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@contextmanager
def database(kind: str) -> Iterator[dict[str, Any]]:
    """App config for a fresh database (a temporary SQLite file or a PostgreSQL schema)
    and a temporary instance folder (prepared exports are written there).

    All are removed afterwards, whatever happens: a million rows left behind in a shared
    PostgreSQL, or a 200 MB export in instance/, would be a nasty surprise.
    """
    folder = Path(tempfile.mkdtemp(prefix="hys-scale-"))
    base = {"INSTANCE_PATH": str(folder / "instance"), "JOBS_MODE": "inline"}
    try:
        if kind == "sqlite":
            yield {**base, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'scale.db'}"}
            return
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url.startswith("postgresql://"):
            raise SystemExit("--database postgresql needs TEST_DATABASE_URL=postgresql://...")
        schema = f"scale_{uuid.uuid4().hex[:12]}"
        engine = create_engine(_pg_url(url))
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield {
                **base,
                "SQLALCHEMY_DATABASE_URI": _pg_url(url),
                "SQLALCHEMY_ENGINE_OPTIONS": {
                    "connect_args": {"options": f"-csearch_path={schema}"}
                },
            }
        finally:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _labelled_texts() -> list[tuple[str, list[str]]]:
    """Children's evaluation answers with their labelled themes (ids from the codebook)."""
    out = []
    for path in sorted((ROOT / "analysis" / "evaluation").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("audience") == "child" and row.get("text") and row.get("themes"):
                out.append((row["text"], list(row["themes"])))
    return out


def _answers(q: Questionnaire, rng: random.Random, texts: list[tuple[str, list[str]]]):
    """One response's answers as demo.py makes them, and the themes of each text answered."""
    answers: dict[str, Any] = {}
    themes: dict[str, list[str]] = {}
    for page in q.visible_pages(answers):
        for question in q.visible_questions(page, answers):
            if question.type in ("short_text", "long_text"):
                if rng.random() < 0.8:
                    answers[question.id], themes[question.id] = rng.choice(texts)
                continue
            value = _answer(question, rng, [])
            if value not in (None, "", [], {}):
                answers[question.id] = value
    answers = q.prune(answers)
    return answers, {k: v for k, v in themes.items() if k in answers}


def fill(q: Questionnaire, count: int, seed: int = 1) -> dict[str, int]:
    """Insert ``count`` responses, one AnalysisRecord per text answer, and a few safeguarding cases.

    Ids are given explicitly (a fresh database) so records can point at their response
    without reading anything back.
    """
    from analysis import load_codebook

    codebook = load_codebook("standard")
    subthemes = {t.id: [s.id for s in codebook.subthemes_of(t.id)] for t in codebook.top_level()}
    rng = random.Random(seed)
    texts = _labelled_texts()
    version_id = version_row(q).id
    db.session.commit()
    start_day = dt.date(2026, 9, 1)
    responses, records, cases = [], [], []
    totals = {"responses": 0, "records": 0, "withheld": 0}
    record_id = 0
    conn = db.session.connection()

    def flush() -> None:
        if responses:
            conn.execute(insert(Response.__table__), responses)
        if records:
            conn.execute(insert(AnalysisRecord.__table__), records)
        if cases:
            conn.execute(insert(SafeguardingCase.__table__), cases)
        responses.clear()
        records.clear()
        cases.clear()

    for n in range(1, count + 1):
        answers, text_themes = _answers(q, rng, texts)
        responses.append(
            {
                "id": n,
                "submission_token": f"scale-{n}",
                "answers_digest": hashlib.sha256(
                    json.dumps(answers, sort_keys=True).encode()
                ).hexdigest(),
                "code_hash": None,
                "questionnaire_id": q.id,
                "version_id": version_id,
                "audience": q.audience,
                "locale": "en",
                "answers": answers,
                "submitted_on": start_day + dt.timedelta(days=n % 60),
                "quarantine": "",
            }
        )
        for question_id, themes in text_themes.items():
            record_id += 1
            hold = record_id % WITHHELD_EVERY == 0
            subs = subthemes.get(themes[0], [])
            records.append(
                {
                    "id": record_id,
                    "response_id": n,
                    "questionnaire_id": q.id,
                    "question_id": question_id,
                    "themes": themes,
                    "subthemes": [rng.choice(subs)] if subs and rng.random() < 0.3 else [],
                    "uncrc": [],
                    "outcomes": {"shanarri": [], "ecm": [], "local": []},
                    "sentiment": round(max(-1.0, min(1.0, rng.gauss(0.05, 0.4))), 3),
                    "language": "en",
                    "withheld": hold,
                    "corrected": False,
                }
            )
            if hold:
                text_value = answers[question_id]
                cases.append(
                    {
                        "created_at": dt.datetime(2026, 9, 1),
                        "questionnaire_id": q.id,
                        "question_id": question_id,
                        "text": text_value,
                        "text_digest": hashlib.sha256(text_value.encode()).hexdigest(),
                        "categories": ["benchmark"],
                        "screen_status": "flagged",
                        "screen_error": "",
                        "language": "en",
                        "locale": "en",
                        "audience": q.audience,
                        "draft_code_hash": f"scale-{n}",
                        "response_id": n,
                        "status": "new",
                        "contact_method": "",
                        "contact_details": "",
                        "contact_times": "",
                    }
                )
                totals["withheld"] += 1
        totals["responses"] += 1
        if len(responses) >= BATCH:
            flush()
        if n % 100_000 == 0:
            print(f"  ... {n:,} responses", flush=True)
    flush()
    totals["records"] = record_id
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("response", "analysis_record"):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :n)"),
                {"n": max(1, totals["responses"] if table == "response" else record_id)},
            )
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return totals


# -- timing ----------------------------------------------------------------------------------


def sign_in(app) -> Any:
    """A test client signed in as an analyst (the role that may export).

    Called outside any app context: a request that finds one already pushed reuses it
    (and its ``g``), which would leave the client looking signed out.
    """
    from survey.staff.models import User
    from survey.staff.passwords import hash_password

    with app.app_context():
        db.session.add(
            User(
                email="analyst@council.example",
                name="Analyst",
                role="analyst",
                password_hash=hash_password(PASSWORD),
            )
        )
        db.session.commit()
    client = app.test_client()
    page = client.get("/staff/sign-in").get_data(as_text=True)
    token = _CSRF.search(page).group(1)
    client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "analyst@council.example", "password": PASSWORD},
    )
    return client


def fetch(client, url: str) -> int:
    """GET ``url`` and read the whole body; returns its size in bytes."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return len(response.get_data())


def prepare_export(client, url: str) -> str:
    """Ask for a large export: the view queues a job (run inline here, as the worker would
    run it) and redirects to the exports list; returns the prepared file's download URL."""
    from survey.serving.models import Job

    response = client.get(url)
    if response.status_code == 200:  # under EXPORT_INLINE_LIMIT: built in the request
        return ""
    if response.status_code != 302:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    with client.application.app_context():
        job = db.session.execute(
            db.select(Job).where(Job.kind == "export").order_by(Job.id.desc()).limit(1)
        ).scalar_one()
        if job.status != "done":
            raise SystemExit(f"{url}: export job {job.status}: {job.result}")
        return f"/staff/findings/{QID}/exports/{job.id}"


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any, PeakMemory]:
    """Wall-clock and CPU seconds of ``fn()``, its result and its memory."""
    with PeakMemory() as memory:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, result, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--skip-response-exports",
        action="store_true",
        help="time only the snapshot, pages and findings exports",
    )
    args = parser.parse_args()

    print(
        f"== workspace at scale: {args.responses:,} responses to {QID}, {args.database}\n"
        f"   machine: {os.cpu_count()} CPUs, load average "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        + f", Python {platform.python_version()}",
        flush=True,
    )
    rows: list[tuple[str, str, str, str, str]] = []
    with database(args.database) as config:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123456789",
                "NOTIFY_MODE": "off",
                **config,
            }
        )
        with app.app_context():
            upgrade()
            q = catalogue.all_questionnaires()[QID]
            t0 = time.perf_counter()
            totals = fill(q, args.responses)
            build = time.perf_counter() - t0
            print(
                f"   built in {build:,.0f} s: {totals['responses']:,} responses, "
                f"{totals['records']:,} analysis records ({totals['withheld']:,} withheld)",
                flush=True,
            )

            # The precompute. No NLP ran, so there are no emerging-theme groups to carry over.
            wall, cpu, snapshot, memory = timed(lambda: build_snapshot(q))
            db.session.add(FindingsSnapshot(questionnaire_id=QID, data=snapshot))
            db.session.commit()
            size = len(json.dumps(snapshot))
            rows.append(
                (
                    "build_snapshot (background job)",
                    f"{wall:.1f}",
                    f"{cpu:.1f}",
                    f"{memory.grew_mb:,.0f}",
                    f"1 run; snapshot {size / 1024:,.0f} KB JSON",
                )
            )
            print(f"   build_snapshot: {wall:.1f} s, +{memory.grew_mb:,.0f} MB", flush=True)
            db.session.remove()

        client = sign_in(app)
        theme = snapshot["themes"][0]
        group_q = next(iter(snapshot["group_totals"]))
        group_v = max(snapshot["group_totals"][group_q].items(), key=lambda kv: kv[1])[0]
        article = theme["frameworks"]["uncrc"][0]["id"]
        base = f"/staff/findings/{QID}"
        pages = [
            ("findings page", base),
            (f"findings, filtered {group_q}:{group_v}", f"{base}?group={group_q}:{group_v}"),
            ("report page", f"{base}/report"),
            (f"framework page uncrc/{article}", f"{base}/framework/uncrc/{article}"),
            ("findings.csv", f"{base}/export/findings.csv"),
            ("findings.xlsx", f"{base}/export/findings.xlsx"),
        ]
        worst = 0.0
        for label, url in pages:
            fetch(client, url)  # warm-up: templates compile, the snapshot row is cached
            runs, cpus, peak = [], [], 0.0
            for _ in range(args.runs):
                wall, cpu, size, memory = timed(lambda url=url: fetch(client, url))
                runs.append(wall)
                cpus.append(cpu)
                peak = max(peak, memory.grew_mb)
            median = statistics.median(runs)
            worst = max(worst, median)
            rows.append(
                (
                    label,
                    f"{median:.3f}",
                    f"{statistics.median(cpus):.3f}",
                    f"{peak:,.0f}",
                    f"median of {args.runs} (min {min(runs):.3f}, max {max(runs):.3f});"
                    f" {size / 1024:,.0f} KB;"
                    f" {'OK' if median < TARGET_SECONDS else 'OVER'} < {TARGET_SECONDS:g} s",
                )
            )
            print(f"   {label}: {median:.3f} s", flush=True)

        if not args.skip_response_exports:
            for fmt in ("csv", "xlsx"):
                url = f"{base}/export/responses.{fmt}"
                wall, cpu, download, memory = timed(lambda url=url: prepare_export(client, url))
                rows.append(
                    (
                        f"responses.{fmt} ({totals['responses']:,} rows), prepared",
                        f"{wall:.1f}",
                        f"{cpu:.1f}",
                        f"{memory.grew_mb:,.0f}",
                        "1 run; the export job (inline, as the worker runs it)",
                    )
                )
                print(f"   responses.{fmt}: {wall:.1f} s, +{memory.grew_mb:,.0f} MB", flush=True)
                if download:
                    wall, cpu, size, memory = timed(lambda url=download: fetch(client, url))
                    rows.append(
                        (
                            f"responses.{fmt}, download",
                            f"{wall:.1f}",
                            f"{cpu:.1f}",
                            f"{memory.grew_mb:,.0f}",
                            f"1 run; {size / 2**20:,.0f} MB file",
                        )
                    )
        with app.app_context():
            db.engine.dispose()  # no pooled connection left open when the schema is dropped
    print()
    heads = ("step", "wall s", "CPU s", "peak +MB", "notes")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(
        f"\nprocess peak RSS {max_rss_mb():,.0f} MB; load average now "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    over = worst >= TARGET_SECONDS
    print(
        f"pages and findings exports: slowest median {worst:.3f} s "
        f"({'OVER' if over else 'under'} the {TARGET_SECONDS:g} s target)"
    )
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
