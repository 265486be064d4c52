"""Whether a change between two fieldwork periods is bigger than chance would explain.

Plain arithmetic, no Flask and no database, so every figure can be checked by hand in a
test. The method is a two-sided two-proportion z-test at the 95% level, with the pooled
proportion for the standard error, the textbook test a statistician in a council would
expect; the findings page states it in plain English (``METHOD``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LEVEL = 0.95
CRITICAL_Z = 1.959964  # two-sided, 95%


@dataclass(frozen=True)
class Comparison:
    """One share in two periods, and whether the difference is significant."""

    before: float  # percent, 0..100
    after: float
    change: float  # percentage points, after minus before
    z: float
    p: float  # two-sided p-value
    significant: bool


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Compare ``x1`` of ``n1`` (the earlier period) with ``x2`` of ``n2`` (the later).

    z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2). When everyone
    or no one in both periods chose it there is no spread to test against: z is 0 and the
    change (none) is not significant.
    """
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both periods need at least one respondent")
    if not (0 <= x1 <= n1 and 0 <= x2 <= n2):
        raise ValueError("a count cannot be negative or larger than its base")
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = 0.0 if se == 0 else (p2 - p1) / se
    p = math.erfc(abs(z) / math.sqrt(2))
    return Comparison(
        before=round(100 * p1, 1),
        after=round(100 * p2, 1),
        change=round(100 * (p2 - p1), 1),
        z=round(z, 3),
        p=round(p, 4),
        significant=abs(z) >= CRITICAL_Z,
    )
