"""The scheduled retention command."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask
from flask.cli import AppGroup

from survey.privacy import retention

privacy_cli = AppGroup("privacy", help="Retention and deletion.")


@privacy_cli.command("purge")
@click.option("--on", "on", default=None, help="Pretend today is this date (YYYY-MM-DD).")
def purge_command(on: str | None) -> None:
    """Delete responses past retention and expired drafts (run daily from cron)."""
    day = dt.date.fromisoformat(on) if on else None
    counts = retention.purge(day)
    if not counts:
        click.echo("nothing to delete")
    for what, count in sorted(counts.items()):
        click.echo(f"deleted {count} from {what}")


def init_app(app: Flask) -> None:
    app.cli.add_command(privacy_cli)
