""" "You said, we did": the public page children are pointed to from the thank-you page."""

from __future__ import annotations

from flask import Blueprint, render_template

from survey import catalogue
from survey.db import db
from survey.workspace.models import Action

public_bp = Blueprint("workspace_public", __name__)


@public_bp.get("/q/<qid>/you-said-we-did")
def you_said(qid: str):
    q = catalogue.get_or_404(qid)
    actions = (
        db.session.execute(
            db.select(Action)
            .where(Action.questionnaire_id == qid, Action.published.is_(True))
            .order_by(Action.id)
        )
        .scalars()
        .all()
    )
    return render_template("public/you_said.html", q=q, actions=actions)
