"""Passwords: argon2id hashes, a minimum length and no well-known passwords.

No composition rules (they make passwords worse, not stronger); instead a
length floor and a refusal of passwords that attackers try first.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost

# Words and patterns that appear at the top of every leaked-password list, plus words a council
# user is tempted to use. Checked after removing digits and symbols at the ends.
_COMMON_WORDS = {
    "password",
    "passw0rd",
    "letmein",
    "welcome",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "zxcvbn",
    "iloveyou",
    "admin",
    "administrator",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "trustno1",
    "abc123",
    "council",
    "children",
    "services",
    "safeguarding",
    "haveyoursay",
    "summer",
    "winter",
    "autumn",
    "spring",
    "changeme",
    "secret",
    "default",
    "master",
    "shadow",
    "superman",
    "starwars",
    "whatever",
    "computer",
    "internet",
}


def problem(password: str, *, email: str = "") -> str | None:
    """Why ``password`` is not acceptable, in words for the person choosing it; None if fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A few unrelated words work well."
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())
    squashed = re.sub(r"[\W_]+", "", password.lower())
    if core in _COMMON_WORDS or squashed in _COMMON_WORDS or len(set(password)) <= 3:
        return "That password is too common. Choose something harder to guess."
    if squashed.isdigit() or squashed in "0123456789012345678901234567890":
        return "That password is too easy to guess. Choose some words instead of numbers."
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        return "Do not use your email address in your password."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
