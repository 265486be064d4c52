"""Multi-label theming with a compiled keyword lexicon.

Why a lexicon and not a trained model on the hot path: councils must be able to read and
change why an answer got a theme (it is in their codebook), it works with no training data on
day one, and it runs at tens of thousands of answers a second. TextBlob's tagger and noun
phrases (about 1,200 texts/s) are kept for emerging-theme key phrases, off the hot path.
Analysts' corrections adjust the lexicon through :mod:`analysis.learning`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from analysis.codebook import Codebook
from analysis.textutil import words

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
THRESHOLD = 1.0  # one keyword, or two weak ones
WEAK = 0.5


# Words whose "-ing" is not a verb ending we want to strip (training is not train).
KEEP = frozenset(
    words(
        """
        training morning evening during nothing something everything anything thing
        bring spring ceiling wedding pudding meeting feeling clothing housing being
        caring building parking boring
        """
    )
)


def stem(word: str) -> str:
    """Cached: answers repeat the same few thousand words, so each is stemmed once."""
    found = _STEMS.get(word)
    if found is None:
        found = _stem(word)
        if len(_STEMS) < 200_000:  # bounded: typos and names are endless
            _STEMS[word] = found
    return found


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    """A deliberately light stemmer: enough that bullied/bullies/bullying meet, applied the
    same way to keywords and answers, and cheap enough for the hot path."""
    if word in KEEP:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str, spelling: Mapping[str, str] | None = None) -> list[str]:
    """Lower-case word tokens with apostrophes dropped (can't = cant) and text-speak fixed."""
    lowered = text.lower()
    if "'" in lowered or "’" in lowered:
        words = [w.replace("'", "") for w in _TOKEN.findall(lowered.replace("’", "'"))]
    else:
        words = _TOKEN.findall(lowered)
    if spelling and not spelling.keys().isdisjoint(words):  # few answers have one to fix
        fixed: list[str] = []
        for w in words:
            replacement = spelling.get(w)
            if replacement is None:
                fixed.append(w)
            else:
                fixed.extend(replacement.split())
        return fixed
    return words


@dataclass
class Match:
    """Why a response got a theme: the keywords that fired and their summed weight."""

    theme: str
    score: float = 0.0
    keywords: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return round(1.0 - math.exp(-self.score), 3)


@dataclass(frozen=True)
class Entry:
    theme: str
    keyword: str
    weight: float
    sub: bool
    parent: str | None = None  # the theme a sub-theme belongs to


class Lexicon:
    """Keywords compiled for fast lookup: n-grams of stems, plus prefixes for ``word*``."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str, float, bool]],
        spelling: Mapping[str, str],
        parents: Mapping[str, str | None] | None = None,
    ):
        self.spelling = dict(spelling)
        parents = parents or {}
        self.phrases: dict[tuple[str, ...], list[Entry]] = {}
        self.prefixes: dict[str, list[Entry]] = {}
        for keyword, theme, weight, sub in entries:
            entry = Entry(theme, keyword, weight, sub, parents.get(theme))
            if keyword.endswith("*") and " " not in keyword:
                self.prefixes.setdefault(keyword[:-1], []).append(entry)
                continue
            key = tuple(stem(w) for w in tokens(keyword, self.spelling))
            if not key:
                continue
            same = self.phrases.setdefault(key, [])
            # "teacher" and "teachers" are one keyword once stemmed: count it once per theme
            twin = next((e for e in same if e.theme == theme), None)
            if twin is None:
                same.append(entry)
            elif weight > twin.weight:
                same[same.index(twin)] = entry
        self.max_n = max((len(k) for k in self.phrases), default=1)
        self._index_phrases()
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        self.vocabulary = {w for key in self.phrases for w in key} | set(self.prefixes)

    def _index_phrases(self) -> None:
        """Phrase lengths by first stem, so each word looks up only phrases that start with it."""
        self.starts: dict[str, tuple[int, ...]] = {}
        for key in self.phrases:
            self.starts[key[0]] = tuple(
                sorted({*self.starts.get(key[0], ()), len(key)}, reverse=True)
            )

    def add_stem(self, term: str, entry: Entry) -> None:
        self.phrases.setdefault((term,), []).append(entry)
        self._index_phrases()

    @classmethod
    def from_codebook(cls, codebook: Codebook) -> Lexicon:
        entries = []
        for theme in codebook.themes.values():
            sub = theme.parent is not None
            entries += [(k, theme.id, 1.0, sub) for k in theme.keywords]
            entries += [(k, theme.id, WEAK, sub) for k in theme.weak_keywords]
        return cls(entries, codebook.spelling, {t.id: t.parent for t in codebook.themes.values()})

    @classmethod
    def for_language(cls, codebook: Codebook, language: str) -> Lexicon | None:
        table = codebook.other_languages.get(language)
        if not table:
            return None
        entries = [
            (variant, theme, 1.0, False)
            for theme, words in table.items()
            for k in words
            for variant in inflections(k, language)
        ]
        return cls(entries, {})

    def hits(self, text: str) -> list[Entry]:
        """Entries whose keywords occur, longest match first: a word inside a matched phrase
        does not count again on its own ("after school club" is play, not also school)."""
        words = tokens(text, self.spelling)
        return self.hits_in(words, [stem(w) for w in words])

    def hits_in(self, words: list[str], stems: list[str]) -> list[Entry]:
        """:meth:`hits` for an answer already split into words and their stems."""
        spans: list[tuple[int, int, list[Entry]]] = []
        phrases, starts, count = self.phrases, self.starts, len(stems)
        for i, first in enumerate(stems):
            lengths = starts.get(first)
            if lengths is None:
                continue
            for n in lengths:
                if i + n <= count:
                    entries = phrases.get(tuple(stems[i : i + n]))
                    if entries:
                        spans.append((i, n, entries))
        if self.prefixes:
            for i, w in enumerate(words):
                for length in self.prefix_lengths:
                    if length > len(w):
                        break
                    entries = self.prefixes.get(w[:length])
                    if entries:
                        spans.append((i, 1, entries))
        found: list[Entry] = []
        taken = [False] * len(words)  # positions inside an accepted multi-word phrase
        spans.sort(key=lambda span: -span[1])
        for start, n, entries in spans:  # longest first
            if any(taken[start : start + n]):
                continue
            if n > 1:
                taken[start : start + n] = [True] * n
            found.extend(entries)
        return found


# Welsh initial mutations: ysgol stays, but bws becomes fws, tref becomes dref or nhref.
_MUTATIONS = {
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "c": ("g", "ngh", "ch"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "g": ("", "ng"),
    "m": ("f",),
    "ll": ("l",),
    "rh": ("r",),
}


def inflections(keyword: str, language: str) -> set[str]:
    """Forms a keyword takes in running text: Welsh mutates the first letter; Polish inflects
    the ending, so longer Polish words match on their stem (niepełnospraw* for -ny/-na/-ne)."""
    forms = {keyword}
    if language == "cy" and not keyword.endswith("*"):
        for start in sorted(_MUTATIONS, key=len, reverse=True):
            if keyword.startswith(start):
                forms |= {to + keyword[len(start) :] for to in _MUTATIONS[start]}
                break
    elif (
        language == "pl" and " " not in keyword and not keyword.endswith("*") and len(keyword) >= 5
    ):
        forms.add(keyword[: max(5, len(keyword) - 2)] + "*")
    return {f for f in forms if f.strip("*")}


@dataclass(frozen=True)
class ThemeResult:
    themes: tuple[str, ...]  # top-level ids, best first
    subthemes: tuple[str, ...]
    matches: tuple[Match, ...]


_NOTHING = ThemeResult((), (), ())


def score(
    hits: Collection[Entry],
    codebook: Codebook,
    adjust: Mapping[tuple[str, str], float] | None = None,
) -> ThemeResult:
    """Sum keyword weights per theme (each keyword once); a sub-theme hit counts for its theme.

    ``adjust`` multiplies a (keyword, theme) weight: corrections use it to quiet a keyword that
    analysts keep removing from a theme.
    """
    if not hits:
        return _NOTHING  # most answers name no keyword: skip building empty results
    top: dict[str, Match] = {}
    subs: dict[str, Match] = {}
    seen: set[tuple[str, str]] = set()
    themes = codebook.themes
    for entry in hits:
        pair = (entry.keyword, entry.theme)
        if pair in seen or entry.theme not in themes:
            continue
        seen.add(pair)
        weight = entry.weight * adjust.get(pair, 1.0) if adjust else entry.weight
        if weight <= 0:
            continue
        parent = entry.parent if entry.sub else None
        if parent is not None:
            sub = subs.get(entry.theme)
            if sub is None:
                sub = subs[entry.theme] = Match(entry.theme)
            sub.score += weight
            sub.keywords.append(entry.keyword)
            if (entry.keyword, parent) in seen:
                continue  # the parent already counted this keyword
            seen.add((entry.keyword, parent))
        owner_id = parent or entry.theme
        owner = top.get(owner_id)
        if owner is None:
            owner = top[owner_id] = Match(owner_id)
        owner.score += weight
        owner.keywords.append(entry.keyword)
    chosen = sorted(
        (m for m in top.values() if m.score >= THRESHOLD - 1e-9), key=lambda m: -m.score
    )
    kept = {m.theme for m in chosen}
    subthemes = sorted(
        (
            m
            for m in subs.values()
            if themes[m.theme].parent in kept and m.score >= THRESHOLD - 1e-9
        ),
        key=lambda m: -m.score,
    )
    return ThemeResult(
        themes=tuple(m.theme for m in chosen),
        subthemes=tuple(m.theme for m in subthemes),
        matches=tuple(chosen),
    )
