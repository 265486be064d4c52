"""Settings from the environment, with defaults that are safe for a council.

Nothing secret has a default: in production a missing SECRET_KEY stops the
app; in development a random key is made for the life of the process.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which and how to fix it."""


SUPPORTED_LOCALES = ("en", "cy", "gd", "pl", "ar", "ur")
RTL_LOCALES = ("ar", "ur")


def database_url(env: dict[str, str]) -> str:
    """The SQLAlchemy URL: DATABASE_URL, else SQLite under ``instance/``.

    ``postgres://`` and ``postgresql://`` URLs are pointed at psycopg 3, the
    driver we install, so a council can paste the URL their host gives them.
    """
    url = env.get("DATABASE_URL", "").strip()
    if not url:  # Flask-SQLAlchemy puts a relative SQLite file in instance/ and creates it
        return "sqlite:///have-your-say.db"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


ENVIRONMENTS = ("development", "production", "testing")
MAX_PROXY_HOPS = 5
# The widest second-look list a council may choose: at 0.3 it holds about one everyday answer
# in seven (docs/benchmarks.md); wider, a lead would be reading the consultation, not a list.
SECOND_LOOK_MIN = 0.3


def environment(env: dict[str, str]) -> str:
    """HYS_ENV exactly as the code compares it: a typo must not quietly mean development."""
    value = env.get("HYS_ENV", "") or "development"
    if value not in ENVIRONMENTS:
        raise ConfigError(
            f"HYS_ENV={value!r} is not known: use one of {', '.join(ENVIRONMENTS)} "
            "(lower case), or leave it unset for development"
        )
    return value


def proxy_hops(env: dict[str, str]) -> int:
    """How many reverse proxies of ours stand in front of the app (TRUST_PROXY), 0 for none.

    Each proxy appends the address it saw to X-Forwarded-For; only that many
    entries from the right are ours, anything further left the client wrote.
    """
    value = env.get("TRUST_PROXY", "").strip() or "0"
    if not value.isdigit() or int(value) > MAX_PROXY_HOPS:
        raise ConfigError(
            f"TRUST_PROXY={value!r} is not a number of proxies: set it to how many reverse "
            f"proxies you run in front of the app (1 for one nginx, at most {MAX_PROXY_HOPS}), "
            "or 0 (or unset) when clients reach the app directly"
        )
    return int(value)


def second_look_floor(env: dict[str, str]) -> float | None:
    """SAFEGUARDING_SECOND_LOOK: how close to a disclosure an answer the screen did not flag
    must be to join the lead's second-look list; unset means the shipped floor. Checked here,
    so a typo stops the app at start rather than quietly changing what a lead is shown."""
    value = env.get("SAFEGUARDING_SECOND_LOOK", "").strip()
    if not value:
        return None
    from analysis.safeguarding.meaning import SECOND_LOOK

    try:
        floor = float(value)
    except ValueError:
        floor = -1.0
    # Only wider than shipped: the list is what catches the screen's near misses, so a
    # setting may put more before a lead, never fewer.
    if not SECOND_LOOK_MIN <= floor <= SECOND_LOOK:
        raise ConfigError(
            f"SAFEGUARDING_SECOND_LOOK={value!r} must be a number from {SECOND_LOOK_MIN} to "
            f"{SECOND_LOOK}: the lowest likelihood of a disclosure at which an answer the screen "
            f"did not flag is put on the second-look list (unset: {SECOND_LOOK}, the narrowest; "
            "0.4 lists about twice as many answers, see docs/benchmarks.md)"
        )
    return floor


def from_environment(instance_path: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ if env is None else env)
    hys_env = environment(env)
    production = hys_env == "production"
    secret = env.get("SECRET_KEY", "")
    if production and len(secret) < 32:
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            "(HYS_ENV=production). Make one with: python -c 'import secrets; "
            "print(secrets.token_hex(32))'"
        )
    return {
        "HYS_ENV": hys_env,
        "SECRET_KEY": secret or secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": database_url(env),
        "QUESTIONNAIRE_DIR": env.get("QUESTIONNAIRE_DIR", ""),
        # The council's name, on the title page of the printed report.
        "COUNCIL_NAME": env.get("COUNCIL_NAME", ""),
        # The council's frameworks (a folder: every YAML file in it is one) and codebook (a
        # bundled name or a file); empty means the bundled ones. Read at first use, not here.
        "FRAMEWORKS_DIR": env.get("HYS_FRAMEWORKS_DIR", ""),
        "CODEBOOK": env.get("HYS_CODEBOOK", ""),
        # Answers are small: refuse anything bigger before parsing it.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 64 * 1024)),
        "MAX_FORM_PARTS": 500,
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "DRAFT_DAYS": int(env.get("DRAFT_DAYS", 30)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "hys_session",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24,
        # Re-sign the cookie only when the session changes, not on every page view: a page
        # view then costs no signing, and the cookie still lives a day from the last change.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "STAFF_IDLE_MINUTES": int(env.get("STAFF_IDLE_MINUTES", 30)),
        # However active, a staff session ends this long after signing in.
        "STAFF_SESSION_HOURS": float(env.get("STAFF_SESSION_HOURS", 12)),
        # The token lives as long as the session; an expired one re-shows the page, answers kept.
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        # Times are stored in UTC and shown in the council's time zone (survey/dates.py).
        "BABEL_DEFAULT_TIMEZONE": env.get("HYS_TIMEZONE", "Europe/London"),
        "BABEL_TRANSLATION_DIRECTORIES": str(
            Path(__file__).resolve().parent.parent / "translations"
        ),
        "SUPPORTED_LOCALES": SUPPORTED_LOCALES,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Safeguarding: who is told of a new case, and who when nobody acknowledges it in time.
        "SAFEGUARDING_NOTIFY": env.get("SAFEGUARDING_NOTIFY", ""),
        "SAFEGUARDING_ESCALATE_TO": env.get("SAFEGUARDING_ESCALATE_TO", ""),
        "SAFEGUARDING_ESCALATE_MINUTES": int(env.get("SAFEGUARDING_ESCALATE_MINUTES", 240)),
        "SAFEGUARDING_CONTACTS": env.get("SAFEGUARDING_CONTACTS", ""),
        "SAFEGUARDING_TIMEOUT_SECONDS": float(env.get("SAFEGUARDING_TIMEOUT_SECONDS", 2)),
        # None: the shipped floor of the second-look list (analysis.safeguarding.meaning).
        "SAFEGUARDING_SECOND_LOOK": second_look_floor(env),
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000"),
        "MAIL_FROM": env.get("MAIL_FROM", "have-your-say@localhost"),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(env.get("SMTP_PORT", 25)),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "") == "1",
        # Implicit TLS (port 465); the relay's certificate is always verified, against the
        # system's CAs or only SMTP_CA_FILE when set (a council's own CA).
        "SMTP_SSL": env.get("SMTP_SSL", "1" if env.get("SMTP_PORT") == "465" else "") == "1",
        "SMTP_CA_FILE": env.get("SMTP_CA_FILE", ""),
        # An undelivered safeguarding email older than this is shown to admins and leads and
        # makes `notifications send` exit non-zero; it is still retried, however old.
        "NOTIFY_OVERDUE_MINUTES": int(env.get("NOTIFY_OVERDUE_MINUTES", 15)),
        "NOTIFY_MODE": env.get("NOTIFY_MODE", "thread"),
        # Small-number suppression: 10 unless a council raises it (it cannot be lowered).
        "SUPPRESSION_THRESHOLD": int(env.get("SUPPRESSION_THRESHOLD", 10)),
        # A parent carer forum not on the council's list weighs at most this many families in
        # the priorities (survey/workspace/forums.py); a listed forum weighs its verified size.
        "FORUM_UNVERIFIED_MAX": int(env.get("FORUM_UNVERIFIED_MAX", 50)),
        # Per address per minute. A class of 35 behind one school address stays well under.
        "RATE_LIMIT_ANSWERS": int(env.get("RATE_LIMIT_ANSWERS", 1200)),
        "RATE_LIMIT_RESUME": int(env.get("RATE_LIMIT_RESUME", 20)),
        "RATE_LIMIT_SIGN_IN": int(env.get("RATE_LIMIT_SIGN_IN", 30)),
        # Findings API calls per address per minute (a BI tool's refresh makes a handful).
        "RATE_LIMIT_API": int(env.get("RATE_LIMIT_API", 120)),
        "TRUST_PROXY": proxy_hops(env),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "MIN_FILL_SECONDS": int(env.get("MIN_FILL_SECONDS", 5)),
        "JOBS_MODE": env.get("JOBS_MODE", "queue" if production else "inline"),
        # Response exports bigger than this are prepared by the worker, not in the request.
        "EXPORT_INLINE_LIMIT": int(env.get("EXPORT_INLINE_LIMIT", 5000)),
        "EXPORT_KEEP_HOURS": int(env.get("EXPORT_KEEP_HOURS", 24)),
    }
