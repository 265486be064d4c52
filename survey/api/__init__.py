"""A read-only API of published findings for councils' BI tools (``/api/v1``).

Only what viewers may read (published findings, with the same small-number suppression
as the page), to holders of a token an admin made; nothing here can change anything.
"""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
admin_bp = Blueprint("api_tokens", __name__, url_prefix="/staff/api-tokens")

# survey.respond and survey.safeguarding import each other and work when respond comes first,
# as it does for the rest of the app; this package is imported before them, so it says so.
from survey import respond  # noqa: E402,F401
from survey.api import admin, views  # noqa: E402,F401  (routes register on import)
