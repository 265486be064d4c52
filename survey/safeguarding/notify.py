"""Email to safeguarding leads, with no child's words in it.

Notifications are rows in an outbox written with the case, so a mail server
that is down delays an email but never loses it; ``flask --app app
notifications send`` (run every minute by cron) retries what is waiting.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
from email.message import EmailMessage

from flask import Flask, current_app

from survey.db import db
from survey.safeguarding.models import CaseEvent, Notification, SafeguardingCase
from survey.staff.models import now


def _recipients(key: str) -> list[str]:
    raw = current_app.config.get(key) or ""
    return [a.strip() for a in raw.split(",") if a.strip()]


def _case_url(case: SafeguardingCase) -> str:
    base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    return f"{base}/staff/safeguarding/{case.id}"


def _queue(to: list[str], subject: str, body: str) -> None:
    for address in to:
        db.session.add(Notification(to=address, subject=subject, body=body))


def new_case(case: SafeguardingCase, questionnaire) -> None:
    from survey.safeguarding.screening import category_names

    labels = category_names(case.categories) or "needs a person to read it"
    kind = "could not be screened" if case.screen_status == "unscreened" else "possible disclosure"
    body = (
        f"A new safeguarding case needs review ({kind}).\n\n"
        f"Case: {case.id}\n"
        f"Questionnaire: {questionnaire.title}\n"
        f"Possible concern: {labels}\n\n"
        f"Sign in to read it: {_case_url(case)}\n\n"
        "This email does not include what was written. Please acknowledge the case promptly."
    )
    _queue(_recipients("SAFEGUARDING_NOTIFY"), f"New safeguarding case {case.id}", body)


def escalate(minutes: int | None = None) -> list[int]:
    """Escalate cases nobody has acknowledged in time; returns their ids."""
    limit = minutes or current_app.config.get("SAFEGUARDING_ESCALATE_MINUTES", 240)
    cutoff = now() - dt.timedelta(minutes=limit)
    cases = (
        db.session.execute(
            db.select(SafeguardingCase).where(
                SafeguardingCase.status == "new",
                SafeguardingCase.acknowledged_at.is_(None),
                SafeguardingCase.escalated_at.is_(None),
                SafeguardingCase.created_at <= cutoff,
            )
        )
        .scalars()
        .all()
    )
    to = _recipients("SAFEGUARDING_ESCALATE_TO") or _recipients("SAFEGUARDING_NOTIFY")
    for case in cases:
        case.escalated_at = now()
        db.session.add(
            CaseEvent(
                case_id=case.id, action="escalated", note=f"not acknowledged within {limit} minutes"
            )
        )
        _queue(
            to,
            f"ESCALATED: safeguarding case {case.id} not acknowledged",
            f"Safeguarding case {case.id} has not been acknowledged within {limit} minutes.\n\n"
            f"Sign in to read it: {_case_url(case)}\n\n"
            "This email does not include what was written.",
        )
    db.session.commit()
    if cases:
        deliver_soon()
    return [c.id for c in cases]


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send what is waiting; returns (sent, failed). Never raises for a mail fault."""
    pending = (
        db.session.execute(
            db.select(Notification)
            .where(Notification.sent_at.is_(None), Notification.attempts < 20)
            .order_by(Notification.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    sent = failed = 0
    config = current_app.config
    for note in pending:
        note.attempts += 1
        message = EmailMessage()
        message["From"] = config.get("MAIL_FROM", "have-your-say@localhost")
        message["To"] = note.to
        message["Subject"] = note.subject
        message.set_content(note.body)
        try:
            with smtplib.SMTP(
                config.get("SMTP_HOST", "localhost"), int(config.get("SMTP_PORT", 25)), timeout=10
            ) as smtp:
                if config.get("SMTP_STARTTLS"):
                    smtp.starttls()
                if config.get("SMTP_USER"):
                    smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
                smtp.send_message(message)
            note.sent_at = now()
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            note.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
            failed += 1
        db.session.commit()
    return sent, failed


def _deliver_in(app: Flask) -> None:
    with app.app_context():
        deliver_pending()


def deliver_soon() -> None:
    """Try to send now without making the respondent wait; cron catches any failure."""
    mode = current_app.config.get("NOTIFY_MODE", "thread")
    if mode == "sync":
        deliver_pending()
    elif mode == "thread":
        app = current_app._get_current_object()
        threading.Thread(target=_deliver_in, args=(app,), daemon=True).start()
