"""The API's routes: a bearer token, the limiter, JSON errors, no cookies, nothing cached.

A request is counted by the rate limiter before its token is even looked at, so tokens
cannot be guessed quickly. A missing, unknown or revoked token is 401; a token made for one
questionnaire asking for another is 403; a questionnaire with nothing published is 404, as
if it did not exist. The session is never read or written, so no cookie is sent and no
CSRF token is needed (there is nothing here but GET).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from flask import current_app, g, jsonify, request, url_for

from analysis.reporting import exports
from survey import catalogue
from survey.api import bp, openapi, published, tokens
from survey.api.models import ApiToken
from survey.db import db
from survey.serving import ratelimit
from survey.workspace import exporting
from survey.workspace.run import published_snapshot

MESSAGES = {
    400: "The request could not be understood.",
    401: "Send a valid API token: Authorization: Bearer <token>.",
    403: "This token may not read that questionnaire's findings.",
    404: "Nothing published here.",
    405: "This API only reads: use GET.",
    429: "Too many requests: wait and try again.",
    500: "Something went wrong on the server.",
    503: "The database is not available just now: try again in a minute.",
}


def error(code: int, retry_after: int = 0):
    """A JSON error: ``{"error": {"status": ..., "message": ...}}``.

    ``survey.errors`` sends every error under /api/ through here too (an unknown path, a
    POST), so a BI tool never has to read an HTML page.
    """
    response = jsonify({"error": {"status": code, "message": MESSAGES.get(code, "Error.")}})
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="have-your-say"'
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _limited() -> int:
    return ratelimit.hit("api", current_app.config["RATE_LIMIT_API"])


def token_required(view: Callable) -> Callable:
    """Rate limit, then a valid token; the token is ``g.api_token``."""

    @functools.wraps(view)
    def inner(*args, **kwargs):
        wait = _limited()
        if wait:
            return error(429, wait)
        row = tokens.from_header(request.headers.get("Authorization"))
        if row is None:
            return error(401)
        tokens.mark_used(row)
        db.session.commit()
        g.api_token = row
        return view(*args, **kwargs)

    inner.api_token = True
    return inner


def _may_read(row: ApiToken, qid: str) -> bool:
    return row.questionnaire_id is None or row.questionnaire_id == qid


def published_only(view):
    """Runs ``view(q, snap)`` for a questionnaire this token may read and that has published
    findings; otherwise answers 403 or 404 the same way on every endpoint."""

    @functools.wraps(view)
    def inner(qid: str):
        if not _may_read(g.api_token, qid):
            return error(403)
        q = catalogue.all_questionnaires().get(qid)
        snap = published_snapshot(qid) if q is not None else None
        if snap is None:
            return error(404)
        return view(q, snap)

    return inner


@bp.get("/findings")
@token_required
def findings_list():
    items = []
    for q, snap in published.published():
        if not _may_read(g.api_token, q.id):
            continue
        view = published.view_of(snap)
        items.append(published.summary(q, snap, view) | _links(q.id))
    return jsonify({"findings": items})


def _links(qid: str) -> dict[str, dict[str, str]]:
    return {
        "links": {
            "json": url_for("api.findings_json", qid=qid),
            "themes_csv": url_for("api.findings_csv", qid=qid),
        }
    }


@bp.get("/findings/<qid>")
@token_required
@published_only
def findings_json(q, snap):
    return jsonify(published.as_json(q, snap))


@bp.get("/findings/<qid>/themes.csv")
@token_required
@published_only
def findings_csv(q, snap):
    columns, rows = published.themes_csv(snap)
    out = io.BytesIO()
    exports.write_csv(rows, columns, out, dates=exporting.EXPORT_DATES)
    response = current_app.response_class(out.getvalue(), mimetype=exporting.MIMETYPES["csv"])
    response.headers["Content-Disposition"] = f'attachment; filename="{q.id}-themes.csv"'
    return response


@bp.get("/openapi.json")
def openapi_document():
    """The description of this API, for BI tools to import; it names no data, so no token."""
    wait = _limited()
    if wait:
        return error(429, wait)
    return jsonify(openapi.document())
