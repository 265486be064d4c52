"""A respondent driving the journey through the Flask test client, as a browser would."""

from __future__ import annotations

import re
from html import unescape

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def csrf(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def submission_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "check page has no submission token"
    return match.group(1)


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


class Respondent:
    def __init__(self, client, qid: str):
        self.client = client
        self.qid = qid

    def start(self):
        page = self.client.get(f"/q/{self.qid}")
        assert page.status_code == 200, page.status_code
        return self.client.post(
            f"/q/{self.qid}/start", data={"csrf_token": csrf(page.get_data(as_text=True))}
        )

    def answer(self, location: str, data: dict, **kw):
        """GET the page (as a browser would), then post ``data`` with its token."""
        page = self.client.get(location)
        assert page.status_code == 200, (location, page.status_code)
        html = page.get_data(as_text=True)
        payload = {"csrf_token": csrf(html), "continue": "1", **data}
        return self.client.post(location, data=payload, **kw)

    def check_page(self):
        return self.client.get(f"/q/{self.qid}/check")

    def send(self):
        check = self.check_page()
        html = check.get_data(as_text=True)
        return self.client.post(
            f"/q/{self.qid}/submit",
            data={"csrf_token": csrf(html), "submission_token": submission_token(html)},
        )
