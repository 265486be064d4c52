"""Wiring for the workspace: template helpers and the ``analyse`` and ``demo`` commands."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from analysis.datafiles import DataFileError
from analysis.reporting import charts, suppression
from survey import catalogue
from survey.staff.setup import LINKS
from survey.workspace.audiences import AUDIENCE_NAMES
from survey.workspace.run import run_analysis

QUOTE_STATUS_NAMES = {
    "proposed": _l("Proposed"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
}

LINKS.insert(0, ("workspace.findings_index", _l("Findings"), frozenset({"analyst", "viewer"})))


def sentiment_words(value: float | None) -> str:
    """Sentiment as words a committee can read; the number is an internal detail."""
    if value is None:
        return "–"
    if value >= 0.3:
        return _("Mostly positive")
    if value > 0.1:
        return _("Slightly positive")
    if value <= -0.3:
        return _("Mostly negative")
    if value < -0.1:
        return _("Slightly negative")
    return _("Mixed or neutral")


def _threshold() -> int:
    return suppression.threshold(current_app.config.get("SUPPRESSION_THRESHOLD"))


def _withheld_label(line: bool = False) -> str:
    """Why a count is not shown, in words that are true of every withheld cell.

    Where counts add up to a total (a table row, a closed question, the groups of a
    breakdown), some counts of 10 or more are withheld so that a small one cannot be worked
    out from the total, and those cells say so. The small cells say the same: telling the
    reader which withheld cells are small would let them work the small ones out again
    (docs/privacy.md has the example).
    """
    if line:
        return _("withheld (fewer than %(n)s, or to protect another cell)", n=_threshold())
    return _("withheld (fewer than %(n)s)", n=_threshold())


def withheld(value: int | None, line: bool = False) -> str:
    """A count as shown: the number, or why it is not shown (the threshold in force).

    ``line`` for counts that add up to a total, where some are withheld to protect others.
    """
    return _withheld_label(line) if value is None else format_decimal(value)


def theme_chart(view: dict) -> Markup:
    items = [(t["name"], t["share"]) for t in view["themes"]]
    chart = charts.bar_chart_svg(
        _("Share of respondents by theme"),
        items,
        unit="%",
        t=_threshold(),
        withheld_label=_withheld_label(line=view.get("filtered", False)),
    )
    return Markup(chart)


def closed_chart(question: dict) -> Markup:
    labels = question.get("labels", {})
    # Without a base to take shares of (see presenting._closed), the bars are the counts.
    by_count = all(v is None for v in question["shares"].values())
    source = question["shown"] if by_count else question["shares"]
    items = [(labels.get(k, k), v) for k, v in source.items()]
    rows = [
        [labels.get(k, k), withheld(question["shown"][k], line=True), "" if v is None else f"{v}%"]
        for k, v in question["shares"].items()
    ]
    label = _withheld_label(line=True)
    table = charts.data_table_html(
        question["text"],
        [_("Answer"), _("Respondents"), _("Share")],
        rows,
        t=_threshold(),
        withheld_label=label,
    )
    chart = charts.bar_chart_svg(
        question["text"],
        items,
        unit="" if by_count else "%",
        t=_threshold(),
        withheld_label=label,
    )
    return Markup(chart) + table


def priority_chart(title: str, items: list[dict]) -> Markup:
    """A ranking's points as bars (withheld points have none, and say so), in its order.

    The chart's text alternative states every value, and the table under it repeats them.
    """
    bars = [(i["label"], None if i["points"] is None else round(i["points"])) for i in items]
    chart = charts.bar_chart_svg(
        title,
        bars,
        unit=_("points"),
        t=_threshold(),
        withheld_label=_withheld_label(),
        no_data_label=_("No answers yet."),
        number=format_decimal,
    )
    return Markup(chart)


@click.command("analyse")
@with_appcontext
@click.argument("questionnaire", required=False)
def analyse_command(questionnaire: str | None) -> None:
    """Theme stored free text and save findings (all questionnaires, or one)."""
    ids = [questionnaire] if questionnaire else list(catalogue.all_questionnaires())
    for qid in ids:
        if qid not in catalogue.all_questionnaires():
            raise click.ClickException(f"no questionnaire called {qid!r}")
        try:
            summary = run_analysis(qid)
        except DataFileError as exc:  # a council's file: say which, where and how to fix it
            raise click.ClickException(str(exc)) from exc
        click.echo(
            f"{qid}: {summary.responses} responses, {summary.answers} answers themed, "
            f"{summary.withheld} withheld for safeguarding "
            f"({summary.cases_opened} newly flagged, each now a case), "
            f"{summary.quotes_withdrawn} approved quotes withdrawn, "
            f"{summary.listed} put on the safeguarding lead's second-look list, "
            f"{summary.not_processed} not fully processed"
        )
        for line in summary.reduced:
            click.echo(f"  reduced: {line}")


@click.command("demo")
@with_appcontext
@click.argument("questionnaire", default="children-8-12")
@click.option("--responses", default=300, show_default=True)
@click.option("--seed", default=1, show_default=True)
def demo_command(questionnaire: str, responses: int, seed: int) -> None:
    """Fill a questionnaire with generated responses (for trying the workspace)."""
    from survey.workspace.demo import fill

    q = catalogue.all_questionnaires().get(questionnaire)
    if q is None:
        raise click.ClickException(f"no questionnaire called {questionnaire!r}")
    fill(q, responses, seed)
    summary = run_analysis(q.id)

    from survey.workspace.presenting import propose_quotes

    propose_quotes(q.id, current_app.config.get("SUPPRESSION_THRESHOLD"))
    click.echo(f"added {responses} demo responses to {q.id}; {summary.answers} answers themed")


def init_app(app: Flask) -> None:
    app.cli.add_command(analyse_command)
    app.cli.add_command(demo_command)
    app.jinja_env.filters["withheld"] = withheld

    @app.context_processor
    def _helpers() -> dict:
        return {
            "sentiment_words": sentiment_words,
            "audience_names": AUDIENCE_NAMES,
            "quote_status_names": QUOTE_STATUS_NAMES,
            "theme_chart": theme_chart,
            "closed_chart": closed_chart,
            "priority_chart": priority_chart,
        }
