"""Sentiment from TextBlob's PatternAnalyzer lexicon, scored without TextBlob's overhead.

``TextBlob(text).sentiment`` runs Pattern's tokenizer and builds dicts per word (about 5,000
texts/s), which alone would use our whole time budget. We read the same lexicon once into
plain tuples and apply the same rules (modifiers such as "very", negation halving and
flipping, "!" boosting), which keeps its scores while running several times faster. A small
domain overlay adds words children and parents use that Pattern's lexicon lacks ("bullied",
"unsafe", "nightmare"), and apostrophe-less negations ("dont", "cant") common in text-speak.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.textutil import words

DOMAIN_OVERLAY: Mapping[str, float] = {
    "bullied": -0.6,
    "bullying": -0.5,
    "bully": -0.5,
    "scared": -0.6,
    "unsafe": -0.6,
    "worried": -0.4,
    "worry": -0.3,
    "anxiety": -0.4,
    "struggle": -0.4,
    "struggling": -0.5,
    "nightmare": -0.7,
    "rubbish": -0.6,
    "upset": -0.5,
    "miss": -0.2,
    "helpful": 0.5,
    "lonely": -0.5,
    "exhausted": -0.5,
    "cut": -0.3,
    "cuts": -0.4,
    "ignored": -0.5,
    "ignore": -0.4,
    "unfair": -0.6,
    "racist": -0.7,
    "racism": -0.6,
    "crisis": -0.5,
    "skint": -0.4,
    "broke": -0.4,
    "waiting": -0.1,
    "brill": 0.7,
    "fab": 0.7,
    "lush": 0.7,
    "thanks": 0.3,
    "listened": 0.4,
    "supportive": 0.6,
    "worse": -0.5,
    "hurt": -0.5,
    "hurts": -0.5,
    "died": -0.5,
    "stressed": -0.5,
    "stress": -0.4,
    "depressed": -0.6,
}
# Complaints commissioners hear most often are phrases, not words: score them as one token.
PHRASES: Mapping[str, float] = {
    "too long": -0.5,
    "not enough": -0.4,
    "never enough": -0.5,
    "no support": -0.5,
    "no help": -0.5,
    "nothing to do": -0.4,
    "left out": -0.4,
    "fell through": -0.4,
    # Being passed around and talked over: what children in care and parent carers say most,
    # in words with no opinion word in them ("my social worker keeps changing").
    "keeps changing": -0.5,
    "keep changing": -0.5,
    "kept changing": -0.5,
    "always changing": -0.5,
    "like im not there": -0.6,
    "like i'm not there": -0.6,
    "like im not in the room": -0.6,
    "like i'm not in the room": -0.6,
    "like i wasnt there": -0.6,
    "like i wasn't there": -0.6,
    "nobody listens": -0.6,
    "no one listens": -0.6,
    "dont listen": -0.5,
    "don't listen": -0.5,
    "never listen": -0.6,
    "not listened to": -0.6,
    "nobody asked": -0.5,
    "no one asked": -0.5,
    "never asked": -0.5,
    "nobody tells": -0.5,
    "no one tells": -0.5,
    "never told": -0.4,
    "let down": -0.6,
    "fobbed off": -0.6,
    "passed around": -0.5,
    "pillar to post": -0.6,
    "no one to talk to": -0.5,
    "nobody to talk to": -0.5,
}
# First words of the phrases: the phrase pass runs only on answers that have one of them.
_PHRASE_STARTS = tuple(sorted({phrase.split()[0] for phrase in PHRASES}))
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PHRASES) + r")\b")
EXTRA_NEGATIONS = frozenset(
    words(
        """
        dont cant wont isnt arent doesnt didnt wasnt werent havent hasnt shouldnt
        couldnt wouldnt aint nobody nothing nowhere
        """
    )
)
# Words a negation reaches across in our mode ("don't feel happy"); Pattern stops at them.
BRIDGES = frozenset(
    words(
        """
        feel feeling felt get getting think be being seem really that so as like it
        """
    )
)
_TOKENS = re.compile(r"[a-z0-9]+(?=n't\b)|n't|[a-z0-9][a-z0-9'\-]*|!|[^\sa-z0-9]+")


@dataclass(frozen=True)
class Sentiment:
    score: float  # -1..1, Pattern's mean polarity of the opinion words found
    label: str  # negative, mixed, neutral or positive


def label_for(score: float, positive: float, negative: float) -> str:
    """Readable for commissioners: "mixed" when strong praise and complaint sit together."""
    if positive >= 0.3 and negative <= -0.3:
        return "mixed"
    if score >= 0.1:
        return "positive"
    if score <= -0.1:
        return "negative"
    return "neutral"


class FastSentiment:
    def __init__(
        self, overlay: Mapping[str, float] | None = DOMAIN_OVERLAY, extra_negations: bool = True
    ):
        from textblob.en import sentiment as pattern

        pattern("good")  # the lexicon is a lazy dict: make it load
        self.words: dict[str, tuple[float, float, bool]] = {}
        for word, by_pos in pattern.items():
            p, _s, i = by_pos[None]
            modifier = any(pos in by_pos for pos in pattern.modifiers)
            self.words[word] = (p, i, modifier)
        for word, p in (overlay or {}).items():
            self.words.setdefault(word, (p, 1.0, False))
        self.phrases = overlay is not None
        if self.phrases:
            for phrase, p in PHRASES.items():
                self.words[phrase.replace(" ", "-")] = (p, 1.0, False)
        self.negations = frozenset(pattern.negations) | (
            EXTRA_NEGATIONS if extra_negations else frozenset()
        )
        self.bridges = BRIDGES if extra_negations else frozenset()
        self.score = lru_cache(maxsize=65536)(self._score)

    def _score(self, text: str) -> Sentiment:
        words = self.words
        negations = self.negations
        found: list[list] = []  # [polarity, intensity, negated]
        modifier = False
        negation = False
        lowered = text.lower().replace("’", "'")
        if self.phrases and any(start in lowered for start in _PHRASE_STARTS):
            lowered = _PHRASE.sub(lambda m: m.group(1).replace(" ", "-"), lowered)
        for w in _TOKENS.findall(lowered):
            known = words.get(w)
            if known is not None:
                p, i, is_modifier = known
                if modifier:
                    last = found[-1]
                    last[0] = max(-1.0, min(p * last[1], 1.0))
                    last[1] = i
                else:
                    found.append([p, i, False])
                if negation:
                    found[-1][1] = 1.0 / found[-1][1]
                    found[-1][2] = True
                modifier = is_modifier
                negation = w in negations
                continue
            if w in negations:
                negation = True
            elif negation and len(w.strip("'")) > 1 and w not in self.bridges:
                negation = False
            if negation and modifier and found and w.endswith("ly"):
                found[-1][2] = True
                negation = False
            elif modifier and len(w) > 2:
                modifier = False
            if w == "!" and found:
                found[-1][0] = max(-1.0, min(found[-1][0] * 1.25, 1.0))
        if not found:
            return Sentiment(0.0, "neutral")
        polarities = [p * -0.5 if negated else p for p, _i, negated in found]
        mean = sum(polarities) / len(polarities)
        return Sentiment(round(mean, 3), label_for(mean, max(polarities), min(polarities)))


def mean_score(scores: Sequence[float]) -> float | None:
    """A group's (a theme's) mean score to three places, summed in the order given; ``None``
    without scores. The one place a theme's mean is computed: the pipeline's findings
    (:func:`mean_label`) and the workspace's snapshot (``survey.workspace.findings``)."""
    if not scores:
        return None
    return round(sum(scores) / len(scores), 3)


def mean_label(scores: list[float]) -> Sentiment:
    """Sentiment of a group (a theme): mean score; mixed when it holds both strong sides."""
    score = mean_score(scores)
    if score is None:
        return Sentiment(0.0, "neutral")
    mean = sum(scores) / len(scores)
    positive = sum(1 for s in scores if s >= 0.2) / len(scores)
    negative = sum(1 for s in scores if s <= -0.2) / len(scores)
    if positive >= 0.25 and negative >= 0.25:
        return Sentiment(score, "mixed")
    return Sentiment(score, label_for(mean, 0.0, 0.0))
