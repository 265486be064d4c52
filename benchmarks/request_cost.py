"""Request cost: microseconds of Python per request, ours and the ceiling, with no server.

``benchmarks/load.py`` measures what a client sees through gunicorn, and its figures move
by a fifth between runs on a shared machine. This calls each app's WSGI callable directly,
in one process, on the same prepared requests as ``load.py`` (the same one-page
questionnaire, the same drafts and signed cookies, the same ceiling app), so a change to
the request path shows up here in a minute, and how far a ratio in ``load.py`` can move is
bounded by what is left to take out: gunicorn, the kernel and wrk cost the same per request
for both apps, so

    throughput ratio ~= (server + ceiling cost) / (server + our cost)

Each figure is the median over ``--repeats`` passes of ``--requests`` requests (each request
with its own respondent). The clock is the wall clock: a submission includes its disk flush.

Run: .venv/bin/python benchmarks/request_cost.py            (about a minute)
     .venv/bin/python benchmarks/request_cost.py --requests 500 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402  (the benchmark next to this one: same app, drafts and ceiling)

PAGE = f"/q/{load.QID}/p/only"
SUBMIT = f"/q/{load.QID}/submit"


def environ(path: str, cookie: str = "", body: str = "") -> dict:
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(
        path=path,
        method="POST" if body else "GET",
        headers={"Cookie": cookie} if cookie else {},
        data=body or None,
        content_type="application/x-www-form-urlencoded" if body else None,
    )
    env = builder.get_environ()
    env["REMOTE_ADDR"] = "127.0.0.1"
    return env


def timed(app: Callable, environs: list[dict], expected: str) -> float:
    """Microseconds per request over ``environs``; every answer must have the expected status."""
    statuses: Counter[str] = Counter()

    def start_response(status, headers, exc_info=None):
        statuses[status.split()[0]] += 1

    started = time.perf_counter()
    for env in environs:
        body = app(dict(env), start_response)  # a copy: a request writes into its environ
        b"".join(body)
        getattr(body, "close", lambda: None)()
    elapsed = time.perf_counter() - started
    if set(statuses) != {expected}:
        raise SystemExit(f"expected every status {expected}, got {dict(statuses)}")
    return elapsed / len(environs) * 1e6


def cookies(app, work: Path, count: int, answered: bool, name: str) -> list[tuple[str, str]]:
    out = work / f"{name}.tsv"
    load.make_drafts(app, count, out, answered=answered)
    return [tuple(line.split("\t", 1)) for line in out.read_text().splitlines() if line]


def ceiling_app(database_url: str):
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE hit (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
        conn.execute(text("INSERT INTO hit (body) VALUES ('The only page')"))  # the floor's row
    engine.dispose()
    os.environ["CEILING_DB"] = database_url
    os.environ["CEILING_SECRET"] = load.SECRET_KEY
    module = types.ModuleType("ceiling")
    exec(compile(load.CEILING_APP, "ceiling.py", "exec"), module.__dict__)
    return module.app.wsgi_app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per pass")
    parser.add_argument("--repeats", type=int, default=5, help="passes (median)")
    args = parser.parse_args()
    os.environ.update(
        SECRET_KEY=load.SECRET_KEY, HYS_ENV="production", RATE_LIMIT_ANSWERS="1000000000"
    )
    n, repeats = args.requests, args.repeats
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="hys-cost-") as tmp:
        work = Path(tmp)
        qdir = work / "questionnaires"
        qdir.mkdir()
        (qdir / f"{load.QID}.yaml").write_text(load.QUESTIONNAIRE)
        os.environ["QUESTIONNAIRE_DIR"] = str(qdir)
        ours = load.make_our_app(f"sqlite:///{work / 'ours.db'}", qdir)
        ceiling = ceiling_app(f"sqlite:///{work / 'ceiling.db'}")
        first = [environ(PAGE, c) for c, _ in cookies(ours, work, n, False, "first")]
        answered = [environ(PAGE, c) for c, _ in cookies(ours, work, n, True, "answered")]
        template = [environ("/page") for _ in range(n)]
        floor_lines = [line.split("\t", 1) for line in load.floor_lines(n)]
        floor = [environ("/floor", cookie) for cookie, _body in floor_lines]
        # warm both: template compiles, the safeguarding rules, the questionnaire snapshot
        timed(ours.wsgi_app, first[:50] + answered[:50], "200")
        timed(ceiling, template[:50] + floor[:50], "200")
        warm = cookies(ours, work, 50, True, "warm")
        timed(ours.wsgi_app, [environ(SUBMIT, c, b) for c, b in warm], "303")
        for run in range(repeats):
            for label, app, envs, status in (
                ("ceiling: template render", ceiling, template, "200"),
                ("floor: session, read, token, render", ceiling, floor, "200"),
                ("ours: question page, first view", ours.wsgi_app, first, "200"),
                ("ours: question page, answered", ours.wsgi_app, answered, "200"),
            ):
                results.setdefault(label, []).append(timed(app, envs, status))
            insert = [environ("/insert", body="say=More+buses+after+school") for _ in range(n)]
            results.setdefault("ceiling: one-row insert", []).append(timed(ceiling, insert, "201"))
            floor_sends = [environ("/floor-send", c, b) for c, b in floor_lines]
            results.setdefault("floor: session, token, read, write", []).append(
                timed(ceiling, floor_sends, "303")
            )
            sends = [environ(SUBMIT, c, b) for c, b in cookies(ours, work, n, True, f"s{run}")]
            results.setdefault("ours: submission", []).append(timed(ours.wsgi_app, sends, "303"))
    print(f"{n} requests x {repeats} passes, medians, SQLite, in one process (no server)\n")
    print(f"{'request':36} {'us/request':>10}")
    for label, values in results.items():
        print(f"{label:36} {statistics.median(values):10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
