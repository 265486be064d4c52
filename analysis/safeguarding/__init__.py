"""The safeguarding screen: does a free-text answer possibly disclose harm?

A child may disclose harm in any free-text box. The web app screens every answer on save and
at submit (a flag shows the child help at once and opens a case for the designated
safeguarding lead); the analysis pipeline uses the same screen. The rules are YAML data in
``rules/`` that a safeguarding lead can read and extend; see docs/safeguarding-rules.md.
"""

from __future__ import annotations

from .categories import CATEGORIES
from .rules import RulesError
from .screener import (
    Match,
    Screener,
    ScreenResult,
    default_screener,
    screen,
    screen_safely,
)

__all__ = [
    "CATEGORIES",
    "Match",
    "RulesError",
    "ScreenResult",
    "Screener",
    "default_screener",
    "screen",
    "screen_safely",
]
