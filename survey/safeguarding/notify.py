"""Email to safeguarding leads, with no child's words in it.

Notifications are rows in an outbox written with the case, so a mail server
that is down delays an email but never loses it; ``flask --app app
notifications send`` (run every minute by cron) retries what is waiting, for
as long as it takes, and exits non-zero while any is overdue so cron tells
someone. The relay's certificate is verified: an unverified STARTTLS would
hand the SMTP password to anyone in the middle.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import smtplib
import socket
import ssl
import threading
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import Row

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


SECOND_LOOK_SUBJECT = "Answers worth a second look are waiting"


def second_look_waiting(waiting: int) -> None:
    """Tell the leads that answers wait on the second-look list, at most once a day (the
    caller commits): the list is read in batches, so one reminder a day is enough, and a
    lead's inbox is not a second copy of it."""
    if waiting <= 0:
        return
    since = now() - dt.timedelta(hours=24)
    recent = db.session.execute(
        db.select(Notification.id)
        .where(Notification.subject == SECOND_LOOK_SUBJECT, Notification.created_at >= since)
        .limit(1)
    ).first()
    if recent is not None:
        return
    base = current_app.config.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    body = (
        f"Answers waiting for a second look: {waiting}. The screen did not flag them, but "
        "found them close to a disclosure.\n\n"
        f"Sign in to read them: {base}/staff/safeguarding/second-look\n\n"
        "This email does not include what was written. You are told at most once a day."
    )
    _queue(_recipients("SAFEGUARDING_NOTIFY"), SECOND_LOOK_SUBJECT, body)


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


RETRY_FIRST_SECONDS = 60  # then 2, 4, 8 minutes ...
RETRY_CAP_SECONDS = 10 * 60  # ... but never more than 10 minutes between tries
LEASE = dt.timedelta(minutes=5)  # a sender that died mid-send frees its email after this
SMTP_TIMEOUT = 10


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling, capped, never 'give up'."""
    seconds = RETRY_FIRST_SECONDS * 2 ** min(max(attempts - 1, 0), 16)
    return dt.timedelta(seconds=min(RETRY_CAP_SECONDS, seconds))


def _claim(sender: str) -> Row | None:
    """Take the oldest email due, for this sender alone; None when nothing is due.

    One statement: on PostgreSQL the candidate row is locked with ``FOR UPDATE
    SKIP LOCKED`` (a sender racing us takes the next one instead of waiting or
    taking the same one) and re-checked once locked; SQLite runs a writing
    statement under its single write lock, so the same UPDATE is atomic there.
    The columns needed to send come back with it, so nothing is read between
    the claim and the result (a read would make SQLite's next write conflict).
    """
    table = Notification.__table__
    at = now()
    due = (
        db.select(table.c.id)
        .where(
            table.c.sent_at.is_(None),
            db.or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= at),
            db.or_(table.c.claimed_until.is_(None), table.c.claimed_until < at),
        )
        .order_by(table.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = db.session.execute(
        db.update(table)
        .where(table.c.id == due)
        .values(claimed_by=sender, claimed_until=at + LEASE)
        .returning(table.c.id, table.c.to, table.c.subject, table.c.body, table.c.attempts)
    ).first()
    db.session.commit()
    return claimed


def _connect(config) -> smtplib.SMTP:
    """A connection to the relay: TLS verified against the system's CAs or SMTP_CA_FILE.

    The SMTP password is only ever sent inside verified TLS, or to a relay on
    this machine (loopback), never in the clear across a network.
    """
    host, port = config.get("SMTP_HOST", "localhost"), int(config.get("SMTP_PORT", 25))
    secure = config.get("SMTP_SSL") or config.get("SMTP_STARTTLS")
    context = None
    if secure:  # verified: without it STARTTLS hands the password to anyone in the middle
        context = ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None)
    if config.get("SMTP_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    try:
        if config.get("SMTP_STARTTLS") and not config.get("SMTP_SSL"):
            smtp.starttls(context=context)
        if config.get("SMTP_USER"):
            if not secure and not _loopback(host):
                raise smtplib.SMTPException(
                    "refusing to send the SMTP password unencrypted: set SMTP_STARTTLS=1 or "
                    "SMTP_SSL=1"
                )
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def _send(config, claimed: Row) -> None:
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM", "have-your-say@localhost")
    message["To"] = claimed.to
    message["Subject"] = claimed.subject
    message.set_content(claimed.body)
    with _connect(config) as smtp:
        smtp.send_message(message)


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send what is due, one claimed email at a time; returns (sent, failed).

    Never raises for a mail fault: a failure is recorded and the email waits
    longer each time (``retry_delay``) but is never given up on. Several
    senders (cron on each host, the thread after a new case) may run at once:
    each email is claimed by one of them.
    """
    sender = secrets.token_hex(8)
    config = current_app.config
    table = Notification.__table__
    sent = failed = 0
    for _ in range(limit):
        claimed = _claim(sender)
        if claimed is None:
            break
        result: dict = {"claimed_by": "", "claimed_until": None, "attempts": claimed.attempts + 1}
        try:
            _send(config, claimed)
            result["sent_at"] = now()
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            result["last_error"] = f"{exc.__class__.__name__}: {exc}"[:300]
            result["next_attempt_at"] = now() + retry_delay(claimed.attempts + 1)
            failed += 1
        db.session.execute(
            db.update(table)
            .where(table.c.id == claimed.id, table.c.claimed_by == sender)
            .values(**result)
        )
        db.session.commit()
    return sent, failed


def undelivered() -> dict:
    """Emails not yet sent that have failed or are overdue, for the staff home page and cron."""
    table = Notification.__table__
    overdue_before = now() - dt.timedelta(
        minutes=current_app.config.get("NOTIFY_OVERDUE_MINUTES", 15)
    )
    rows = db.session.execute(
        db.select(
            table.c.id,
            table.c.created_at,
            table.c.to,
            table.c.subject,
            table.c.attempts,
            table.c.last_error,
            table.c.next_attempt_at,
        )
        .where(
            table.c.sent_at.is_(None),
            db.or_(table.c.attempts > 0, table.c.created_at < overdue_before),
        )
        .order_by(table.c.id)
        .limit(50)
    ).all()
    overdue = db.session.execute(
        db.select(db.func.count(table.c.id)).where(
            table.c.sent_at.is_(None), table.c.created_at < overdue_before
        )
    ).scalar_one()
    return {"rows": rows, "overdue": overdue}


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
