"""What the screen decides about one answer, and the rule matches it shows the lead."""

from __future__ import annotations

from dataclasses import dataclass

from .meaning import MeaningFlag

UNDETERMINED = "und"


@dataclass(frozen=True)
class Match:
    """One rule that matched, and where, for the safeguarding lead's view of the case."""

    rule_id: str
    category: str
    start: int
    end: int
    language: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class ScreenResult:
    """What the screen decided; ``flag`` is True whenever a person must look."""

    status: str
    flag: bool
    categories: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()
    language: str = UNDETERMINED
    error: str | None = None
    reason: str | None = None  # why the semantic layer flagged it, when no rule did
    meaning: MeaningFlag | None = None  # that finding itself, for a page in another language
    # Clear, but close enough to a disclosure for the safeguarding lead's second-look list.
    second_look: MeaningFlag | None = None

    def as_dict(self) -> dict[str, object]:
        """The shape the analysis pipeline stores (``safeguarding: {flag, categories}``)."""
        return {"flag": self.flag, "categories": list(self.categories)}


CLEAR = ScreenResult(status="clear", flag=False)


def unscreened(error: str) -> ScreenResult:
    return ScreenResult(status="unscreened", flag=True, error=error)
