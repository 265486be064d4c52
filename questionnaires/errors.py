"""Errors written for questionnaire authors, not for programmers.

Every problem names the file, the place inside it (a path such as
``pages[2].questions[0].type`` and, where known, the line), what is wrong and
how to fix it, with a stable code an author can look up in the README.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file."""

    code: str
    file: str
    path: str
    message: str
    fix: str
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "warning" if self.warning else "error"
        place = f" at {self.path}" if self.path else ""
        return f"{where}{place}: {kind} {self.code}: {self.message}\n    fix: {self.fix}"


class QuestionnaireError(Exception):
    """Raised when one or more definition files cannot be loaded.

    Carries every problem found, not just the first, so an author fixes a file
    in one pass rather than one error per run.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion for a misspelt key or value, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
