"""The respondent's journey: intro, one page at a time, check answers, submit."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from survey.respond import views  # noqa: E402,F401  (routes register on import)


@bp.app_context_processor
def _respond_helpers() -> dict:
    from survey.respond.fields import privacy_note

    return {"privacy_note": privacy_note}
