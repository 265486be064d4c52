"""Staff: sign-in, roles, accounts and the audit log (the workspace's front door)."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from survey.staff import account, views  # noqa: E402,F401  (routes register on import)
