"""Wiring for safeguarding: template helpers and the scheduled commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l

from survey.safeguarding import notify
from survey.safeguarding.screening import finding_of

# The screen's categories (analysis.safeguarding.CATEGORIES, whose English these are, a test
# holds them equal) in the language of the lead's pages; emails keep the English.
CATEGORY_NAMES = {
    "suicidal_thoughts": _l("Suicidal thoughts"),
    "self_harm": _l("Self-harm"),
    "physical_abuse": _l("Physical abuse"),
    "sexual_abuse": _l("Sexual abuse"),
    "emotional_abuse": _l("Emotional abuse"),
    "neglect": _l("Neglect"),
    "domestic_abuse": _l("Domestic abuse"),
    "criminal_exploitation": _l("Criminal exploitation (including county lines)"),
    "sexual_exploitation": _l("Sexual exploitation"),
    "online_grooming": _l("Online grooming"),
    "forced_marriage": _l("Forced marriage"),
    "fgm": _l("Female genital mutilation (FGM)"),
    "radicalisation": _l("Radicalisation"),
    "running_away": _l("Running away or nowhere safe to sleep"),
    "severe_bullying": _l("Severe bullying"),
    "scared_to_go_home": _l("Scared to go home (reason not given)"),
}


def category_labels(categories: list[str]) -> str:
    """The categories' names in the page's language; an id we do not know, as it is."""
    return ", ".join(str(CATEGORY_NAMES.get(c, c)) for c in categories)


def meaning_reason(finding: Mapping[str, Any] | None, stored: str) -> str:
    """Why the meaning layer flagged or listed an answer, in the page's language: the one
    wording of it on every page of the lead's (case, second-look list). ``finding`` is what
    ``screening.finding_of`` kept; without it (a rule's flag, or a row stored before the
    finding was kept), ``stored``, the English sentence, as it is. The example is our own
    words (an exemplar), quoted as written; for a rule's match the layer set aside, the rule
    and the words of the answer it matched (the lead reads the answer beside it). Emails never
    carry either."""
    parts = finding_of(finding) if finding is not None else None
    if parts is None:
        return stored
    if "rule" in parts:
        return gettext(
            "Rule %(rule)s matched “%(words)s”, but read as a whole the answer is unlike a "
            "disclosure (probability %(probability)s): listed for a second look, not opened "
            "as a case",
            rule=parts["rule"],
            words=parts["words"],
            probability=format_decimal(parts["probability"], format="0.00"),
        )
    return gettext(
        "No rule matched; its meaning is close to an example of %(category)s (probability "
        "%(probability)s; nearest example, similarity %(similarity)s: “%(example)s”)",
        category=category_labels([parts["category"]]),
        probability=format_decimal(parts["probability"], format="0.00"),
        similarity=format_decimal(parts["similarity"], format="0.00"),
        example=parts["exemplar"],
    )


CASE_STATUS_NAMES = {
    "open": _l("Open"),
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "referred": _l("Referred"),
    "closed": _l("Closed"),
    "all": _l("All"),
}

CONTACT_METHOD_NAMES = {
    "phone": _l("Phone call"),
    "text": _l("Text message"),
    "email": _l("Email"),
    "trusted_adult": _l("Through an adult I trust at school, college or a club"),
    "other": _l("Another way"),
}

safeguarding_cli = AppGroup("safeguarding", help="Safeguarding cases.")
notifications_cli = AppGroup("notifications", help="The email outbox.")


@safeguarding_cli.command("escalate")
@click.option("--minutes", type=int, default=None, help="Override SAFEGUARDING_ESCALATE_MINUTES.")
def escalate_command(minutes: int | None) -> None:
    """Escalate cases not acknowledged in time (run every few minutes from cron)."""
    ids = notify.escalate(minutes)
    click.echo(f"escalated {len(ids)} case(s)" + (f": {ids}" if ids else ""))


@notifications_cli.command("send")
def send_command() -> None:
    """Send waiting emails (run every minute from cron); exits 1 while any is overdue."""
    sent, failed = notify.deliver_pending()
    click.echo(f"sent {sent}, failed {failed}")
    waiting = notify.undelivered()
    if waiting["overdue"]:
        oldest = waiting["rows"][0]
        click.echo(
            f"{waiting['overdue']} safeguarding email(s) overdue, the oldest queued at "
            f"{oldest.created_at:%Y-%m-%d %H:%M} UTC after {oldest.attempts} tries "
            f"(last error: {oldest.last_error or 'none'}); still retrying",
            err=True,
        )
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(safeguarding_cli)
    app.cli.add_command(notifications_cli)

    @app.context_processor
    def _helpers() -> dict:
        return {
            "undelivered_notifications": notify.undelivered,
            "case_status_names": CASE_STATUS_NAMES,
            "category_names": category_labels,
            "meaning_reason": meaning_reason,
            "contact_method_names": CONTACT_METHOD_NAMES,
        }
