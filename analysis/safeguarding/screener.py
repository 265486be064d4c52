"""Screen one free-text answer for a possible safeguarding disclosure.

Two callers depend on this: the web app (on every page save and at submit, where a flag shows
the child help at once and opens a case) and the analysis pipeline. Both need it fast and both
need it to fail safe: when we cannot screen a text we say so ("unscreened", flag True), because
a person reading an answer twice costs minutes and a missed disclosure can cost a child.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from . import adults, training
from .adults import AboutWhom, judged_as
from .categories import ADULT_AUDIENCES, AUDIENCES, SERIOUSNESS
from .meaning import MeaningFlag, MeaningScreen
from .normalise import SENTENCE_BREAK, token_spans, tokens
from .reading import Judgement, explained, judgements
from .results import CLEAR, UNDETERMINED, Match, ScreenResult, unscreened
from .rules import Phrase, Rule, RuleSet, load_directory

RULES_DIR = Path(__file__).with_name("rules")

# Letters of scripts none of our rules are written in (all but Latin and Arabic). A text made
# mostly of them cannot be screened, and a person must read it.
_COVERED = r"\u0000-\u024f\u1e00-\u1eff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_UNCOVERED_LETTER = re.compile(rf"[^\W\d_{_COVERED}]")
_LETTER = re.compile(r"[^\W\d_]")
_SEEN_LIMIT = 200_000
# A rule's match in an answer of at least SET_ASIDE_WORDS words that the semantic layer,
# reading the answer as it reads every answer (``reading.judged``), finds less likely than
# SET_ASIDE_BELOW to be a disclosure is set aside: the answer goes to the lead's second-look
# list with the rule and the words it matched, not into a case. Long answers with one
# alarming-sounding sentence (a book about a violent father, a lesson on self-harm, a rugby
# bruise, "I used to cut myself, fine for three years now") were where the rules' false alarms
# came from. Chosen on held-out writers (each blind development set read by a layer that never
# learned it; the rules are in-sample there): of the rules' flags on answers of 25 words or
# more, 0 of 672 disclosures and 26 of 74 look-alikes were under 0.1; from 20 words, an FGM
# disclosure of 22 words was, and from 10 words 8 disclosures ("lol my life is a joke, might
# just end it after mocks"), so shorter answers are never set aside; under 0.3 lost a forced
# marriage and a child left alone overnight (docs/benchmarks.md, round 17). None: never.
SET_ASIDE_WORDS = 25
SET_ASIDE_BELOW: float | None = 0.1


def sets_aside(text: str, probability: float) -> bool:
    """Whether a rule's flag on ``text`` is set aside when the layer judges the answer this
    likely (above); the held-out writers benchmark asks the same question."""
    return (
        SET_ASIDE_BELOW is not None
        and len(text.split()) >= SET_ASIDE_WORDS
        and probability < SET_ASIDE_BELOW
    )


_CHUNK = 1_024  # answers screened together; under normalise's memory of texts


class Screener:
    """Compiled rules, and the semantic layer beside them when given (``meaning``); build once
    (``default_screener()``) and share between threads."""

    def __init__(self, ruleset: RuleSet, meaning: MeaningScreen | None = None) -> None:
        self.ruleset = ruleset
        self.meaning = meaning
        exact: dict[str, tuple[Phrase, ...]] = {}
        prefix: dict[str, tuple[Phrase, ...]] = {}
        for phrase in ruleset.phrases:
            for key in phrase.keys:
                exact[key] = (*exact.get(key, ()), phrase)
            for key in phrase.prefix_keys:
                prefix[key] = (*prefix.get(key, ()), phrase)
        self._exact = exact
        self._prefix = prefix
        # Every token seen so far, and those that are the anchor of some phrase (exactly or by
        # its first letters): after warm-up, finding candidates is two set operations in C.
        self._seen: set[str] = set()
        self._anchor_keys: set[str] = set()
        self._by_token: dict[str, tuple[Phrase, ...]] = {}
        self._by_combination: dict[frozenset[str], tuple[Phrase, ...]] = {}
        patterns = ruleset.context_patterns
        self._about = AboutWhom.of(patterns)

    @classmethod
    def from_directory(cls, path: str | Path, meaning: MeaningScreen | None = None) -> Screener:
        """Load and compile a folder of rules files; raises RulesError naming file and fix."""
        return cls(load_directory(path), meaning)

    @property
    def rules(self) -> list[Rule]:
        return self.ruleset.rules

    def screen(
        self,
        text: str,
        *,
        locale: str | None = None,
        audience: str | None = None,
        meaning: bool = True,
    ) -> ScreenResult:
        """Screen one answer. ``locale`` only breaks ties between languages: children answer
        in whatever language they like, so every text is screened against every language.
        The rules run first; when none matches, the semantic layer (if any, and ``meaning``)
        has its say."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if audience is not None and audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}; use one of {sorted(AUDIENCES)}")
        audience = judged_as(text, audience)
        words = tokens(text)
        candidates = self._candidates(words)
        if not candidates:
            return self._by_meaning(text, audience) if meaning else self._clear_or_unscreened(text)
        present = set(words)
        joined = ""
        found: list[tuple[Rule, int, int]] = []
        for phrase in candidates:
            for group in phrase.required:
                if group.isdisjoint(present):
                    break
            else:
                joined = joined or " " + " ".join(words) + " "
                self._match(phrase, joined, audience, found)
        if not found:
            return self._by_meaning(text, audience) if meaning else self._clear_or_unscreened(text)
        flagged = self._flagged(text, joined, found, locale)
        if meaning and self._may_set_aside(text, flagged):
            assert self.meaning is not None
            return self._set_aside(flagged, text, judgements(self.meaning, [text])[0])
        return flagged

    def screen_many(
        self,
        texts: Sequence[str],
        locales: Sequence[str | None],
        audiences: Sequence[str | None],
    ) -> list[ScreenResult]:
        """:meth:`screen` for many answers: rules one by one, then the semantic layer once
        per chunk for the answers no rule flagged (its work is matrix products, cheap in
        bulk). Chunks are small enough that the words the rules found are still remembered
        (``normalise.tokens``) when the semantic layer reads the same answers."""
        if not len(texts) == len(locales) == len(audiences):
            raise ValueError("texts, locales and audiences must be as long as each other")
        results: list[ScreenResult] = []
        for start in range(0, len(texts), _CHUNK):
            end = min(start + _CHUNK, len(texts))
            results += [
                self.screen(texts[i], locale=locales[i], audience=audiences[i], meaning=False)
                for i in range(start, end)
            ]
            if self.meaning is None:
                continue
            pending = [i for i in range(start, end) if not results[i].flag and texts[i].strip()]
            doubted = [i for i in range(start, end) if self._may_set_aside(texts[i], results[i])]
            judged = judgements(self.meaning, [texts[i] for i in (*pending, *doubted)])
            found = explained(self.meaning, judged[: len(pending)])
            for i, flag in zip(pending, found, strict=True):
                if flag is not None:
                    results[i] = self._meaning_result(texts[i], audiences[i], flag, results[i])
            for i, judgement in zip(doubted, judged[len(pending) :], strict=True):
                results[i] = self._set_aside(results[i], texts[i], judgement)
        return results

    def _meaning_many(self, texts: Sequence[str]) -> list[MeaningFlag | None]:
        assert self.meaning is not None
        return explained(self.meaning, judgements(self.meaning, texts))

    def _may_set_aside(self, text: str, result: ScreenResult) -> bool:
        """Whether the layer may set this rule's flag aside: worth asking it only when the
        answer is long enough (``sets_aside`` at the lowest probability)."""
        return (
            self.meaning is not None
            and result.status == "flagged"
            and bool(result.matches)
            and sets_aside(text, 0.0)
        )

    def _set_aside(
        self, result: ScreenResult, text: str, judgement: Judgement | None
    ) -> ScreenResult:
        """The rule's flag, or, when the layer finds the answer unlike a disclosure, a clear
        answer on the second-look list that names the rule and the words it matched."""
        if judgement is None or not sets_aside(text, judgement[0]):
            return result
        first = result.matches[0]
        listed = MeaningFlag(
            round(judgement[0], 3),
            first.category,
            "",
            0.0,
            second_look=True,
            rule=first.rule_id,
            words=text[first.start : first.end],
        )
        return ScreenResult("clear", False, language=result.language, second_look=listed)

    def _meaning_result(
        self, text: str, audience: str | None, found: MeaningFlag, otherwise: ScreenResult
    ) -> ScreenResult:
        """A semantic flag where :meth:`meaning_counts` lets it stand; below the threshold, a
        clear answer marked for a second look (the same rule for adults)."""
        if not self.meaning_counts(text, audience, found.probability):
            return otherwise
        if found.second_look:
            clear = otherwise.status == "clear"
            return replace(otherwise, second_look=found) if clear else otherwise
        return ScreenResult(
            status="flagged",
            flag=True,
            categories=(found.category,),
            matches=(Match("meaning", found.category, 0, len(text), UNDETERMINED),),
            reason=found.reason(),
            meaning=found,
        )

    def meaning_counts(self, text: str, audience: str | None, probability: float) -> bool:
        """Whether the layer's judgement of this likelihood stands for this audience: for an
        adult, when the answer speaks of themselves or a specific child, or the likelihood
        reaches ``adults.ADULT_SURE`` (the threshold since round 20: the gate holds back the
        rules' keyword matches in service talk, not the layer's flags). Public so that the
        held-out writers benchmark scores the layer as the screen uses it."""
        audience = judged_as(text, audience)
        if audience not in ADULT_AUDIENCES or probability >= adults.ADULT_SURE:
            return True
        joined = " " + " ".join(tokens(text)) + " "
        return self._about.someone(joined, joined)

    def _by_meaning(self, text: str, audience: str | None) -> ScreenResult:
        """No rule matched: flag when the answer means something like a disclosure. For an
        adult, as for the rules, only when it speaks of themselves or a specific child."""
        otherwise = self._clear_or_unscreened(text)
        if self.meaning is not None and text.strip():
            found = self._meaning_many([text])[0]
            if found is not None:
                return self._meaning_result(text, audience, found, otherwise)
        return otherwise

    def _match(
        self, phrase: Phrase, joined: str, audience: str | None, found: list[tuple[Rule, int, int]]
    ) -> None:
        """Run one phrase; the first occurrence that stands in its context is recorded."""
        for match in phrase.pattern.finditer(joined):
            start = match.start() + (joined[match.start()] == " ")  # see rules._compile_phrase
            if self._counts(phrase.rule, joined, start, match.end(), audience):
                found.append((phrase.rule, start, match.end()))
                return

    def screen_safely(
        self, text: str, *, locale: str | None = None, audience: str | None = None
    ) -> ScreenResult:
        """Like :meth:`screen` but never raises: any failure means a person must look."""
        try:
            return self.screen(text, locale=locale, audience=audience)
        except Exception as exc:  # fail safe on anything, including bugs
            return unscreened(f"{type(exc).__name__}: {exc}")

    def _candidates(self, words: list[str]) -> tuple[Phrase, ...]:
        if not self._seen.issuperset(words):
            if len(self._seen) > _SEEN_LIMIT:  # memo full: look this text up directly
                return self._lookup(set(words))
            self._learn(words)
        hits = self._anchor_keys.intersection(words)
        if not hits:
            return ()
        if len(hits) == 1:
            return self._by_token[hits.pop()]
        key = frozenset(hits)
        combined = self._by_combination.get(key)
        if combined is None:
            combined = tuple(dict.fromkeys(p for word in hits for p in self._by_token[word]))
            if len(self._by_combination) < _SEEN_LIMIT:
                self._by_combination[key] = combined
        return combined

    def _lookup(self, words: set[str]) -> tuple[Phrase, ...]:
        return tuple(dict.fromkeys(p for w in words for p in self._phrases_for(w)))

    def _phrases_for(self, word: str) -> tuple[Phrase, ...]:
        """Phrases anchored by this token: exactly, or by any beginning of it ("suicid*")."""
        found = self._exact.get(word, ())
        for end in range(3, len(word) + 1):
            found += self._prefix.get(word[:end], ())
        return found

    def _learn(self, words: list[str]) -> None:
        """Note which phrases each new token anchors. The memo only grows (to a bound), and a
        token joins ``_seen`` only after its phrases are noted, so threads can share it."""
        for word in set(words) - self._seen:
            phrases = self._phrases_for(word)
            if phrases:
                self._by_token[word] = phrases
                self._anchor_keys.add(word)
        self._seen.update(words)

    def _clear_or_unscreened(self, text: str) -> ScreenResult:
        if text.isascii():
            return CLEAR
        uncovered = _UNCOVERED_LETTER.findall(text)
        if uncovered and len(uncovered) * 2 > len(_LETTER.findall(text)):
            return unscreened(
                f"written mostly in a script the rules do not cover (e.g. {uncovered[0]!r}); "
                "a person who reads it must check it"
            )
        return CLEAR

    def _counts(self, rule: Rule, s: str, start: int, end: int, audience: str | None) -> bool:
        """Whether a match stands once its context is read (figures of speech, who speaks)."""
        lo = s.rfind(" " + SENTENCE_BREAK, 0, start)
        lo = 0 if lo < 0 else lo + 2
        hi = s.find(SENTENCE_BREAK + " ", end)
        hi = len(s) if hi < 0 else hi
        if rule.unless is not None:
            window = s[lo:hi]
            if rule.unless_window is not None:
                window = s[
                    _back(s, start, lo, rule.unless_window) : _on(s, end, hi, rule.unless_window)
                ]
            if rule.unless.search(window):
                return False
        if audience in ADULT_AUDIENCES:
            return self._about.someone(s, s[lo:hi])
        return True

    def _flagged(
        self, text: str, joined: str, found: list[tuple[Rule, int, int]], locale: str | None
    ) -> ScreenResult:
        spans = token_spans(text)
        hint = (locale or "").split("-")[0].split("_")[0].lower()
        matches = []
        for rule, start, end in found:
            first = joined.count(" ", 0, start) - 1
            last = joined.count(" ", 0, end) - 1
            matches.append(
                Match(rule.id, rule.category, spans[first][0], spans[last][1], rule.language)
            )
        # A total order: the same matches in the same order in every process (ties on start
        # would otherwise follow the order of a set of words, which varies with the hash seed).
        matches.sort(
            key=lambda m: (SERIOUSNESS[m.category], m.language != hint, m.start, m.end, m.rule_id)
        )
        return ScreenResult(
            status="flagged",
            flag=True,
            categories=_ordered(m.category for m in matches),
            matches=tuple(matches),
            language=matches[0].language,
        )


def _back(s: str, pos: int, floor: int, words: int) -> int:
    for _ in range(words):
        found = s.rfind(" ", floor, pos - 1)
        if found < 0:
            return floor
        pos = found + 1
    return max(floor, pos - 1)


def _on(s: str, pos: int, ceiling: int, words: int) -> int:
    for _ in range(words):
        found = s.find(" ", pos + 1, ceiling)
        if found < 0:
            return ceiling
        pos = found
    return min(ceiling, pos + 1)


def _ordered(categories: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(categories), key=SERIOUSNESS.__getitem__))


@cache
def default_screener(second_look: float | None = None) -> Screener:
    """The bundled rules, loaded and compiled once per process, with the semantic layer when
    the distilled table is built (``make setup``); without it, rules alone. ``second_look``:
    the same screen with a wider (or narrower) second-look list than the shipped
    ``meaning.SECOND_LOOK``, as a council may choose (``SAFEGUARDING_SECOND_LOOK``)."""
    if second_look is not None:
        shipped = default_screener()
        if shipped.meaning is None or second_look == shipped.meaning.second_look:
            return shipped
        return Screener(shipped.ruleset, shipped.meaning.with_second_look(second_look))
    from analysis.semantic import load_embedder, model_cache

    embedder = load_embedder()
    screener = Screener.from_directory(RULES_DIR)
    if embedder is not None:
        everyday = training.everyday_answers(lambda text: screener.screen(text, meaning=False).flag)
        screener.meaning = training.cached(embedder, model_cache(), everyday)
    return screener


def screen(text: str, *, locale: str | None = None, audience: str | None = None) -> ScreenResult:
    """Screen with the bundled rules; raises on a broken rules file or a bad argument."""
    return default_screener().screen(text, locale=locale, audience=audience)


def screen_safely(
    text: str, *, locale: str | None = None, audience: str | None = None
) -> ScreenResult:
    """Screen with the bundled rules and never raise: the web app calls this, and a save must
    never fail or pass silently because the screen broke; a person looks instead."""
    try:
        return default_screener().screen(text, locale=locale, audience=audience)
    except Exception as exc:  # fail safe on anything, including bugs
        return unscreened(f"{type(exc).__name__}: {exc}")
