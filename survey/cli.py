"""``flask --app app questionnaires validate|list``: checks for authors before going live."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from questionnaires import QuestionnaireError, load_directory
from questionnaires.lint import lint
from survey import catalogue

questionnaires_cli = AppGroup("questionnaires", help="Check and list questionnaire files.")


@questionnaires_cli.command("validate")
def validate() -> None:
    """Check every definition file; exit 1 and explain each problem if any is broken."""
    try:
        loaded = load_directory(catalogue.directory())
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(not p.warning for p in exc.problems)
        raise click.ClickException(f"{errors} problem(s) found; nothing was loaded") from None
    warnings = [w for q in loaded.values() for w in lint(q)]
    for warning in warnings:
        click.echo(str(warning))
    click.echo(
        f"{len(loaded)} questionnaire(s) are valid in {catalogue.directory()}"
        + (f", with {len(warnings)} wording warning(s)" if warnings else "")
    )


@questionnaires_cli.command("lint")
def lint_command() -> None:
    """Only the wording warnings: reading age, two questions in one, length on a phone."""
    try:
        loaded = load_directory(catalogue.directory())
    except QuestionnaireError as exc:
        raise click.ClickException(f"cannot lint: fix these first\n{exc}") from None
    warnings = [w for q in loaded.values() for w in lint(q)]
    for warning in warnings:
        click.echo(str(warning))
    click.echo(f"{len(warnings)} wording warning(s)")


@questionnaires_cli.command("list")
def list_() -> None:
    """One line per questionnaire: id, version, audience, age band, status, languages."""
    try:
        loaded = load_directory(catalogue.directory())
    except QuestionnaireError as exc:
        raise click.ClickException(f"cannot list: run 'validate' first\n{exc}") from None
    for q in loaded.values():
        click.echo(
            f"{q.id:28} v{q.version:<3} {q.audience:13} {q.age_band:7} {q.status:7} "
            f"{','.join(q.locales):14} {len(q.questions)} questions  {q.title}"
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaires_cli)
