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
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from analysis.codebook import Codebook
from analysis.semantic.exemplars import ExemplarIndex, Nearest
from analysis.semantic.logistic import Features, Logistic, train, vocabulary_of
from analysis.semantic.static import StaticEmbedder, save_arrays
from analysis.semantic.threads import one_blas_thread
from analysis.theming import Lexicon, ThemeResult, score, stem, tokens

RECIPE = 2  # bump when features or training change: cached weights are then retrained
MIN_COUNT = 2  # a word or word pair must occur this often in the training data to count
STEPS, RATE, L2 = 250, 0.05, 1e-4
CHOOSE = 0.55  # a theme is given at this probability (chosen on the dev split)
FALLBACK = 0.3  # the best theme is still given at this, so few answers go unthemed
FALLBACK_SIMILARITY = 0.6
MAX_THEMES = 3
KEEP = 8  # cached trained models kept
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
        self._pair_firsts = frozenset(g.split(" ", 1)[0] for g in self.words if " " in g)
        # Every theme's exemplars, each followed by its sub-themes': a theme's "family" lies
        # together, so one product per chosen theme gives both the nearest exemplar (the
        # reason) and the nearest sub-theme.
        ordered: dict[str, tuple[str, ...]] = {}
        for theme in codebook.top_level():
            for item in (theme, *codebook.subthemes_of(theme.id)):
                ordered[item.id] = item.exemplars
        self.exemplars = ExemplarIndex(embedder, ordered)
        self.family: dict[str, tuple[int, int, int]] = {}  # theme -> start, subs' start, end
        for theme in codebook.top_level():
            subs = [s.id for s in codebook.subthemes_of(theme.id) if s.exemplars]
            whole = self.exemplars.span([theme.id, *subs])
            if whole is not None:
                part = self.exemplars.span(subs)
                self.family[theme.id] = (whole[0], part[0] if part else whole[1], whole[1])

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
        spelling, known, firsts = self.lexicon.spelling, self.vocabulary, self._pair_firsts
        for i, text in enumerate(texts):
            words = tokens(text, spelling)
            stems = [stem(w) for w in words]
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
            word_ids.append(list({known[g] for g in grams_from(stems, firsts) if g in known}))
        dense = np.hstack([self.embedder.embed(texts), evidence * 2.0, context * 2.0])
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
        corrections: Sequence[Example] = (),
    ) -> ThemeModel:
        """``corrections`` (analysts' answers) train the weights but add no word to the
        vocabulary, so no child's words are kept in the model file: only bundled data's."""
        themes = [t.id for t in codebook.top_level()]
        bundled = [*_exemplar_examples(codebook), *examples]
        rows = [*bundled, *corrections]
        vocabulary = vocabulary_of([grams_of(e.text, lexicon.spelling) for e in bundled], MIN_COUNT)
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
        corrections: Sequence[Example] = (),
    ) -> ThemeModel:
        """Trained weights from ``folder`` when everything that went into them is unchanged;
        only the newest few files are kept (each set of corrections makes a new one)."""
        key = _key(codebook, [*examples, *corrections], embedder, adjust)
        path = folder / f"themes-{key}.npz" if folder is not None else None
        if path is not None and path.is_file():
            with np.load(path, allow_pickle=False) as data:
                logistic = Logistic.from_arrays(data)
                vocabulary = [str(g) for g in data["vocabulary"]]
            return cls(codebook, embedder, lexicon, logistic, vocabulary, adjust)
        model = cls.train(codebook, embedder, lexicon, examples, adjust, corrections)
        if path is not None:
            save_arrays(path, {**model.logistic.arrays(), "vocabulary": np.array(model.words)})
            prune(path.parent, "themes-*.npz", KEEP)
        return model

    # -- prediction ----------------------------------------------------------------------
    def _near(
        self, meaning: np.ndarray, wanted: Sequence[Sequence[str]]
    ) -> list[dict[str, tuple[Nearest | None, Nearest | None]]]:
        """For each answer and each theme it may get: the nearest exemplar of the theme's
        family (the reason) and of its sub-themes. One matrix product per theme for the whole
        batch, since a product per answer cost more in Python than in arithmetic."""
        out: list[dict[str, tuple[Nearest | None, Nearest | None]]] = [{} for _ in wanted]
        rows: dict[str, list[int]] = {}
        for i, themes in enumerate(wanted):
            for theme in themes:
                if theme in self.family:
                    rows.setdefault(theme, []).append(i)
                else:
                    out[i][theme] = (None, None)
        index = self.exemplars
        for theme, which in rows.items():
            start, subs, end = self.family[theme]
            sims = meaning[which] @ index.vectors[start:end].T
            best = sims.argmax(axis=1).tolist()
            best_sub = (
                (subs - start + sims[:, subs - start :].argmax(axis=1)).tolist()
                if subs < end
                else None
            )
            for k, i in enumerate(which):
                j = best[k]
                reason = Nearest(
                    index.labels[index.owner[start + j]], float(sims[k, j]), index.texts[start + j]
                )
                sub = None
                if best_sub is not None:
                    j = best_sub[k]
                    sub = Nearest(
                        index.labels[index.owner[start + j]],
                        float(sims[k, j]),
                        index.texts[start + j],
                    )
                out[i][theme] = (reason, sub)
        return out

    def predict(
        self, texts: Sequence[str], contexts: Sequence[Sequence[str]] | None = None
    ) -> list[Themed]:
        with one_blas_thread(len(texts)):
            return self._predict(texts, contexts or [()] * len(texts))

    def _predict(self, texts: Sequence[str], contexts: Sequence[Sequence[str]]) -> list[Themed]:
        x, lexical = self._features(texts, contexts)
        probabilities = self.logistic.probabilities(x)
        meaning = x.dense[:, : self.embedder.dimensions]
        order = np.argsort(-probabilities, axis=1)[:, :MAX_THEMES]
        ranked = np.take_along_axis(probabilities, order, axis=1).tolist()
        order = order.tolist()
        themes = self.themes
        # Themes given outright, or else the best guess, which stands only on some evidence.
        chosen = [
            [themes[j] for j, q in zip(order[i], ranked[i], strict=True) if q >= CHOOSE]
            for i in range(len(texts))
        ]
        wanted = [
            found or ([themes[order[i][0]]] if ranked[i][0] >= FALLBACK else [])
            for i, found in enumerate(chosen)
        ]
        near = self._near(meaning, wanted)
        out = []
        for i, result in enumerate(lexical):
            given = chosen[i]
            if not given and wanted[i]:
                # A weak best guess needs a keyword, or an exemplar close in meaning: "no" or
                # "the raffle was rigged" stay unthemed.
                top = wanted[i][0]
                closest = near[i][top][0]
                if (closest and closest.similarity >= FALLBACK_SIMILARITY) or any(
                    m.theme == top for m in result.matches
                ):
                    given = [top]
            keywords = {m.theme: tuple(m.keywords) for m in result.matches}
            reasons = {}
            subthemes = [s for s in result.subthemes if self.codebook.themes[s].parent in given]
            for theme in given:
                reason, sub = near[i][theme]
                reasons[theme] = Reason(
                    round(float(probabilities[i, self.column[theme]]), 3),
                    keywords.get(theme, ()),
                    reason.exemplar if reason else None,
                    round(reason.similarity, 3) if reason else None,
                )
                if sub is not None and sub.similarity >= SUBTHEME:
                    subthemes.append(sub.label)
            out.append(Themed(tuple(given), tuple(dict.fromkeys(subthemes)), reasons))
        return out


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` newest cached models."""
    found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[keep:]:
        old.unlink(missing_ok=True)


def grams_of(text: str, spelling: Mapping[str, str]) -> list[str]:
    """Stemmed words and word pairs, as the lexicon stems them (bullied = bully)."""
    return grams_from([stem(w) for w in tokens(text, spelling)])


def grams_from(stems: Sequence[str], firsts: Container[str] | None = None) -> list[str]:
    """``firsts``: form only the pairs whose first stem is in it (the vocabulary's pairs'),
    not every pair only to miss it in the vocabulary."""
    if firsts is None:
        return [*stems, *(a + " " + b for a, b in pairwise(stems))]
    return [*stems, *(a + " " + b for a, b in pairwise(stems) if a in firsts)]


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
