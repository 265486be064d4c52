"""Two-factor sign-in for staff: setting it up, checking a code, recovery codes.

The key is made on the server and shown once to be typed (or pasted as an
``otpauth://`` URI) into an authenticator app; it is used only after a first
code from the app confirms it was copied right. Recovery codes are shown once,
when made, and only their hashes are kept.
"""

from __future__ import annotations

from survey.db import db
from survey.staff import totp
from survey.staff.models import RecoveryCode, User, now


def start(user: User) -> str:
    """The key to show for setting up; a new one unless one is waiting to be confirmed."""
    if user.two_factor:
        raise ValueError("two-factor sign-in is already on")
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
    return user.totp_secret


def confirm(user: User, code: str) -> list[str] | None:
    """Turn two-factor on if ``code`` is right for the waiting key; returns recovery codes."""
    if user.two_factor or not user.totp_secret:
        return None
    step = totp.accept(user.totp_secret, code, None)
    if step is None:
        return None
    user.totp_confirmed_at = now()
    user.totp_last_step = step
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the caller shows them once and commits."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(code)))
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.execute(
        db.select(db.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    ).scalar_one()


def check(user: User, typed: str) -> str | None:
    """How ``typed`` proves the second factor ("two-factor" or "recovery code"), or None.

    A code from the app is accepted once and a recovery code is used up, each
    by a conditional update, so two requests racing with the same code cannot
    both succeed.
    """
    step = totp.accept(user.totp_secret or "", typed, user.totp_last_step)
    if step is not None:
        taken = db.session.execute(
            db.update(User)
            .where(
                User.id == user.id,
                db.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
        ).rowcount
        return "two-factor" if taken else None
    if len(typed) > 40:
        return None
    used = db.session.execute(
        db.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == totp.recovery_hash(typed),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now())
    ).rowcount
    return "recovery code" if used else None


def turn_off(user: User) -> None:
    """Forget the key and the recovery codes (the person, or an admin after a lost phone)."""
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
