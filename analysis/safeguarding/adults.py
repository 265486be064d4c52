"""Whom an answer is about, for parent carers' and partners' answers.

Why: adults write about services and statistics ("referrals for self-harm have doubled"), and
such an answer is no case; so a rule's match in an adult's answer flags only when the answer
speaks of the writer or of a specific child. The words that tell which are data, under
``context:`` in each rules file (``specific_child``, ``first_person``, ``service_talk``); this
module reads them, and says how sure the meaning layer must be to flag an adult's answer
about no one those lists know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .categories import ADULT_AUDIENCES
from .meaning import THRESHOLD

# An adult's answer the meaning layer is at least this sure of is flagged even when it names
# no child the context lists know ("Our Jayden came in with finger marks round his neck").
# Round 14 set it at 0.85: on held-out writers, of the adults' answers the lists let through, 7
# of 10 disclosures and none of 258 look-alikes reached it. Round 20 lowered it to the layer's
# own threshold, so the gate now holds back rules' matches (keywords in service talk) and not
# the layer's flags: a fresh unseen set of adults' answers (check 13) was caught at 84.9%, most
# of its misses answers the lists did not read as about one child, and the lists, however
# widened from development sets, will not know every way a worker names a child. On held-out
# writers the layer's flags on such answers gained 4 disclosures for 3 look-alikes (an
# exchange no worse than the threshold's own), and on everyday answers 3 of 553 parent carers'
# answers more, about their own child (docs/benchmarks.md, round 20).
ADULT_SURE = THRESHOLD
# A child's age in brackets after a name, as workers and parents write one child: "Cai (8)",
# "Zuzia (12)", "Ola (13 l.)", "ليلى (٨ سنوات)", "بلال (۹)". The rules see tokens without
# brackets, where "8" could be a bus, so this reads the text as typed. Digits of any script
# (``\d`` is Unicode); a range ("(5-11)") or a year ("(2019)") is not an age.
CHILD_AGE = re.compile(
    r"\w\s*\(\s*\d{1,2}\s*(?:yo|y/o|yrs?|years?(?: old)?|oed|lat|lata|l\.?|rok|bliadhna|"
    r"سنة|سنوات|سنين|سال)?\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AboutWhom:
    """The rules files' context lists, compiled (None where no file has one)."""

    specific_child: re.Pattern[str] | None
    first_person: re.Pattern[str] | None
    service_talk: re.Pattern[str] | None

    @classmethod
    def of(cls, patterns: Mapping[str, re.Pattern[str] | None]) -> AboutWhom:
        return cls(
            patterns.get("specific_child"),
            patterns.get("first_person"),
            patterns.get("service_talk"),
        )

    def someone(self, whole: str, sentence: str) -> bool:
        """Whether an adult's answer (normalised and joined, ``whole``) speaks of a specific
        child anywhere, or of the writer in this ``sentence`` when it is not service talk."""
        if self.specific_child is not None and self.specific_child.search(whole):
            return True
        if self.service_talk is not None and self.service_talk.search(sentence):
            return False
        return self.first_person is not None and bool(self.first_person.search(sentence))


def judged_as(text: str, audience: str | None) -> str | None:
    """An adult's answer that gives one child's age in brackets is about that child: it is
    judged as any answer is, not held to speaking of "my son" or "a pupil" first (a worker's
    "Our Jayden (6) came in with finger marks round his neck" had been let through)."""
    if audience in ADULT_AUDIENCES and CHILD_AGE.search(text):
        return None
    return audience
