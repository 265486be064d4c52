"""The definition format, as data: which keys each part of a file may have.

Kept apart from the loader so the README's format table and the checks come
from one place. Each entry is ``key: (kind, required)``; the kinds are checked
in ``questionnaires.loader``.
"""

from __future__ import annotations

import re

from questionnaires.model import AUDIENCES, PURPOSES, STATUSES

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

TOP_LEVEL: dict[str, tuple[str, bool]] = {
    "id": ("slug", True),
    "version": ("positive_int", True),
    "title": ("text", True),
    "audience": ("audience", True),
    "age_band": ("str", True),
    "language": ("locale", False),
    "status": ("status", False),
    "summary": ("text", False),
    "intro": ("text", True),
    "privacy": ("text", False),
    "thank_you": ("text", True),
    "retention_days": ("positive_int", False),
    "pages": ("list", True),
    "sections": ("list", False),
}

# Pages answered by someone else, e.g. the child within a parent's questionnaire
# (questionnaires/sections.py): their own audience, age band, intro and translation.
SECTION: dict[str, tuple[str, bool]] = {
    "id": ("slug", True),
    "respondent": ("audience", True),
    "age_band": ("str", False),
    "title": ("text", False),
    "intro": ("text", False),
    "pages": ("slug_list", True),
}

PAGE: dict[str, tuple[str, bool]] = {
    "id": ("slug", True),
    "title": ("text", False),
    "show_if": ("condition", False),
    "questions": ("list", True),
}

QUESTION: dict[str, tuple[str, bool]] = {
    "id": ("slug", True),
    "type": ("type", True),
    "text": ("text", True),
    "hint": ("text", False),
    "required": ("bool", False),
    "show_if": ("condition", False),
    "privacy_note": ("text", False),
    "purpose": ("purpose", False),
    "prefer_not_to_say": ("bool", False),
    "themes": ("slug_list", False),
    "uncrc": ("article_list", False),
    "outcomes": ("str_list", False),
    "options": ("options", False),
}

CONDITION: dict[str, tuple[str, bool]] = {
    "question": ("slug", True),
    "equals": ("scalar_or_list", False),
    "answered": ("bool", False),
}

OPTION: dict[str, tuple[str, bool]] = {
    "value": ("slug", True),
    "label": ("text", True),
    "exclusive": ("bool", False),
}

ENUMS: dict[str, tuple[str, ...]] = {
    "audience": AUDIENCES,
    "status": STATUSES,
    "purpose": PURPOSES,
}

UNCRC_ARTICLES = range(1, 55)
