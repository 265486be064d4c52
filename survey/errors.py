"""Error pages in plain words. A database hiccup never shows a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = exc.code or 500
        if _api():
            return _api_error(code)
        template = {404: "errors/404.html", 413: "errors/413.html"}.get(code, "errors/4xx.html")
        if code >= 500:
            template = "errors/500.html"
        return render_template(template, code=code), code

    @app.errorhandler(UnicodeDecodeError)
    def _bad_encoding(exc: UnicodeDecodeError):
        return render_template("errors/4xx.html", code=400), 400

    @app.errorhandler(OperationalError)
    def _database_down(exc: OperationalError):
        app.logger.error("database unavailable: %s", exc.__class__.__name__)
        if _api():
            return _api_error(503)
        return render_template("errors/try_again.html"), 503

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        if _api():
            return _api_error(500)
        return render_template("errors/500.html", code=500), 500


def _api() -> bool:
    """A request to the findings API, which a BI tool reads: errors in JSON, not pages."""
    return request.path.startswith("/api/")


def _api_error(code: int):
    from survey.api.views import error

    return error(code)
