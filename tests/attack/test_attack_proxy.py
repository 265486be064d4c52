"""Behind our proxies a client cannot choose the address its rate limits are counted under.

Each proxy appends the address it saw to X-Forwarded-For; whatever stands to the left
of those entries the client wrote itself. TRUST_PROXY says how many proxies we run.
"""

from __future__ import annotations

import pytest
from flask import Flask
from helpers import csrf, make_app, text_of

from survey.config import ConfigError, from_environment
from survey.serving import ratelimit

PROXY = "127.0.0.1"  # nginx on the same host, as in the README


@pytest.fixture
def one_minute(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_030.0)


def resume_tries(app: Flask, forwarded: list[str]) -> list[int]:
    """POST a wrong code to /resume once per X-Forwarded-For value, through the proxy."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = PROXY
    token = csrf(text_of(client.get("/resume")))
    return [
        client.post(
            "/resume",
            data={"csrf_token": token, "code": "0" * 26},
            headers={"X-Forwarded-For": value},
        ).status_code
        for value in forwarded
    ]


def test_a_client_written_forwarded_for_cannot_pick_its_key(tmp_path, one_minute) -> None:
    app, _ = make_app(tmp_path, TRUST_PROXY=1, RATE_LIMIT_RESUME=2)
    # The client writes a new left-most entry each time; nginx appends the real address.
    spoofed = [f"198.51.100.{n}, 203.0.113.9" for n in range(1, 5)]
    assert resume_tries(app, spoofed) == [400, 400, 429, 429]


def test_each_real_address_has_its_own_count_behind_the_proxy(tmp_path, one_minute) -> None:
    app, _ = make_app(tmp_path, TRUST_PROXY=1, RATE_LIMIT_RESUME=2)
    assert resume_tries(app, ["203.0.113.9"] * 3) == [400, 400, 429]
    assert resume_tries(app, ["203.0.113.10"]) == [400]  # a different child, not limited


def test_two_proxies_count_the_address_the_outer_one_saw(tmp_path, one_minute) -> None:
    app, _ = make_app(tmp_path, TRUST_PROXY=2, RATE_LIMIT_RESUME=2)
    # client-written, the address the outer proxy saw, the outer proxy as the inner one saw it
    spoofed = [f"198.51.100.{n}, 203.0.113.9, 10.0.0.2" for n in range(1, 4)]
    assert resume_tries(app, spoofed) == [400, 400, 429]
    assert resume_tries(app, ["203.0.113.10, 10.0.0.2"]) == [400]


def test_without_trust_proxy_the_header_is_ignored(tmp_path, one_minute) -> None:
    app, _ = make_app(tmp_path, RATE_LIMIT_RESUME=2)
    assert resume_tries(app, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == [400, 400, 429]


@pytest.mark.parametrize("value", ["yes", "true", "-1", "1.5", "6", "on"])
def test_trust_proxy_must_be_a_number_of_proxies(value: str) -> None:
    with pytest.raises(ConfigError, match="TRUST_PROXY"):
        from_environment("instance", {"TRUST_PROXY": value})


@pytest.mark.parametrize(("value", "hops"), [("", 0), ("0", 0), ("1", 1), ("2", 2)])
def test_trust_proxy_counts_hops(value: str, hops: int) -> None:
    assert from_environment("instance", {"TRUST_PROXY": value})["TRUST_PROXY"] == hops
