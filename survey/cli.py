"""``flask --app app questionnaires validate|list``: checks for authors before going live."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from questionnaires import Problem, QuestionnaireError, load_directory
from questionnaires.lint import lint, untranslated_warnings
from questionnaires.loader import load_each
from survey import catalogue

questionnaires_cli = AppGroup("questionnaires", help="Check and list questionnaire files.")


@questionnaires_cli.command("validate")
def validate() -> None:
    """Check every definition file; exit 1 and explain each problem if any is broken.

    Also lists every text a translation file leaves out, per language (warnings:
    those respondents see the original words).
    """
    loaded, broken = load_each(catalogue.directory())
    for problem in (p for found in broken.values() for p in found):
        click.echo(str(problem), err=True)
    warnings = [w for q in loaded.values() for w in lint(q)]
    missing = [w for q in loaded.values() for w in untranslated_warnings(q)]
    for warning in [*warnings, *missing]:
        click.echo(str(warning))
    for (file, locale), count in _per_language(missing).items():
        click.echo(f"{file}: {count} text(s) not translated into '{locale}'")
    if broken:
        errors = sum(not p.warning for found in broken.values() for p in found)
        raise click.ClickException(
            f"{errors} problem(s) found; refused (the others are served): {', '.join(broken)}"
        )
    notes = [f"{len(warnings)} wording warning(s)"] if warnings else []
    notes += [f"{len(missing)} untranslated text(s)"] if missing else []
    click.echo(
        f"{len(loaded)} questionnaire(s) are valid in {catalogue.directory()}"
        + (f", with {' and '.join(notes)}" if notes else "")
    )


def _per_language(missing: list[Problem]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for problem in missing:
        name = Path(problem.file).name
        key = (name, name.split(".")[-2])
        counts[key] = counts.get(key, 0) + 1
    return counts


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
