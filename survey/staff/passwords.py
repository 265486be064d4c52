"""Passwords: argon2id hashes, a minimum length and no guessable passwords.

No composition rules (they make passwords worse, not stronger). Instead a
length floor and zxcvbn's estimate of how many guesses a password would take,
made from the frequency lists the package ships (the most common leaked
passwords, English words, names, keyboard patterns, dates and l33t
substitutions; nothing is looked up on the network). Staff accounts open
children's disclosures, so we ask for zxcvbn's top score: at least 10^10
guesses. A few unrelated words pass easily; "Summer2024!!" does not.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MIN_SCORE = 4  # zxcvbn: 4 is "very unguessable", at least 10^10 guesses
_SCORED_LENGTH = 72  # zxcvbn refuses longer input; a longer password is at least this strong
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost

# Words a council user is tempted to use, counted as known to an attacker.
_LOCAL_WORDS = ("have your say", "haveyoursay", "council", "children", "safeguarding", "services")


def problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is not acceptable, in words for the person choosing it; None if fine."""
    if len(password) < MIN_LENGTH:
        return _(
            "Use at least %(count)s characters. A few unrelated words work well.", count=MIN_LENGTH
        )
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        return _("Do not use your email address in your password.")
    hints = [*_LOCAL_WORDS, email, local, name, *name.lower().split()]
    estimate = zxcvbn(password[:_SCORED_LENGTH], user_inputs=[h for h in hints if h])
    if estimate["score"] < MIN_SCORE:
        return _(
            "That password would be too easy to guess: it is, or is close to, a common "
            "password, word, name or pattern. A few unrelated words work well."
        )
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with other argon2 parameters than ours (e.g. after an upgrade)."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
