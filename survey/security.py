"""Headers on every response: no third-party content, nothing cached that holds answers.

And no form sent from another site's page is acted on: besides the CSRF token
each view checks, a POST the browser marks as coming from another site
(``Sec-Fetch-Site``, which no page can set) is refused before any view runs,
so it cannot even replace the session cookie of the child whose browser sent it.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer

csrf = CSRFProtect()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OTHER_SITES = frozenset({"cross-site", "same-site"})  # same-site: another host of the domain


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer made once per key, not on every request.

    Making one runs a JSON round trip and builds a signer: about 3% of a page view.
    """

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = app.extensions.get("hys_session_signer")
        if made is None or made[0] != keys:
            made = (keys, super().get_signing_serializer(app))
            app.extensions["hys_session_signer"] = made
        return made[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()
    # Forms are checked in the views so an expired token re-shows typed answers.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    if app.config.get("HYS_ENV") == "production":  # however production was chosen
        app.config["SESSION_COOKIE_SECURE"] = True
    csrf.init_app(app)

    production = app.config.get("HYS_ENV") == "production"
    always = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ]
    if production:
        always.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.before_request
    def _refuse_other_sites():
        sender = request.headers.get("Sec-Fetch-Site")
        if request.method not in SAFE_METHODS and sender in OTHER_SITES:
            abort(403)

    @app.after_request
    def _headers(response):
        h = response.headers
        present = {name.lower() for name, _value in h.items()}
        for name, value in always:  # a view may set its own; otherwise ours
            if name.lower() not in present:
                h.add(name, value)
        if not request.path.startswith("/static/"):
            h["Cache-Control"] = "no-store"
        return response
