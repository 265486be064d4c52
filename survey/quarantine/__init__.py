"""Reviewing quarantined responses: those sent too fast or through the honeypot field.

A whole class typing quickly can look like a bot; these pages let staff see such responses
and release them into the findings, or confirm they are junk.
"""

from flask import Blueprint

bp = Blueprint("quarantine", __name__, url_prefix="/staff/quarantine")

from survey.quarantine import views  # noqa: E402,F401  (routes register on import)
