"""The admin's page for API tokens: make one (its secret shown once), see use, revoke.

Making and revoking are audited like every other staff action. The secret is rendered on
the response to the form that made it and stored nowhere but as a hash: not in the session,
not in a flash message, not in the audit log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey import catalogue
from survey.api import admin_bp, tokens
from survey.api.models import ApiToken
from survey.db import db
from survey.staff import auth
from survey.staff.views import csrf_ok


def _page(secret: str | None = None, made: ApiToken | None = None, errors=None, status=200):
    rows = db.session.execute(db.select(ApiToken).order_by(ApiToken.id.desc())).scalars().all()
    return (
        render_template(
            "staff/api_tokens.html",
            tokens=rows,
            questionnaires=catalogue.all_questionnaires(),
            secret=secret,
            made=made,
            errors=errors or {},
        ),
        status,
    )


@admin_bp.get("")
@auth.require("admin")
def index():
    return _page()


@admin_bp.post("")
@auth.require("admin")
def create():
    if not csrf_ok():
        abort(400)
    name = request.form.get("name", "").strip()[:120]
    scope = request.form.get("questionnaire", "")
    if scope and scope not in catalogue.all_questionnaires():
        abort(400)
    if not name:
        problem = _("Enter a name for the token, such as the tool it is for.")
        return _page(errors={"name": problem}, status=400)
    row, secret = tokens.issue(name, scope or None, auth.current_user().id)
    db.session.flush()
    auth.audit(
        "api_token_created",
        target=f"api_token:{row.id}",
        detail=f"{row.prefix}… {name}; " + (f"questionnaire={scope}" if scope else "all"),
    )
    db.session.commit()
    return _page(secret=secret, made=row)


@admin_bp.post("/<int:token_id>/revoke")
@auth.require("admin")
def revoke(token_id: int):
    if not csrf_ok():
        abort(400)
    row = db.session.get(ApiToken, token_id) or abort(404)
    if row.active:
        tokens.revoke(row)
        auth.audit("api_token_revoked", target=f"api_token:{row.id}", detail=row.name)
        db.session.commit()
        flash(_("Token “%(name)s” revoked. It no longer works.", name=row.name), "info")
    return redirect(url_for(".index"))
