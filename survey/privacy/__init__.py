"""Privacy duties: retention, withdrawal, and the record of what was removed."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from survey.privacy import views  # noqa: E402,F401  (routes register on import)
