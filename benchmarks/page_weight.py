"""Page weight: what a child on a cheap phone and a slow connection downloads per page.

Serves the app on 127.0.0.1 (fresh SQLite database), walks every bundled
questionnaire over HTTP like a browser without a cache, and for each page
prints the HTML size, the gzip size of the HTML plus every stylesheet, script,
font and image it loads, the number of requests, and whether any request goes
to another host. 14 KB compressed is about what a first round trip can carry.

Run: .venv/bin/python -m benchmarks.page_weight
"""

from __future__ import annotations

import gzip
import http.cookiejar
import re
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from werkzeug.serving import make_server

from questionnaires import Question, load_directory
from survey import create_app

BUDGET = 14 * 1024
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Assets(HTMLParser):
    """Collects what a page makes the browser fetch, and the fields of its form."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and {"stylesheet", "icon", "preload"} & set(a.get("rel", "").split()):
            self.urls.append(a.get("href", ""))
        elif tag in ("script", "img", "source") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a.get("name", "")] = a.get("value", "")


@dataclass
class Weight:
    label: str
    html_bytes: int
    gzip_bytes: int
    requests: int
    other_host: bool


class Browser:
    """urllib with cookies, counting bytes as a browser with an empty cache would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path) as r:
            return r.geturl(), r.read().decode()

    def post(self, path: str, data: dict[str, Any]) -> tuple[str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, body) as r:
            return r.geturl(), r.read().decode()

    def weigh(self, label: str, url: str, html: str) -> Weight:
        parser = Assets()
        parser.feed(html)
        total, requests, other = len(gzip.compress(html.encode(), 6)), 1, False
        queue = [urllib.parse.urljoin(url, u) for u in parser.urls if not u.startswith("data:")]
        seen: set[str] = set()
        while queue:
            asset = queue.pop()
            if asset in seen:
                continue
            seen.add(asset)
            requests += 1
            if urllib.parse.urlsplit(asset).netloc != urllib.parse.urlsplit(self.base).netloc:
                other = True
                continue  # never fetched: the point is that it should not exist
            with urllib.request.urlopen(asset) as r:
                body = r.read()
            total += len(gzip.compress(body, 6))
            if asset.endswith(".css"):
                queue += [
                    urllib.parse.urljoin(asset, u)
                    for u in CSS_URL.findall(body.decode())
                    if not u.startswith("data:")
                ]
        return Weight(label, len(html.encode()), total, requests, other)


def answer(question: Question) -> dict[str, Any]:
    """A valid answer, as the form would post it."""
    kind, qid = question.type, question.id
    if kind == "statement":
        return {}
    if kind == "consent":
        return {qid: "yes"}
    if kind == "multiple_choice":
        return {qid: [o.value for o in question.options[:2]]}
    if kind in ("short_text", "long_text"):
        return {qid: "A short answer"}
    if kind == "number":
        return {qid: str(question.settings.get("min") or 0)}
    if kind == "ranking":
        return {f"{qid}-{o.value}": str(n) for n, o in enumerate(question.options[:2], 1)}
    return {qid: question.options[0].value}


def measure(base: str) -> list[Weight]:
    weights: list[Weight] = []
    site = Browser(base)
    for path, label in (("/", "home"), ("/resume", "resume")):
        url, html = site.get(path)
        weights.append(site.weigh(label, url, html))
    for qid, q in sorted(load_directory().items()):
        if q.status == "closed":
            continue
        b = Browser(base)
        url, html = b.get(f"/q/{qid}")
        weights.append(b.weigh(f"{qid} intro", url, html))
        url, html = b.get(f"/q/{qid}/privacy")
        weights.append(b.weigh(f"{qid} privacy", url, html))
        url, html = b.get(f"/q/{qid}")
        parser = Assets()
        parser.feed(html)
        url, html = b.post(f"/q/{qid}/start", parser.hidden)
        while "/p/" in url:
            page_id = urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]
            weights.append(b.weigh(f"{qid} page {page_id}", url, html))
            parser = Assets()
            parser.feed(html)
            data: dict[str, Any] = {**parser.hidden, "continue": "1"}
            for question in q.page(page_id).questions:
                if f'name="{question.id}' in html:
                    data.update(answer(question))
            url, html = b.post(urllib.parse.urlsplit(url).path, data)
        weights.append(b.weigh(f"{qid} check", url, html))
        parser = Assets()
        parser.feed(html)
        url, html = b.post(f"/q/{qid}/submit", parser.hidden)
        weights.append(b.weigh(f"{qid} done ({urllib.parse.urlsplit(url).path})", url, html))
    return weights


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SECRET_KEY": "page-weight-benchmark-key-0123456789abcdef",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
            }
        )
        with app.app_context():
            upgrade()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            weights = measure(f"http://127.0.0.1:{server.server_port}")
        finally:
            server.shutdown()
            thread.join()
            server.server_close()
            with app.app_context():
                from survey.db import db

                db.engine.dispose()
    print(f"{'page':<56} {'HTML B':>8} {'gzip B':>8} {'reqs':>5} other-host")
    for w in weights:
        print(
            f"{w.label:<56} {w.html_bytes:>8} {w.gzip_bytes:>8} {w.requests:>5} "
            f"{'YES' if w.other_host else 'no'}"
        )
    questions = [w for w in weights if " page " in w.label]
    worst = max(weights, key=lambda w: w.gzip_bytes)
    worst_q = max(questions, key=lambda w: w.gzip_bytes)
    print(f"\nmax HTML bytes: {max(w.html_bytes for w in weights)}")
    print(f"max gzip bytes (any page): {worst.gzip_bytes} ({worst.label})")
    print(f"max gzip bytes (question page): {worst_q.gzip_bytes} ({worst_q.label})")
    print(f"max requests: {max(w.requests for w in weights)}")
    print(f"any request to another host: {'YES' if any(w.other_host for w in weights) else 'no'}")
    over = [w for w in questions if w.gzip_bytes > BUDGET]
    print(f"question pages over {BUDGET} B: {len(over)} of {len(questions)}")
    return 1 if over or any(w.other_host for w in weights) else 0


if __name__ == "__main__":
    sys.exit(main())
