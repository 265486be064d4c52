"""Themes from lexicon and meaning together: a small model trained on labelled answers we keep.

Why a trained combination rather than "keyword or nearest exemplar": words written by people
who never saw our lexicon showed that keywords alone miss paraphrase and that exemplar
similarity alone over-reads shared words. One logistic regression per top-level theme weighs
four kinds of evidence, each readable: the lexicon's keywords for that theme, the answer's
meaning (its static embedding), its words and word pairs, and the themes of the question it
answers (``context``), as a human coder would. It is trained on data beside the codebook: the
codebook's exemplars, our labelled sets and analysts' corrections, so a council that adds
exemplars or corrects answers changes it without code. Training takes seconds; the weights
are cached on disk under a key of everything that went in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from analysis.codebook import Codebook
from analysis.semantic.exemplars import ExemplarIndex
from analysis.semantic.logistic import Features, Logistic, train, vocabulary_of
from analysis.semantic.static import StaticEmbedder, save_arrays
from analysis.theming import Lexicon, ThemeResult, score, stem, tokens

RECIPE = 1  # bump when features or training change: cached weights are then retrained
MIN_COUNT = 2  # a word or word pair must occur this often in the training data to count
STEPS, RATE, L2 = 250, 0.05, 1e-4
CHOOSE = 0.55  # a theme is given at this probability (chosen on the dev split)
FALLBACK = 0.3  # the best theme is still given at this, so few answers go unthemed
FALLBACK_SIMILARITY = 0.6
MAX_THEMES = 3
SUBTHEME = 0.8  # the nearest sub-theme exemplar must be this similar (dev split: sub-theme F1 best)


@dataclass(frozen=True)
class Example:
    text: str
    themes: tuple[str, ...]
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why an answer got a theme, for the analyst: keywords found and the nearest exemplar."""

    probability: float
    keywords: tuple[str, ...]
    exemplar: str | None
    similarity: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "probability": self.probability,
            "keywords": list(self.keywords),
            "exemplar": self.exemplar,
            "similarity": self.similarity,
        }


@dataclass(frozen=True)
class Themed:
    themes: tuple[str, ...]
    subthemes: tuple[str, ...]
    reasons: Mapping[str, Reason]


class ThemeModel:
    """Build with :meth:`train` (or :meth:`cached`), then :meth:`predict` batches."""

    def __init__(
        self,
        codebook: Codebook,
        embedder: StaticEmbedder,
        lexicon: Lexicon,
        logistic: Logistic,
        words: Sequence[str],
        adjust: Mapping[tuple[str, str], float] | None = None,
    ) -> None:
        self.codebook = codebook
        self.embedder = embedder
        self.lexicon = lexicon
        self.adjust = adjust
        self.themes = [t.id for t in codebook.top_level()]
        self.column = {t: i for i, t in enumerate(self.themes)}
        self.logistic = logistic
        self.words = list(words)
        self.vocabulary = {g: i for i, g in enumerate(self.words)}
        top = {
            t.id: [x for s in (t, *codebook.subthemes_of(t.id)) for x in s.exemplars]
            for t in codebook.top_level()
        }
        self.exemplars = ExemplarIndex(embedder, top)
        subs = {t.id: t.exemplars for t in codebook.themes.values() if t.parent and t.exemplars}
        self.sub_exemplars = ExemplarIndex(embedder, subs)
        self.subs = {
            t.id: [s.id for s in codebook.subthemes_of(t.id) if s.id in subs]
            for t in codebook.top_level()
        }

    # -- features ------------------------------------------------------------------------
    def _features(
        self, texts: Sequence[str], contexts: Sequence[Sequence[str]]
    ) -> tuple[Features, list[ThemeResult]]:
        """Dense block [meaning | lexicon evidence | context] and the known words; also the
        lexicon's results, reused for the reasons shown to analysts."""
        count = len(self.themes)
        evidence = np.zeros((len(texts), count), dtype=np.float32)
        context = np.zeros((len(texts), count), dtype=np.float32)
        lexical = []
        word_ids = []
        documents = []
        spelling, known = self.lexicon.spelling, self.vocabulary
        for i, text in enumerate(texts):
            words = tokens(text, spelling)
            stems = [stem(w) for w in words]
            documents.append(words)
            result = score(self.lexicon.hits_in(words, stems), self.codebook, self.adjust)
            lexical.append(result)
            for match in result.matches:
                column = self.column.get(match.theme)
                if column is not None:
                    evidence[i, column] = match.confidence
            for theme in contexts[i]:
                column = self.column.get(theme)
                if column is not None:
                    context[i, column] = 1.0
            word_ids.append(list({known[g] for g in grams_from(stems) if g in known}))
        dense = np.hstack([self.embedder.embed_words(documents), evidence * 2.0, context * 2.0])
        return Features.build(dense, word_ids), lexical

    # -- training ------------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        codebook: Codebook,
        embedder: StaticEmbedder,
        lexicon: Lexicon,
        examples: Sequence[Example],
        adjust: Mapping[tuple[str, str], float] | None = None,
    ) -> ThemeModel:
        themes = [t.id for t in codebook.top_level()]
        rows = [*_exemplar_examples(codebook), *examples]
        vocabulary = vocabulary_of([grams_of(e.text, lexicon.spelling) for e in rows], MIN_COUNT)
        blank = Logistic(
            np.zeros((embedder.dimensions + 2 * len(themes), len(themes)), np.float32),
            np.zeros((len(vocabulary), len(themes)), np.float32),
            np.zeros(len(themes), np.float32),
        )
        model = cls(codebook, embedder, lexicon, blank, list(vocabulary), adjust)
        x, _ = model._features([e.text for e in rows], [e.context for e in rows])
        target = np.zeros((len(rows), len(themes)), dtype=np.float32)
        for i, example in enumerate(rows):
            for theme in example.themes:
                parent = codebook.themes[theme].parent if theme in codebook.themes else None
                column = model.column.get(parent or theme)
                if column is not None:
                    target[i, column] = 1.0
        model.logistic = train(x, len(vocabulary), target, steps=STEPS, rate=RATE, l2=L2)
        return model

    @classmethod
    def cached(
        cls,
        codebook: Codebook,
        embedder: StaticEmbedder,
        lexicon: Lexicon,
        examples: Sequence[Example],
        folder: Path | None,
        adjust: Mapping[tuple[str, str], float] | None = None,
    ) -> ThemeModel:
        """Trained weights from ``folder`` when everything that went into them is unchanged."""
        key = _key(codebook, examples, embedder, adjust)
        path = folder / f"themes-{key}.npz" if folder is not None else None
        if path is not None and path.is_file():
            with np.load(path, allow_pickle=False) as data:
                logistic = Logistic.from_arrays(data)
                vocabulary = [str(g) for g in data["vocabulary"]]
            return cls(codebook, embedder, lexicon, logistic, vocabulary, adjust)
        model = cls.train(codebook, embedder, lexicon, examples, adjust)
        if path is not None:
            save_arrays(path, {**model.logistic.arrays(), "vocabulary": np.array(model.words)})
        return model

    # -- prediction ----------------------------------------------------------------------
    def predict(
        self, texts: Sequence[str], contexts: Sequence[Sequence[str]] | None = None
    ) -> list[Themed]:
        contexts = contexts or [()] * len(texts)
        x, lexical = self._features(texts, contexts)
        probabilities = self.logistic.probabilities(x)
        meaning = x.dense[:, : self.embedder.dimensions]
        top_sims = self.exemplars.similarities(meaning)
        sub_sims = self.sub_exemplars.similarities(meaning)
        sub_best = self.sub_exemplars.best(sub_sims).tolist()
        sub_column = self.sub_exemplars.column
        out = []
        for i, p in enumerate(probabilities):
            order = np.argsort(-p)[:MAX_THEMES]
            chosen = [self.themes[j] for j in order if p[j] >= CHOOSE]
            if not chosen and p[order[0]] >= FALLBACK:
                top = self.themes[order[0]]
                # A weak best guess stands only on some evidence: a keyword, or an exemplar
                # close in meaning; "no" or "the raffle was rigged" stay unthemed.
                evidence = any(m.theme == top for m in lexical[i].matches)
                if evidence or (
                    self.exemplars.nearest_in(top_sims[i], top).similarity >= FALLBACK_SIMILARITY
                ):
                    chosen = [top]
            keywords = {m.theme: tuple(m.keywords) for m in lexical[i].matches}
            reasons = {}
            for theme in chosen:
                nearest = self.exemplars.nearest_in(top_sims[i], theme)
                reasons[theme] = Reason(
                    round(float(p[self.column[theme]]), 3),
                    keywords.get(theme, ()),
                    nearest.exemplar,
                    round(nearest.similarity, 3),
                )
            subthemes = [
                s for s in lexical[i].subthemes if self.codebook.themes[s].parent in chosen
            ]
            row = sub_best[i]
            for theme in chosen:
                closest = max(self.subs[theme], key=lambda s: row[sub_column[s]], default=None)
                if closest is not None and row[sub_column[closest]] >= SUBTHEME:
                    subthemes.append(closest)
            out.append(Themed(tuple(chosen), tuple(dict.fromkeys(subthemes)), reasons))
        return out


def grams_of(text: str, spelling: Mapping[str, str]) -> list[str]:
    """Stemmed words and word pairs, as the lexicon stems them (bullied = bully)."""
    return grams_from([stem(w) for w in tokens(text, spelling)])


def grams_from(stems: Sequence[str]) -> list[str]:
    return [*stems, *(a + " " + b for a, b in pairwise(stems))]


def _exemplar_examples(codebook: Codebook) -> list[Example]:
    themed = [
        Example(text, (theme.id,)) for theme in codebook.themes.values() for text in theme.exemplars
    ]
    return [*themed, *(Example(text, ()) for text in codebook.no_theme)]


def _key(
    codebook: Codebook,
    examples: Iterable[Example],
    embedder: StaticEmbedder,
    adjust: Mapping[tuple[str, str], float] | None,
) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([RECIPE, MIN_COUNT, STEPS, RATE, L2, embedder.fingerprint]).encode())
    for theme in codebook.themes.values():
        digest.update(
            json.dumps(
                [theme.id, theme.parent, theme.keywords, theme.weak_keywords, theme.exemplars]
            ).encode()
        )
    digest.update(json.dumps(sorted(codebook.spelling.items())).encode())
    digest.update(json.dumps(codebook.no_theme).encode())
    for example in examples:
        digest.update(json.dumps([example.text, example.themes, example.context]).encode())
    digest.update(json.dumps(sorted((adjust or {}).items())).encode())
    return digest.hexdigest()[:20]
