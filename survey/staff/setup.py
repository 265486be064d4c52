"""Wiring for the staff side: template helpers and the ``users`` command."""

from __future__ import annotations

import sys

import click
from flask import Flask, url_for
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l

from survey.db import db
from survey.staff import auth
from survey.staff.models import ROLES, User
from survey.staff.passwords import hash_password, problem

ROLE_NAMES = {
    "admin": _l("Administrator"),
    "analyst": _l("Analyst"),
    "safeguarding": _l("Safeguarding lead"),
    "viewer": _l("Viewer"),
}

# What each role's home page links to: (endpoint, label, roles). Kept as data so the
# workspace and safeguarding sections add themselves here, not in templates.
LINKS: list[tuple[str, object, frozenset[str]]] = [
    ("safeguarding.queue", _l("Safeguarding cases"), frozenset({"safeguarding"})),
    ("staff.accounts", _l("Accounts"), frozenset({"admin"})),
    ("staff.audit_log", _l("Audit log"), frozenset({"admin"})),
]

# Notices on the home page: (template, roles), kept as data like LINKS. Undelivered
# safeguarding emails are shown to those who can act on them.
PANELS: list[tuple[str, frozenset[str]]] = [
    ("safeguarding/outbox_panel.html", frozenset({"admin", "safeguarding"})),
    # Questionnaires refused because their files are broken (survey/catalogue.py).
    ("staff/questionnaire_problems.html", frozenset({"admin", "analyst"})),
]

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts; a password "
    "given as --password shows in the process list).",
)
@click.option("--password", default=None, help="The password (asked for when not given).")
def create_user(
    email: str, name: str, role: str, password_stdin: bool, password: str | None
) -> None:
    """Create a staff account, e.g. the first admin.

    Asked for the password twice on a terminal; from a script, pipe it in with
    --password-stdin. Without a terminal and without either, it stops with that advice
    rather than waiting for input that never comes."""
    password = _password(password, password_stdin)
    email = email.strip().lower()
    issue = problem(password, email=email, name=name)
    if issue:
        raise click.ClickException(issue)
    if db.session.execute(db.select(User).where(User.email == email)).first():
        raise click.ClickException(f"an account for {email} already exists")
    user = User(email=email, name=name, role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    auth.audit(
        "account_created", target=f"user:{user.id}", detail=f"role={role} (command line)", user=user
    )
    db.session.commit()
    click.echo(f"created {role} account for {email}")


def _password(given: str | None, from_stdin: bool) -> str:
    if given is not None and from_stdin:
        raise click.UsageError("give --password or --password-stdin, not both")
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise click.UsageError("--password-stdin: standard input had no password")
        return line
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise click.UsageError(
            "no terminal to ask for the password on: pipe it in, e.g. "
            "`printf '%s\\n' \"$PASSWORD\" | flask --app app users create ... --password-stdin`"
        )
    return click.prompt(
        "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)

    @app.context_processor
    def _staff_helpers() -> dict:
        def staff_links(user: User) -> list[dict]:
            return [
                {"url": url_for(endpoint), "label": label}
                for endpoint, label, roles in LINKS
                if user.role in roles and endpoint in app.view_functions
            ]

        def staff_panels(user: User) -> list[str]:
            return [template for template, roles in PANELS if user.role in roles]

        return {
            "staff_user": auth.current_user,
            "role_names": ROLE_NAMES,
            "staff_links": staff_links,
            "staff_panels": staff_panels,
        }
