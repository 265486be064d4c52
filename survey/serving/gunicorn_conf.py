"""Gunicorn settings for `make serve` (``gunicorn -c survey/serving/gunicorn_conf.py``).

Sync workers: on this kind of machine they were never slower than threaded
ones and had far better tail latency (shared/notes/baselines.md). One more
worker than cores: a respondent's request is mostly CPU, and the spare worker
covers the moments one waits for a disk flush; 2 x cores + 1 made page views
about a fifth slower (benchmarks/load.py). Everything can be overridden from
the environment.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a leak cannot grow for ever; rarely, because each recycle
# costs a moment of that worker's time (5,000 recycled a busy worker every few seconds).
max_requests = 100_000
max_requests_jitter = 10_000
# The master creates the app and loads what every worker needs (survey/serving/warm.py), then
# forks: a new or recycled worker serves at full speed at once. A code upgrade therefore needs
# a restart of the service, not a HUP.
preload_app = True
# Access logs would record addresses with every request: off unless a council asks for them.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "app:create_app()"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _ours(server):
    """The Flask app gunicorn loaded, if it is ours (benchmarks serve others on these settings)."""
    app = server.app.wsgi()
    return app if getattr(app, "import_name", None) == "survey" else None


def when_ready(server) -> None:
    """In the master, before the first fork: templates, questionnaires, safeguarding rules."""
    app = _ours(server)
    if app is None:
        return
    from survey.serving.warm import warm

    for problem in warm(app):
        server.log.warning("not loaded ahead: %s", problem)


def post_fork(server, worker) -> None:
    """No database connection crosses a fork (the master should have made none; be sure)."""
    app = _ours(server)
    if app is None:
        return
    from survey.db import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
