"""``flask --app app questionnaires validate|list|lint|import|export``: for authors."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from questionnaires import Problem, QuestionnaireError, load_directory, load_file
from questionnaires.errors import did_you_mean
from questionnaires.lint import lint, untranslated_warnings
from questionnaires.loader import definition_files, load_each
from questionnaires.xlsform import export_xlsform, import_xlsform
from survey import catalogue

questionnaires_cli = AppGroup(
    "questionnaires", help="Check, list, import and export questionnaire files."
)


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
    for q in loaded.values():  # partial by design: the other pages are shown in the original
        for locale, section in sorted(q.section_only.items()):
            click.echo(f"{q.id}.{locale}.yaml: partial, translates section '{section}' only")
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


@questionnaires_cli.command("import")
@click.argument("form", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: the questionnaire folder).",
)
@click.option("--id", "questionnaire_id", help="Import under this id instead of form_id.")
@click.option("--replace", is_flag=True, help="Overwrite a questionnaire with the same id.")
def import_command(
    form: Path, output: Path | None, questionnaire_id: str | None, replace: bool
) -> None:
    """Import an XLSForm (.xlsx from ODK, KoboToolbox or Enketo) as a questionnaire."""
    directory = output or catalogue.directory()
    try:
        result = import_xlsform(form, directory, replace=replace, questionnaire_id=questionnaire_id)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(not p.warning for p in exc.problems)
        raise click.ClickException(f"{errors} problem(s) found; nothing was written") from None
    for note in result.notes:
        click.echo(str(note))
    warnings = lint(result.questionnaire)
    for warning in warnings:
        click.echo(str(warning))
    click.echo(
        f"imported {result.questionnaire.id} ({len(result.questionnaire.questions)} questions, "
        f"languages {','.join(result.questionnaire.locales)}, status "
        f"{result.questionnaire.status}): wrote {', '.join(str(p) for p in result.written)}"
    )


@questionnaires_cli.command("export")
@click.argument("questionnaire_id")
@click.option("--xlsform", is_flag=True, help="Write an XLSForm (.xlsx): the one format so far.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: <id>.xlsx in the current folder).",
)
@click.option("--replace", is_flag=True, help="Overwrite the output file if it exists.")
def export_command(
    questionnaire_id: str, xlsform: bool, output: Path | None, replace: bool
) -> None:
    """Export one questionnaire, with its translations, for ODK, KoboToolbox or Enketo."""
    if not xlsform:
        raise click.UsageError("say which format to write: --xlsform")
    files = {p.stem: p for p in definition_files(catalogue.directory())}
    if questionnaire_id not in files:
        hint = did_you_mean(questionnaire_id, files) or "run 'questionnaires list' to see them"
        raise click.ClickException(f"no questionnaire '{questionnaire_id}': {hint}")
    output = output or Path(f"{questionnaire_id}.xlsx")
    if output.exists() and not replace:
        raise click.ClickException(f"{output} already exists: use --replace to overwrite it")
    try:
        questionnaire = load_file(files[questionnaire_id])
    except QuestionnaireError as exc:
        raise click.ClickException(f"cannot export: fix these first\n{exc}") from None
    export_xlsform(questionnaire, output)
    click.echo(f"wrote {output}")


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaires_cli)
