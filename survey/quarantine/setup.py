"""Wiring for the quarantine review: the home page link and the reasons' names."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from survey.staff.setup import LINKS

LINKS.append(("quarantine.index", _l("Quarantined responses"), frozenset({"admin", "analyst"})))

REASON_NAMES = {
    "too_fast": _l("Sent too fast"),
    "honeypot": _l("Filled in the hidden field"),
}


def init_app(app: Flask) -> None:
    @app.context_processor
    def _names() -> dict:
        return {"quarantine_reasons": REASON_NAMES}
