"""The respondent's journey: intro, one page at a time, check answers, submit."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from survey.respond import views  # noqa: E402,F401  (routes register on import)
