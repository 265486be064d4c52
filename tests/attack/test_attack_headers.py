"""Security headers on every response, error pages and static files included.

A child's answers must never sit in a shared computer's cache, and no injected script may
run even if escaping were ever missed: the headers are the second line of defence, so they
must be on the 404, 413 and 500 pages too, where they are most often forgotten.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from helpers import Respondent, complete, make_app, make_user, sign_in

from questionnaires import load_directory

SECRET = "headers-test-secret-key-that-is-long-enough-0123456789"
GALLERY = "question-gallery"


@pytest.fixture
def production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    # as deployed: production comes from the environment (README, `make serve`)
    monkeypatch.setenv("HYS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", SECRET)
    app, _ = make_app(tmp_path, HYS_ENV="production", SECRET_KEY=SECRET, TESTING=False)

    def boom() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/__boom", "boom", boom)  # a 500 from an unexpected exception
    return app


def _assert_headers(response, *, cached_ok: bool = False) -> None:
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert "script-src" in directives or "default-src" in directives, csp
    script_src = directives.get("script-src", directives.get("default-src", ""))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, csp
    assert "*" not in script_src.split() and "data:" not in script_src, csp
    assert h.get("X-Content-Type-Options") == "nosniff"
    assert h.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin")
    assert h.get("Strict-Transport-Security", "").startswith("max-age=")
    assert int(h["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000
    if not cached_ok:
        assert "no-store" in h.get("Cache-Control", ""), (response.request.path, h)


def test_every_kind_of_response_has_the_headers(production: Flask) -> None:
    client = production.test_client()
    for path in ("/", f"/q/{GALLERY}", f"/q/{GALLERY}/privacy", "/resume", "/staff/sign-in"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_headers(response)
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    _assert_headers(missing)
    too_big = client.post("/resume", data={"code": "x" * (200 * 1024)})
    assert too_big.status_code == 413
    _assert_headers(too_big)
    broken = client.get("/__boom")
    assert broken.status_code == 500 and "a bug" not in broken.get_data(as_text=True)
    _assert_headers(broken)
    not_allowed = client.delete("/")
    assert not_allowed.status_code == 405
    _assert_headers(not_allowed)
    for name in sorted(p.name for p in (Path("survey") / "static").iterdir() if p.is_file()):
        static = client.get(f"/static/{name}")
        assert static.status_code == 200, name
        _assert_headers(static, cached_ok=True)
        static.close()


def test_journey_and_workspace_pages_are_never_cached(production: Flask) -> None:
    client = production.test_client()
    questionnaire = load_directory()[GALLERY]
    complete(client, questionnaire)
    check = client.get(f"/q/{GALLERY}/check")
    _assert_headers(check)
    sent = Respondent(client, GALLERY).send()
    assert sent.status_code == 303
    _assert_headers(sent)
    _assert_headers(client.get(f"/q/{GALLERY}/done"))
    staff = production.test_client()
    sign_in(staff, make_user(production, "analyst"))
    for path in ("/staff/", "/staff/findings/"):
        page = staff.get(path)
        assert page.status_code == 200, path
        _assert_headers(page)


def test_session_cookies_are_secure_httponly_samesite(production: Flask) -> None:
    client = production.test_client()
    respondent = Respondent(client, GALLERY)
    started = respondent.start()
    cookies = started.headers.getlist("Set-Cookie")
    assert cookies, "starting must set the session cookie"
    staff = production.test_client()
    signed_in = sign_in(staff, make_user(production, "admin"))
    cookies += signed_in.headers.getlist("Set-Cookie")
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert {"secure", "httponly", "samesite"} <= flags, cookie
        samesite = cookie.lower().split("samesite=")[1].split(";")[0]
        assert samesite in ("lax", "strict"), cookie


def test_development_has_no_hsts_but_everything_else(tmp_path: Path) -> None:
    """HSTS over plain http on a laptop would lock developers out; the rest still applies."""
    app, _ = make_app(tmp_path)
    response = app.test_client().get("/")
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_production_in_the_config_also_makes_cookies_secure(tmp_path: Path) -> None:
    """create_app({"HYS_ENV": "production"}) turns HSTS on; cookies must follow it."""
    app, _ = make_app(tmp_path, HYS_ENV="production", SECRET_KEY=SECRET)
    response = Respondent(app.test_client(), GALLERY).start()
    assert "Strict-Transport-Security" in response.headers
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie, cookie
