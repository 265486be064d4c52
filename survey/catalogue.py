"""The questionnaires this app serves, loaded once on first use.

A broken definition stops the questionnaire pages with the author's error
(file, place, fix) rather than a half-working journey.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app

from questionnaires import Questionnaire, load_directory
from questionnaires.loader import DEFINITIONS

_KEY = "hys_questionnaires"


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = None


def directory() -> Path:
    return Path(current_app.config.get("QUESTIONNAIRE_DIR") or DEFINITIONS)


def all_questionnaires() -> dict[str, Questionnaire]:
    loaded = current_app.extensions.get(_KEY)
    if loaded is None:
        loaded = load_directory(directory())
        current_app.extensions[_KEY] = loaded
    return loaded


def open_questionnaires() -> list[Questionnaire]:
    return [q for q in all_questionnaires().values() if q.status == "open"]


def get_or_404(questionnaire_id: str) -> Questionnaire:
    """Open and draft questionnaires can be answered; closed ones and unknown ids are 404."""
    q = all_questionnaires().get(questionnaire_id)
    if q is None or q.status == "closed":
        abort(404)
    return q
