"""How much a parent carer forum's answer weighs in the priorities, and why.

A forum answers a priorities question on behalf of its families, so its answer counts for
more than one parent carer's. How much more used to be the number the forum typed, unchecked:
one forum claiming 5,000 families outweighed everyone else together. Now:

* **On the council's list** (``ParentCarerForum``, kept by staff with the number of families
  each forum was verified to speak for): the answer weighs the verified number, whatever the
  forum typed. The name the forum gave is matched to the list ignoring case, punctuation,
  spacing and a leading "The", against the forum's name and its other names.
* **Not on the list**: the number the forum gave, but at most ``FORUM_UNVERIFIED_MAX``
  (:data:`UNVERIFIED_MAX`, 50 families, unless the council sets another). Verifying a forum
  is how it comes to count in full.
* **One forum, one weight**: when several answers name the same forum, its weight is shared
  between them, so answering twice does not count twice.
* Everyone else (a parent carer answering for themselves) weighs 1.

The unweighted order (every answer counts once) is always shown beside the weighted one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

UNVERIFIED_MAX = 50


@dataclass(frozen=True)
class Listed:
    """A forum on the council's list, as the weighting needs it."""

    id: int
    name: str
    families: int


@dataclass(frozen=True)
class ForumAnswer:
    """What one response said about the forum it speaks for (None fields: not answered)."""

    name: str | None
    claimed: int | None


def normalise(name: Any) -> str:
    """A forum's name as matched: "The Northshire P.C.F." and "northshire pcf" agree (case,
    punctuation, spacing and a leading "The" are ignored)."""
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w\s]", "", text)  # P.C.F. -> PCF; apostrophes and dashes go
    words = text.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def book(forums: Iterable[Any]) -> dict[str, Listed]:
    """Every name and other name of every listed forum, normalised, to its forum."""
    out: dict[str, Listed] = {}
    for forum in forums:
        listed = Listed(forum.id, forum.name, int(forum.families))
        for name in [forum.name, *(forum.other_names or [])]:
            key = normalise(name)
            if key:
                out.setdefault(key, listed)
    return out


def claimed_size(value: Any) -> int | None:
    """The number of families a forum said it speaks for, or None if it gave none."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


@dataclass(frozen=True)
class Weighing:
    """One weight per answer, and how many answers each rule applied to (for the record)."""

    weights: list[float]
    verified: int  # forum answers matched to the list
    unverified: int  # forum answers not on the list
    capped: int  # of those, answers whose own number was over the cap


def weigh(
    answers: Sequence[ForumAnswer | None], listed: Mapping[str, Listed], cap: int
) -> Weighing:
    """The weight of each answer (``None``: not a forum's answer, weight 1)."""
    cap = max(1, int(cap))
    # Which forum each answer speaks for: a listed forum's id, or the name it typed.
    who: list[tuple[str, Any] | None] = []
    for answer in answers:
        if answer is None:
            who.append(None)
            continue
        key = normalise(answer.name)
        if key in listed:
            who.append(("listed", listed[key].id))
        elif key:
            who.append(("named", key))
        else:
            who.append(None if answer.claimed is None else ("unnamed", len(who)))
    shares = Counter(w for w in who if w is not None)
    claimed_by: dict[tuple[str, Any], int] = {}
    for answer, w in zip(answers, who, strict=True):
        if w is not None and answer is not None and answer.claimed is not None:
            claimed_by[w] = max(claimed_by.get(w, 0), answer.claimed)
    families = {forum.id: forum.families for forum in listed.values()}
    weights: list[float] = []
    verified = unverified = capped = 0
    for answer, w in zip(answers, who, strict=True):
        if w is None:
            weights.append(1.0)
            continue
        if w[0] == "listed":
            verified += 1
            total = families[w[1]]
        else:
            unverified += 1
            own = claimed_by.get(w, 1)
            capped += bool(answer and answer.claimed and answer.claimed > cap)
            total = min(own, cap)
        weights.append(max(total, 1) / shares[w])
    return Weighing(weights, verified, unverified, capped)
