"""TextBlob and NLTK, pointed at the data built by :mod:`analysis.nlp_data`, with fallbacks.

Nothing here downloads. We put ``<venv>/nltk_data`` first on NLTK's path ourselves (so no
environment variable is needed), find out once which features the data supports, and use a
plainer method, reported as "reduced", when it does not. TextBlob is used for what it does
well off the hot path: tokens, tags, noun phrases and lemmas for emerging-theme key phrases.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis import nlp_data
from analysis.textutil import words

STOPWORDS = frozenset(
    words(
        """
        a about above after again all also am an and any are as at be because been
        before being below between both but by can cant could did didnt do does
        doesnt dont down during each even few for from get gets got had has have
        having he her here hers him his how i if im in into is isnt it its itll ive
        just kind lot lots more most much my no nor not now of off on once one only
        or other our out over own really same she should so some such than that
        thats the their them then there these they thing things this those through
        to too under until up us very was we were what when where which while who
        why will with would you your yours yeah like want need needs get make feel
        think know go going also still every people way bit
        """
    )
)
_WORD = re.compile(r"[a-z][a-z'-]+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Features:
    """Which TextBlob/NLTK features have their data, and why the others are reduced."""

    root: Path
    sentences: bool
    pos_tags: bool
    lemmas: bool

    def reduced(self) -> list[str]:
        by_name = {f.name: f for f in nlp_data.FEATURES}
        return [
            f"{name}: {by_name[name].reduced} (no {by_name[name].needs})"
            for name in ("sentences", "pos_tags", "lemmas")
            if not getattr(self, name)
        ]


def configure(root: Path | None = None) -> Features:
    """Put our data root first on NLTK's path and report what it holds; safe to call often."""
    root = root or nlp_data.default_root()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import nltk
    with _lock:
        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
    missing = nlp_data.missing_files(root)
    return Features(root, not missing["sentences"], not missing["pos_tags"], not missing["lemmas"])


@lru_cache(maxsize=1)
def features() -> Features:
    return configure()


class _ChunkNPExtractor:
    """Noun phrases from POS tags (adjectives and nouns ending in a noun).

    TextBlob's own extractors train on ``brown`` or ``conll2000``, which no package ships;
    chunking on the tagger's output needs neither.
    """

    def extract(self, tags: Iterable[tuple[str, str]]) -> list[str]:
        phrases, current = [], []
        for word, tag in [*tags, ("", "END")]:
            w = word.lower()
            if tag.startswith(("NN", "JJ")) and w.isalpha() and w not in STOPWORDS:
                current.append((w, tag))
                continue
            while current and not current[-1][1].startswith("NN"):
                current.pop()
            if current:
                phrases.append(" ".join(w for w, _ in current))
            current = []
        return phrases


@lru_cache(maxsize=1)
def _tagger() -> Any:
    from nltk.tag import PerceptronTagger

    return PerceptronTagger()


def lemma(word: str, feats: Features | None = None) -> str:
    """WordNet lemma when available; otherwise TextBlob's rule-based singularize (no data)."""
    return _lemma(word, (feats or features()).lemmas)


@lru_cache(maxsize=50_000)
def _lemma(word: str, wordnet: bool) -> str:
    from textblob import Word

    if wordnet:
        return str(Word(word).lemmatize())
    return str(Word(word).singularize()) if word.endswith("s") and len(word) > 3 else word


def key_phrases(text: str, feats: Features | None = None) -> list[str]:
    """Noun phrases (with tags) or, reduced, content-word lemmas: what an analyst reads to name
    a new theme."""
    feats = feats or features()
    if feats.sentences and feats.pos_tags:
        from textblob import TextBlob

        blob = TextBlob(text)
        tagged = _tagger().tag([str(t) for t in blob.tokens])
        phrases = _ChunkNPExtractor().extract(tagged)
        return [" ".join(lemma(w, feats) for w in p.split()) for p in phrases]
    words = [w.strip("'-") for w in _WORD.findall(text.lower())]
    return [lemma(w, feats) for w in words if len(w) > 2 and w not in STOPWORDS]


def frequent_terms(texts: Iterable[str], top: int = 10) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(key_phrases(text)))
    return counts.most_common(top)
