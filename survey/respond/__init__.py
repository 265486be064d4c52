"""The respondent's journey: intro, one page at a time, check answers, submit."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from survey.respond import shared, views  # noqa: E402,F401  (routes register on import)


@bp.record_once
def _template_helpers(state) -> None:
    """A global, not a context variable: the macro files are imported without the context."""
    from survey.respond.fields import privacy_note, range_hint
    from survey.respond.matrix import row_words

    state.app.jinja_env.globals["privacy_note"] = privacy_note
    state.app.jinja_env.globals["range_hint"] = range_hint
    state.app.jinja_env.globals["row_words"] = row_words
    state.app.jinja_env.globals["respondent_session"] = shared.respondent_session
