"""Doing once, in gunicorn's master, what every worker would otherwise do on its first requests.

With ``preload_app`` the master imports and creates the app, then forks the
workers; whatever it has loaded by then every worker shares from the start.
So a worker that is recycled (``max_requests``) or replaced after a crash is
serving at full speed at once, instead of spending a second or more reading
questionnaires, compiling templates and loading the safeguarding rules while
children's requests queue behind it. Nothing here opens a database
connection: a connection made before the fork would be shared by every worker.
"""

from __future__ import annotations

from flask import Flask

from survey import catalogue


def warm(app: Flask) -> list[str]:
    """Load what is the same for every request; returns what could not be loaded, for the log.

    A failure is reported, never raised: a questionnaire an author has just
    broken must not stop the server starting. It is refused alone (the others
    are loaded and served) and its author's errors are reported here.
    """
    problems: list[str] = []
    for name in app.jinja_env.list_templates():
        try:
            app.jinja_env.get_template(name)
        except Exception as exc:  # reported; the page that uses it will show the error
            problems.append(f"template {name}: {exc}")
    with app.app_context():
        try:
            catalogue.all_questionnaires()
            for refused in catalogue.refused().values():
                problems.append(
                    f"questionnaires: {refused.id} refused, the others served: "
                    + "; ".join(str(p) for p in refused.problems)
                )
        except Exception as exc:
            problems.append(f"questionnaires: {exc}")
    try:
        from analysis.safeguarding import default_screener

        screener = default_screener(app.config.get("SAFEGUARDING_SECOND_LOOK"))
        screener.screen("a few words to load the rules", locale="en", audience="young_person")
    except Exception as exc:  # each screen then reports it as an unscreened case
        problems.append(f"safeguarding rules: {exc}")
    return problems
