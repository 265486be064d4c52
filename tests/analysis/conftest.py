"""Fixtures for the analysis tests: a stand-in safeguarding screen and small data files."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


class RecordingScreen:
    """A screen that flags answers containing a trigger word and records every call."""

    def __init__(self, trigger: str = "hurts me") -> None:
        self.trigger = trigger
        self.calls: list[tuple[str, str | None, str | None]] = []

    def __call__(self, text: str, *, locale: str | None = None, audience: str | None = None):
        self.calls.append((text, locale, audience))
        flagged = self.trigger in text.lower()
        return SimpleNamespace(
            status="flagged" if flagged else "clear",
            flag=flagged,
            categories=("physical_abuse",) if flagged else (),
            language=locale,
        )


@pytest.fixture
def screen() -> RecordingScreen:
    return RecordingScreen()
