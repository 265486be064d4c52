"""Time-based one-time codes (RFC 6238) and recovery codes, with the standard library only.

Any authenticator app (or a password manager) that reads an ``otpauth://``
URI or a typed key works: SHA-1, 6 digits, 30-second steps, the defaults
every app supports. A code is accepted for the step before and after the
current one (a phone's clock drifts), and never twice: the step last used is
kept, so a code read over a shoulder cannot be replayed.

Recovery codes hold 78 random bits each, so a plain SHA-256 of one cannot be
reversed by guessing; each works once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
ISSUER = "Have Your Say"
RECOVERY_CODES = 10
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L or U: easy to read and type


def new_secret() -> str:
    """A 160-bit key in base32 without padding, as authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def code_at(secret: str, step: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """The HOTP value (RFC 4226) for a time step: the code an app shows in that step."""
    mac = hmac.new(_key(secret), struct.pack(">Q", step), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_of(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def accept(secret: str, code: str, last_step: int | None, at: float | None = None) -> int | None:
    """The step ``code`` belongs to if it is right and not yet used, else None."""
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isdigit():
        return None
    now_step = step_of(at)
    for step in (now_step - 1, now_step, now_step + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(code_at(secret, step), typed):
            return step
    return None


def uri(secret: str, account: str) -> str:
    """The ``otpauth://`` URI an authenticator app can take in place of a QR code."""
    label = quote(f"{ISSUER}:{account}")
    query = urlencode({"secret": secret, "issuer": ISSUER, "algorithm": "SHA1", "digits": DIGITS})
    return f"otpauth://totp/{label}?{query}&period={STEP_SECONDS}"


def grouped(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Codes like ``K7QM-2XPR-9HWD-T4ZA`` (16 characters of a 30-letter alphabet: 78 bits)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_hash(code: str) -> str:
    """The stored form of a recovery code, forgiving case, spaces and dashes."""
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
