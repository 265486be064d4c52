"""Small shared helper for word lists kept readable in source."""

from __future__ import annotations


def words(text: str) -> list[str]:
    """Split a block of space- or newline-separated words (lists stay compact in source)."""
    return text.split()
