"""Taking a withheld answer back out of what analysts made from it before it was withheld.

An answer can be withheld after an analyst has already quoted it (the screen's rules improved
and the next run flagged it). Its quotes are then withdrawn: the status says so, the words are
erased, the audit log records it, and the quotes page tells the analyst why without showing
them. "You said, we did" is written by analysts, so it is checked for the words of answers
they could once read: a passage copied from such an answer (or from its withdrawn quote) is
struck out and the action unpublished, and such a passage cannot be saved or published again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from survey.db import db
from survey.safeguarding.withholding import is_withheld, texts_once_shown
from survey.staff.models import AuditEntry
from survey.workspace.models import Action, FindingsSnapshot, Quote

RUN = 6  # words in a row shared with a withheld answer that count as copying it
SHORTEST = 3  # an answer shorter than this many words is too short to tell copying apart
STRUCK = "[withheld – safeguarding]"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Withdrawn:
    approved_quotes: int
    proposed_quotes: int
    actions: int


def _runs(sources: Iterable[str]) -> dict[int, set[tuple[str, ...]]]:
    """Word runs to look for, by length: ``RUN`` words, or the whole of a shorter answer."""
    runs: dict[int, set[tuple[str, ...]]] = {}
    for source in sources:
        words = [w.casefold() for w in _WORD.findall(source)]
        n = min(RUN, len(words))
        if n < SHORTEST:
            continue
        runs.setdefault(n, set()).update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return runs


def strike(text: str, sources: Iterable[str]) -> str:
    """``text`` with every passage it shares with ``sources`` replaced by ``STRUCK``.

    Words are compared case-blind and regardless of punctuation and spacing, so a passage
    copied from a quote (whose names were redacted) is still found by its other words.
    """
    runs = _runs(sources)
    if not runs:
        return text
    found = list(_WORD.finditer(text))
    words = [m.group().casefold() for m in found]
    hit = [False] * len(found)
    for n, wanted in runs.items():
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) in wanted:
                hit[i : i + n] = [True] * n
    if not any(hit):
        return text
    out, at, i = [], 0, 0
    while i < len(found):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(found) and hit[j + 1]:
            j += 1
        out += [text[at : found[i].start()], STRUCK]
        at, i = found[j].end(), j + 1
    return "".join([*out, text[at:]])


def repeats_withheld(questionnaire_id: str, *texts: str) -> bool:
    """Whether any of ``texts`` copies a withheld answer analysts could once read."""
    sources = texts_once_shown(questionnaire_id)
    return any(strike(text, sources) != text for text in texts)


def _audit(action: str, target: str, detail: str) -> None:
    """Written by the analysis run, which has no signed-in user: the entry names none."""
    db.session.add(AuditEntry(user_id=None, action=action, target=target, detail=detail))


def withdraw(questionnaire_id: str) -> Withdrawn:
    """Withdraw quotes of withheld answers and strike their words from actions (caller commits)."""
    quotes = (
        db.session.execute(
            db.select(Quote).where(
                Quote.questionnaire_id == questionnaire_id,
                Quote.status != "withdrawn",
                is_withheld(Quote.response_id, Quote.question_id),
            )
        )
        .scalars()
        .all()
    )
    sources = texts_once_shown(questionnaire_id) + [q.text for q in quotes]
    counts = {"approved": 0, "proposed": 0}
    for quote in quotes:
        counts[quote.status if quote.status == "approved" else "proposed"] += 1
        _audit("quote_withdrawn", f"quote:{quote.id}", f"was {quote.status}; answer withheld")
        quote.status, quote.text = "withdrawn", ""
    struck = 0
    for action in db.session.execute(
        db.select(Action).where(Action.questionnaire_id == questionnaire_id)
    ).scalars():
        said, did = strike(action.you_said, sources), strike(action.we_did, sources)
        if (said, did) != (action.you_said, action.we_did):
            action.you_said, action.we_did, action.published = said, did, False
            _audit("action_struck", f"action:{action.id}", "repeated a withheld answer")
            struck += 1
    return Withdrawn(counts["approved"], counts["proposed"], struck)


def forget_earlier(questionnaire_id: str) -> None:
    """After answers were newly withheld, drop what earlier runs made from their words
    (the caller commits).

    Earlier snapshots (a viewer may be reading a published one) lose their emerging themes,
    whose key phrases may come from those answers, and prepared exports that hold them are
    deleted.
    """
    from survey.workspace.prepared import remove_for

    for snap in db.session.execute(
        db.select(FindingsSnapshot).where(FindingsSnapshot.questionnaire_id == questionnaire_id)
    ).scalars():
        if snap.data.get("emerging"):
            snap.data = {**snap.data, "emerging": []}
    remove_for(questionnaire_id)
