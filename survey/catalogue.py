"""The questionnaires this app serves, loaded once on first use.

A broken definition (or a broken translation of one) refuses that
questionnaire alone: every other one keeps serving. The broken one answers
respondents with a calm "not available" page (503, never a 500), and its
author's errors (file, place, fix) are written to the log once and shown to
administrators and analysts on the staff home page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, render_template
from werkzeug.exceptions import NotFound, ServiceUnavailable

from questionnaires import Problem, Questionnaire
from questionnaires.loader import DEFINITIONS, load_each

_KEY = "hys_questionnaires"
_BROKEN_KEY = "hys_questionnaires_broken"


class Unavailable(ServiceUnavailable):
    """A questionnaire whose file is broken: the respondent is told, staff see why."""


@dataclass(frozen=True)
class Refused:
    """A questionnaire refused at loading, with every problem its author must fix."""

    id: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.warning)


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = None
    app.extensions[_BROKEN_KEY] = {}
    app.jinja_env.globals["refused_questionnaires"] = refused  # the staff home page's panel

    @app.errorhandler(Unavailable)
    def _unavailable(exc: Unavailable):
        return render_template("errors/unavailable.html"), 503


def directory() -> Path:
    return Path(current_app.config.get("QUESTIONNAIRE_DIR") or DEFINITIONS)


def _load() -> dict[str, Questionnaire]:
    loaded, broken = load_each(directory())
    for qid, problems in broken.items():
        # Once per process: the author's own words, so whoever reads the log can fix the file.
        current_app.logger.error(
            "questionnaire %r refused; the others are served:\n%s",
            qid,
            "\n".join(str(p) for p in problems),
        )
    current_app.extensions[_BROKEN_KEY] = {
        qid: Refused(qid, problems) for qid, problems in broken.items()
    }
    current_app.extensions[_KEY] = loaded
    return loaded


def all_questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire that loaded; broken ones are in ``refused()`` instead."""
    loaded = current_app.extensions.get(_KEY)
    return _load() if loaded is None else loaded


def refused() -> dict[str, Refused]:
    """Questionnaires refused because their files are broken, by id."""
    all_questionnaires()
    return current_app.extensions[_BROKEN_KEY]


def open_questionnaires() -> list[Questionnaire]:
    return [q for q in all_questionnaires().values() if q.status == "open"]


def get_or_404(questionnaire_id: str) -> Questionnaire:
    """Open and draft questionnaires can be answered; closed ones and unknown ids are 404.

    A broken one is 503 with a page that says it is not available just now.
    """
    q = all_questionnaires().get(questionnaire_id)
    if q is None and questionnaire_id in refused():
        raise Unavailable()
    if q is None or q.status == "closed":
        raise NotFound()
    return q
