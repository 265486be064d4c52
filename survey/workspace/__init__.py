"""The commissioners' workspace: themed findings, quotes, breakdowns, exports, you said we did."""

from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/staff")

from survey.workspace import forum_views, period_views, report_views, views  # noqa: E402,F401  (routes register on import)
