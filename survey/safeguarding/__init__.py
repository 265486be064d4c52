"""Safeguarding: screening at save and submit, help for the child, cases for the lead."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__)

from survey.safeguarding import views  # noqa: E402,F401  (routes register on import)
