"""Wiring for serving: the address behind a proxy, the worker command and the job handlers."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.middleware.proxy_fix import ProxyFix

from survey.serving import jobs


@jobs.handler("analyse")
def _analyse(payload: dict) -> str:
    from survey.workspace.presenting import propose_quotes
    from survey.workspace.run import run_analysis

    summary = run_analysis(payload["questionnaire"])
    propose_quotes(payload["questionnaire"], current_app.config.get("SUPPRESSION_THRESHOLD"))
    result = f"{summary.answers} answers themed, {summary.withheld} withheld"
    if summary.cases_opened:
        result += f" ({summary.cases_opened} newly flagged: each is now a safeguarding case)"
    if summary.quotes_withdrawn:
        result += (
            f"; {summary.quotes_withdrawn} approved quotes withdrawn because their answers "
            "are now withheld for safeguarding"
        )
    if summary.listed:
        result += f"; {summary.listed} answers put on the safeguarding lead's second-look list"
    return result


@jobs.handler("export")
def _export(payload: dict) -> str:
    """Write a large export to a file under instance/exports/ for the analyst to download."""
    from survey.workspace.prepared import write_prepared

    return write_prepared(payload)


@click.command("worker")
@click.option("--once", is_flag=True, help="Run what is queued, then stop.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run background jobs (analysis runs); `make serve` starts one beside gunicorn."""
    ran = jobs.work(once=once)
    click.echo(f"ran {ran} job(s)")


def init_app(app: Flask) -> None:
    app.cli.add_command(worker_command)
    hops = int(app.config.get("TRUST_PROXY") or 0)
    if hops:
        # Only the right-most ``hops`` entries of X-Forwarded-For were written by proxies we run;
        # anything to their left came from the client, so it never becomes the address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)
