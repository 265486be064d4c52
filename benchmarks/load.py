"""Load: how close our respondent endpoints come to a bare Flask app on the same gunicorn.

One command serves, in the same run and with the same gunicorn settings
(``survey/serving/gunicorn_conf.py``: sync workers, the worker count it picks):

* OUR app (``app:create_app()``) with SECRET_KEY set and HYS_ENV=production, on a fresh
  SQLite file in a temporary directory, then on PostgreSQL (database ``test``, a fresh schema
  dropped afterwards), then, if the ``redis`` package is installed and a server answers on
  127.0.0.1:6379, on SQLite with rate limits in Redis;
* a CEILING: a minimal Flask app that renders one template (for the page GET) and inserts one
  row with SQLAlchemy Core (for the submission), on the same kind of database with the same
  durability settings (SQLite WAL + synchronous=FULL).

* a FLOOR, served by the ceiling app: the parts the issue itself requires of any survey
  request, with none of our code. ``/floor`` checks Flask's signed session cookie, reads the
  respondent's row, signs a Flask-WTF-style form token and renders the ceiling's template;
  ``/floor-send`` checks the session and the token, reads the row, then inserts the answer
  and deletes a row in one transaction. Its ratio to the ceiling bounds what our page views
  and submissions could reach however lean our code became.

wrk (Debian package ``wrk``) loads each from a second process on loopback with 32
connections, ``--runs`` runs of ``--duration`` seconds each (medians are printed), ours and the
ceiling alternating so a change in machine load hits both alike. The ratio ours/ceiling is
the figure to quote; absolute numbers depend on what else the machine is doing.

Submissions: each needs its own started draft. Preparing them over HTTP costs four requests
each (intro, start, page, check) and would take longer than the measurement, so the
benchmark makes the drafts the way ``drafts.start`` does (a row per draft, committed before
the run) and signs each respondent's session cookie and CSRF token with the app's own
SECRET_KEY, exactly what a browser would hold after reaching the check page. The Lua script
then POSTs /q/<id>/submit once per draft, each with its own cookie, csrf_token and
submission_token, so every request is a real first submission (a 303 to /done, counted) and
the server does all of its normal work (token lookup, CSRF, safeguarding screen, rate
limit, the insert and the draft delete in one transaction). wrk was chosen over Locust
because Locust's Python client would need more CPU than the server on a 2-core machine.

RATE_LIMIT_ANSWERS is set to 1,000,000,000 for the load runs: the limit is per address and all
load comes from 127.0.0.1, so the default (1,200 a minute) would turn most requests into 429s.
The rate-limit counting itself still runs on every submission.

Run: .venv/bin/python benchmarks/load.py            (about 8 minutes)
     .venv/bin/python benchmarks/load.py --duration 3 --runs 1   (a quick check)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VENV_BIN = ROOT / ".venv" / "bin"
GUNICORN_CONF = ROOT / "survey" / "serving" / "gunicorn_conf.py"
PG_URL = os.environ.get("LOAD_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET_KEY = "load-benchmark-secret-" + "x" * 32
QID = "one-page"
CONNECTIONS = 32
THREADS = 2
TARGET_RATIO = 0.7
TARGET_P99_MS = 50.0

QUESTIONNAIRE = """\
id: one-page
version: 1
title: One page
audience: young_person
age_band: "13-18"
intro: A short questionnaire for load tests.
privacy: We keep these answers for testing only.
thank_you: Thank you.
pages:
  - id: only
    title: The only page
    questions:
      - id: agree
        type: consent
        text: Do you want to take part?
        label: "I want to take part"
        required: true
      - id: say
        type: short_text
        text: Tell us one thing
"""

# The ceiling: what Flask + SQLAlchemy on this gunicorn can do at best for the same shapes of
# request. Same durability as ours on SQLite, so the comparison is about our code, not fsync.
CEILING_APP = '''\
"""Minimal Flask app: one template render, one one-row insert (and the floor, below)."""
import os

from flask import Flask, render_template, request, session
from itsdangerous import URLSafeTimedSerializer
from jinja2 import DictLoader
from sqlalchemy import create_engine, event, text

app = Flask(__name__)
app.secret_key = os.environ["CEILING_SECRET"]
tokens = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
app.jinja_loader = DictLoader({"page.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><form method="post">
{% if token %}<input type="hidden" name="csrf_token" value="{{ token }}">{% endif %}
{% for q in questions %}<label for="{{ q }}">{{ q }}</label><input id="{{ q }}" name="{{ q }}">
{% endfor %}<button>Continue</button></form></main></body></html>"""})
engine = create_engine(os.environ["CEILING_DB"])


@event.listens_for(engine, "connect")
def _pragmas(conn, record):
    if type(conn).__module__.startswith("sqlite3"):
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            conn.execute("PRAGMA " + pragma)


@app.get("/page")
def page():
    return render_template("page.html", title="The only page", questions=["agree", "say"])


@app.get("/floor")
def floor():
    """The least a survey page can do: check the signed session cookie, read this
    respondent's row, sign a form token, render. Not the ceiling: a measure of what
    those parts cost on their own, with none of our code."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT body FROM hit WHERE id = :id"), {"id": session["row"]})
        title = row.scalar_one()
    token = tokens.dumps(session["csrf"])
    return render_template("page.html", title=title, questions=["agree", "say"], token=token)


@app.post("/floor-send")
def floor_send():
    """The least a submission can do: check the session and the form token, read this
    respondent's row, then store the answer and remove a row in one transaction."""
    if tokens.loads(request.form["csrf_token"], max_age=3600) != session["csrf"]:
        return "bad token", 400
    with engine.begin() as conn:
        conn.execute(text("SELECT body FROM hit WHERE id = :id"), {"id": session["row"]}).one()
        new = conn.execute(
            text("INSERT INTO hit (body) VALUES (:b) RETURNING id"), {"b": request.form["say"]}
        ).scalar_one()
        conn.execute(text("DELETE FROM hit WHERE id = :id AND id > 1"), {"id": new - 1})
    return "stored", 303, {"Location": "/page"}


@app.post("/insert")
def insert():
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO hit (body) VALUES (:b)"), {"b": request.form["say"]})
    return "stored", 201
'''

# One script for every scenario: each line of the data file is "cookie<TAB>body"; every
# request takes the next line of its thread's share (a single line is reused). Counts
# statuses so a 302 back to the intro is never mistaken for a stored submission.
WRK_LUA = r"""
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  method, path, file, nthreads = args[1], args[2], args[3], tonumber(args[4])
  lines, idx, wrapped, ok, bad, expected = {}, 0, 0, 0, 0, tonumber(args[5])
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == tid then table.insert(lines, line) end
    i = i + 1
  end
  if #lines == 0 then
    for line in io.lines(file) do table.insert(lines, line) end
  end
end
function request()
  idx = idx + 1
  if idx > #lines then idx = 1; wrapped = wrapped + 1 end
  local cookie, body = lines[idx]:match("^([^\t]*)\t(.*)$")
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers, nil)
end
function response(status, headers, body)
  if status == expected then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local ok_all, bad_all, wrapped_all = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_all = ok_all + t:get("ok")
    bad_all = bad_all + t:get("bad")
    wrapped_all = wrapped_all + t:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"ok":%d,' ..
    '"unexpected_status":%d,"socket_errors":%d,"timeouts":%d,"wrapped":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    ok_all, bad_all, e.connect + e.read + e.write, e.timeout, wrapped_all))
end
"""


@dataclass
class Run:
    """One wrk run: throughput, latency and everything that was not the expected answer."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    ok: int
    wrapped: int


@dataclass
class Scenario:
    """Medians over the runs of one (server, request) pair."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(r, name) for r in self.runs)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)


@dataclass(frozen=True)
class Target:
    """One kind of request to load: where it goes, its data file, and the status that counts."""

    label: str
    port: int
    method: str
    path: str
    data: Path | Callable[[int], Path]  # or made afresh for each run (drafts are used up)
    status: int


def alternate(
    ours: Target, ceiling: Target, args: argparse.Namespace, lua: Path
) -> tuple[Scenario, Scenario]:
    """``args.runs`` runs of each, taking turns, so a change in machine load hits both alike."""
    pair = (Scenario(ours.label), Scenario(ceiling.label))
    for run in range(args.runs):
        for target, scenario in zip((ours, ceiling), pair, strict=True):
            data = target.data(run) if callable(target.data) else target.data
            scenario.runs.append(
                wrk(
                    target.port, target.method, target.path, data, target.status, args.duration, lua
                )
            )
    return pair


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn with our settings in its own process group, so it can be stopped whole."""

    def __init__(self, app_uri: str, env: dict[str, str], cwd: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        full_env = {**os.environ, **env, "PORT": str(self.port), "PYTHONPATH": str(cwd)}
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), app_uri],
            cwd=cwd,
            env=full_env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers: that is all we wait for
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=25)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def wrk(
    port: int,
    method: str,
    path: str,
    data_file: Path,
    expected: int,
    duration: int,
    lua: Path,
) -> Run:
    """One bounded wrk run from a separate process; wrk stops itself after ``duration``."""
    cmd = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-s",
        str(lua),
        f"http://127.0.0.1:{port}",
        "--",
        method,
        path,
        str(data_file),
        str(THREADS),
        str(expected),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr}{out.stdout}")
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRKJSON "))
    d = json.loads(line.removeprefix("WRKJSON "))
    return Run(
        rps=d["requests"] / (d["duration_us"] / 1e6),
        p50_ms=d["p50_us"] / 1000,
        p99_ms=d["p99_us"] / 1000,
        errors=d["unexpected_status"] + d["socket_errors"] + d["timeouts"],
        ok=d["ok"],
        wrapped=d["wrapped"],
    )


def make_our_app(database_url: str, qdir: Path, engine_options: dict[str, Any] | None = None):
    """Our app in this process, sharing the servers' key: to migrate and to make drafts."""
    from flask_migrate import upgrade

    from survey import create_app
    from survey.config import database_url as normalise

    config: dict[str, Any] = {
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": normalise({"DATABASE_URL": database_url}),
        "QUESTIONNAIRE_DIR": str(qdir),
    }
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def make_drafts(app, count: int, out: Path, answered: bool = True) -> None:
    """``count`` drafts at the check page: rows in the database and, per line, cookie + form.

    Each cookie is what the browser of a respondent who started 10 minutes ago holds (so
    nothing is quarantined as too fast), signed with the app's key.
    """
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from survey.db import db
    from survey.models import Draft, today
    from survey.respond.drafts import hash_code, new_code

    serializer = app.session_interface.get_signing_serializer(app)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    rows, lines = [], []
    started = int(time.time()) - 600
    for n in range(count):
        code, token = new_code(), secrets.token_urlsafe(32)
        rows.append(
            Draft(
                code_hash=hash_code(code),
                questionnaire_id=QID,
                answers=(
                    {"agree": True, "say": f"More buses after school please {n}"}
                    if answered
                    else {}
                ),
                locale="en",
                submission_token=token,
                updated_on=today(),
                expires_on=today() + dt.timedelta(days=30),
            )
        )
        with app.test_request_context("/"):  # a fresh request context: a fresh CSRF token
            session["drafts"] = {QID: code}
            session["started"] = {QID: started}
            csrf = generate_csrf()
            cookie = serializer.dumps(dict(session))
        body = urllib.parse.urlencode({"csrf_token": csrf, "submission_token": token})
        lines.append(f"{cookie_name}={cookie}\t{body}")
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
    out.write_text("\n".join(lines) + "\n")


def floor_lines(count: int) -> list[str]:
    """Cookie and form for the ceiling's floor routes, signed as Flask and Flask-WTF sign ours."""
    from flask import Flask
    from itsdangerous import URLSafeTimedSerializer

    signer_app = Flask("floor")
    signer_app.secret_key = SECRET_KEY
    signer = signer_app.session_interface.get_signing_serializer(signer_app)
    tokens = URLSafeTimedSerializer(SECRET_KEY, salt="wtf-csrf-token")
    lines = []
    for _ in range(count):
        csrf = secrets.token_hex(20)
        body = urllib.parse.urlencode(
            {"csrf_token": tokens.dumps(csrf), "say": "More buses after school please"}
        )
        lines.append(f"session={signer.dumps({'row': 1, 'csrf': csrf})}\t{body}")
    return lines


def count_responses(app) -> int:
    from survey.db import db
    from survey.models import Response

    with app.app_context():
        return db.session.execute(db.select(db.func.count(Response.id))).scalar_one()


def measure_backend(
    name: str,
    our_db_url: str,
    ceiling_db_url: str,
    work: Path,
    args: argparse.Namespace,
    extra_env: dict[str, str] | None = None,
    engine_options: dict[str, Any] | None = None,
    pages: bool = True,
) -> list[tuple[Scenario, Scenario]]:
    """Ours and the ceiling side by side on one database; returns (ours, ceiling) pairs."""
    from sqlalchemy import create_engine, text

    qdir = work / "questionnaires"
    app = make_our_app(our_db_url, qdir, engine_options)
    ceiling_engine = create_engine(ceiling_db_url)
    with ceiling_engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS hit"))
        serial = (
            "INTEGER PRIMARY KEY" if ceiling_db_url.startswith("sqlite") else "SERIAL PRIMARY KEY"
        )
        conn.execute(text(f"CREATE TABLE hit (id {serial}, body TEXT NOT NULL)"))
        conn.execute(text("INSERT INTO hit (body) VALUES ('The only page')"))  # the floor reads it
    ceiling_engine.dispose()

    base_env = {
        "SECRET_KEY": SECRET_KEY,
        "HYS_ENV": "production",
        "JOBS_MODE": "queue",
        "QUESTIONNAIRE_DIR": str(qdir),
        "RATE_LIMIT_ANSWERS": "1000000000",
        "DATABASE_URL": our_db_url,
        **(extra_env or {}),
    }
    log = work / f"gunicorn-{name.replace(' ', '_').replace('+', '')}.log"
    ours = Server("app:create_app()", base_env, ROOT, log)
    ceiling_env = {"CEILING_DB": ceiling_db_url, "CEILING_SECRET": SECRET_KEY}
    ceiling = Server("ceiling:app", ceiling_env, work, log)
    lua = work / "load.lua"
    results: list[tuple[Scenario, Scenario]] = []
    try:
        ours.wait_ready(f"/q/{QID}")
        ceiling.wait_ready("/page")
        # Page views come from 2,000 respondents, each with their own draft and cookie: first
        # views (nothing typed on the page yet, as when a child arrives at it) and revisits (the
        # page already answered, so it is rendered afresh with their answers in it).
        for kind, answered in (("first", False), ("answered", True)):
            make_drafts(app, 2000, work / f"get-{kind}.tsv", answered=answered)
            cookies = [
                ln.split("\t")[0] for ln in (work / f"get-{kind}.tsv").read_text().split("\n")
            ]
            (work / f"get-{kind}.tsv").write_text("".join(f"{c}\t\n" for c in cookies if c))
        ceiling_page, inserts, floor_data = (
            work / n for n in ("page.tsv", "insert.tsv", "floor.tsv")
        )
        ceiling_page.write_text("\t\n")
        inserts.write_text("\tsay=More+buses+after+school+please\n")
        floor_data.write_text("\n".join(floor_lines(2000)) + "\n")
        page, submit = f"/q/{QID}/p/only", f"/q/{QID}/submit"
        # warm every worker (imports, questionnaire load, connection pools)
        wrk(ours.port, "GET", page, work / "get-first.tsv", 200, 2, lua)
        wrk(ours.port, "GET", page, work / "get-answered.tsv", 200, 2, lua)
        wrk(ceiling.port, "GET", "/page", ceiling_page, 200, 2, lua)
        wrk(ceiling.port, "GET", "/floor", floor_data, 200, 2, lua)
        # the first submission in each worker loads the safeguarding rules: not measured
        make_drafts(app, 3000, work / "warm-drafts.tsv")
        wrk(ours.port, "POST", submit, work / "warm-drafts.tsv", 303, 5, lua)
        wrk(ceiling.port, "POST", "/insert", inserts, 201, 2, lua)
        template = Target(f"{name}: template GET", ceiling.port, "GET", "/page", ceiling_page, 200)
        if pages:
            for kind, label in (("first", "question page GET"), ("answered", "answered page GET")):
                mine = Target(
                    f"{name}: {label}", ours.port, "GET", page, work / f"get-{kind}.tsv", 200
                )
                results.append(alternate(mine, template, args, lua))
            # What any page must do, with none of our code: it bounds what page views can reach.
            floor = Target(f"{name}: floor GET", ceiling.port, "GET", "/floor", floor_data, 200)
            results.append(alternate(floor, template, args, lua))

        def new_drafts(run: int) -> Path:
            drafts_file = work / f"drafts-{run}.tsv"
            make_drafts(app, args.duration * args.drafts_per_second, drafts_file)
            return drafts_file

        insert = Target(f"{name}: one-row insert", ceiling.port, "POST", "/insert", inserts, 201)
        sends = Target(f"{name}: submission POST", ours.port, "POST", submit, new_drafts, 303)
        before = count_responses(app)
        o, c = alternate(sends, insert, args, lua)
        stored = count_responses(app) - before
        confirmed = sum(r.ok for r in o.runs)
        print(f"  {name}: {confirmed} submissions confirmed (303), {stored} responses stored")
        results.append((o, c))
        floor_send = Target(
            f"{name}: floor POST", ceiling.port, "POST", "/floor-send", floor_data, 303
        )
        results.append(alternate(floor_send, insert, args, lua))
    finally:
        ours.stop()
        ceiling.stop()
        from survey.db import db

        with app.app_context():
            db.engine.dispose()
    return results


def report(pairs: list[tuple[Scenario, Scenario]]) -> None:
    head = f"{'scenario':<40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  ratio"
    print(head)
    print("-" * len(head))
    for ours, ceiling in pairs:
        ratio = ours.median("rps") / ceiling.median("rps")
        for s in (ceiling, ours):
            tail = ""
            if s is ours and s.label.endswith("floor GET"):
                tail = f"  {ratio:.2f} of ceiling (session + one-row read + token + render)"
            elif s is ours and s.label.endswith("floor POST"):
                tail = f"  {ratio:.2f} of ceiling (session + token check + read + insert + delete)"
            elif s is ours:
                verdict = (
                    "meets"
                    if ratio >= TARGET_RATIO and s.median("p99_ms") < TARGET_P99_MS
                    else "MISSES"
                )
                tail = f"  {ratio:.2f} of ceiling ({verdict} >= {TARGET_RATIO} & p99 < 50 ms)"
            wrapped = sum(r.wrapped for r in s.runs)
            note = f" (drafts reused {wrapped}x)" if wrapped and "submission" in s.label else ""
            print(
                f"{s.label:<40} {s.median('rps'):>8.0f} {s.median('p50_ms'):>7.1f} "
                f"{s.median('p99_ms'):>7.1f} {s.errors:>6}{tail}{note}"
            )


def redis_available() -> bool:
    try:
        import redis
    except ImportError:
        print("redis package not installed: skipping the Redis run (pip install redis)")
        return False
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError as exc:
        print(f"no Redis server at {REDIS_URL} ({exc}): skipping the Redis run")
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--drafts-per-second", type=int, default=1200)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-redis", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk")
        return 2

    import multiprocessing

    workers = os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() + 1))
    print(
        f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} at start; "
        f"gunicorn sync workers: {workers} (from gunicorn_conf.py); wrk -t{THREADS} "
        f"-c{CONNECTIONS}, {args.runs} x {args.duration} s runs, medians; "
        "RATE_LIMIT_ANSWERS=1000000000"
    )
    pairs: list[tuple[Scenario, Scenario]] = []
    with tempfile.TemporaryDirectory(prefix="hys-load-") as tmp:
        work = Path(tmp)
        (work / "questionnaires").mkdir()
        (work / "questionnaires" / f"{QID}.yaml").write_text(QUESTIONNAIRE)
        (work / "ceiling.py").write_text(CEILING_APP)
        (work / "load.lua").write_text(WRK_LUA)
        sqlite = f"sqlite:///{work / 'ours.db'}"
        pairs += measure_backend("SQLite", sqlite, f"sqlite:///{work / 'ceiling.db'}", work, args)
        if not args.no_postgres:
            schema = f"load_{uuid.uuid4().hex[:10]}"
            from sqlalchemy import create_engine, text

            admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                url = f"{PG_URL}?options=-csearch_path%3D{schema}"
                ceiling_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
                pairs += measure_backend("PostgreSQL", url, ceiling_url, work, args)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        if not args.no_redis and redis_available():
            redis_db = f"sqlite:///{work / 'ours-redis.db'}"
            pairs += measure_backend(
                "SQLite+Redis",
                redis_db,
                f"sqlite:///{work / 'ceiling-redis.db'}",
                work,
                args,
                extra_env={"REDIS_URL": REDIS_URL},
                pages=False,
            )
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end\n")
    report(pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
