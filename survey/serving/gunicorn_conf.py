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
max_requests = 5000  # recycle workers now and then: a leak cannot grow for ever
max_requests_jitter = 500
# Access logs would record addresses with every request: off unless a council asks for them.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "app:create_app()"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
