"""What gunicorn's master loads before forking workers, and the session signer made once."""

from __future__ import annotations

from helpers import make_app
from sqlalchemy import event

from survey.db import db
from survey.serving.warm import warm


def _connections_made(app) -> list[int]:
    made: list[int] = []
    with app.app_context():
        event.listen(db.engine, "connect", lambda *args: made.append(1))
    return made


def test_warm_loads_templates_questionnaires_and_rules_without_touching_the_database(tmp_path):
    app, _ = make_app(tmp_path)
    with app.app_context():
        db.engine.dispose()  # forget the migration's connection: count only what warm opens
    made = _connections_made(app)
    from analysis.safeguarding import default_screener

    default_screener.cache_clear()  # loaded by an earlier test in this process, perhaps

    assert warm(app) == []

    assert made == []  # a connection made in the master would be shared by every worker
    assert app.extensions["hys_questionnaires"]  # the bundled questionnaires, parsed
    cached = {name for (_loader, name) in app.jinja_env.cache}
    assert {"page.html", "macros.html", "widgets/radios.html"} <= cached
    assert default_screener.cache_info().currsize == 1


def test_warm_reports_a_broken_questionnaire_and_carries_on(tmp_path):
    broken = tmp_path / "questionnaires"
    broken.mkdir()
    (broken / "bad.yaml").write_text("id: bad\npages: [\n")
    app, _ = make_app(tmp_path, QUESTIONNAIRE_DIR=str(broken))

    problems = warm(app)

    assert len(problems) == 1 and problems[0].startswith("questionnaires:")
    assert "bad.yaml" in problems[0]  # the author's error names the file
    assert "page.html" in {name for (_loader, name) in app.jinja_env.cache}


def test_session_signer_is_made_once_and_follows_a_new_key(tmp_path):
    app, _ = make_app(tmp_path)
    first = app.session_interface.get_signing_serializer(app)
    assert app.session_interface.get_signing_serializer(app) is first

    app.secret_key = "another-secret-key-that-is-long-enough-987654321"
    second = app.session_interface.get_signing_serializer(app)

    assert second is not first
    signed = second.dumps({"drafts": {}})
    assert second.loads(signed) == {"drafts": {}}
