"""Learning from analysts' corrections.

The web workspace stores corrections (an answer's text and the theme ids an analyst says are
right) and passes them in; the model learned from them is a small JSON file at a path the
caller chooses, so what was learned is inspectable and survives between runs. Three things
are learned, each cheap enough for the hot path:

* **memory**: the exact answer (normalised) gets the analyst's themes next time;
* **terms**: content words seen in answers an analyst gave a theme the lexicon missed become
  extra keywords for it, weighted by how consistently they point at that theme;
* **quieting**: a keyword that keeps firing for a theme analysts remove loses weight there.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.codebook import Codebook
from analysis.nlp import STOPWORDS
from analysis.theming import Entry, Lexicon, score, stem, tokens

VERSION = 1
MIN_SUPPORT = 1  # corrections a term needs before it counts
MAX_WEIGHT = 1.0


@dataclass(frozen=True)
class Correction:
    """An analyst's themes for one answer, with the themes of the question it answered
    (``context``): the theme model learns from it as from any labelled answer, and an answer
    corrected to "care" because it answered a question about care must not teach that its
    words alone mean care."""

    text: str
    themes: tuple[str, ...]
    context: tuple[str, ...] = ()

    @classmethod
    def of(cls, value: Correction | Mapping[str, Any]) -> Correction:
        if isinstance(value, Correction):
            return value
        themes = value.get("themes") or value.get("theme_ids") or ()
        context = value.get("context") or ()
        return cls(
            str(value["text"]), tuple(str(t) for t in themes), tuple(str(t) for t in context)
        )


def _key(text: str) -> str:
    return " ".join(tokens(text))


@dataclass
class LearnedModel:
    memory: dict[str, list[str]] = field(default_factory=dict)
    term_theme: dict[str, dict[str, int]] = field(default_factory=dict)
    term_total: dict[str, int] = field(default_factory=dict)
    removed: dict[str, dict[str, int]] = field(default_factory=dict)  # keyword -> theme -> n
    kept: dict[str, dict[str, int]] = field(default_factory=dict)
    corrections: int = 0

    # -- persistence -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None) -> LearnedModel:
        if path is None or not Path(path).exists():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"{path}: learned model version {data.get('version')} != {VERSION}")
        data.pop("version")
        return cls(**data)

    def save(self, path: str | Path) -> None:
        """Write atomically, so a crash mid-write never leaves the workspace a broken model."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": VERSION, **self.__dict__}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, path)

    # -- learning ----------------------------------------------------------------------
    def learn(
        self,
        corrections: Iterable[Correction | Mapping[str, Any]],
        codebook: Codebook,
        lexicon: Lexicon,
    ) -> int:
        """Update from corrections; returns how many were used (unknown theme ids are an error
        the workspace must see, not something to skip quietly)."""
        used = 0
        for raw in corrections:
            correction = Correction.of(raw)
            unknown = [t for t in correction.themes if t not in codebook.themes]
            if unknown:
                raise ValueError(f"correction names unknown theme(s) {unknown} for {codebook.id}")
            top = {codebook.themes[t].parent or t for t in correction.themes}
            self.memory[_key(correction.text)] = sorted(set(correction.themes) | top)
            hits = lexicon.hits(correction.text)
            predicted = score(hits, codebook)
            for entry in hits:
                owner = codebook.themes[entry.theme].parent or entry.theme
                table = self.kept if owner in top else self.removed
                table.setdefault(entry.keyword, {}).setdefault(owner, 0)
                table[entry.keyword][owner] += 1
            missed = top - set(predicted.themes)
            words = {stem(w) for w in tokens(correction.text, codebook.spelling)}
            words = {w for w in words if len(w) > 2 and w not in STOPWORDS}
            for w in words:
                self.term_total[w] = self.term_total.get(w, 0) + 1
                for theme in top:
                    if theme in missed or theme in self.term_theme.get(w, {}):
                        self.term_theme.setdefault(w, {}).setdefault(theme, 0)
                        self.term_theme[w][theme] += 1
            used += 1
        self.corrections += used
        return used

    # -- applying ----------------------------------------------------------------------
    def extra_entries(self) -> list[tuple[str, str, float, bool]]:
        """Learned keywords: weight grows with support and with how specific the term is."""
        out = []
        for term, themes in self.term_theme.items():
            total = self.term_total.get(term, 1)
            for theme, n in themes.items():
                if n < MIN_SUPPORT:
                    continue
                precision = n / total
                weight = min(MAX_WEIGHT, precision * (0.5 + 0.25 * n))
                if weight >= 0.25:
                    out.append((term, theme, round(weight, 3), False))
        return out

    def adjustments(self) -> dict[tuple[str, str], float]:
        """Quiet a (keyword, theme) pair in proportion to how often analysts removed it."""
        out = {}
        for keyword, themes in self.removed.items():
            for theme, removed in themes.items():
                kept = self.kept.get(keyword, {}).get(theme, 0)
                share = removed / (removed + kept)
                if share > 0.5:
                    out[(keyword, theme)] = round(1.0 - share, 3)
        return out

    def remembered(self, text: str) -> list[str] | None:
        return self.memory.get(_key(text))


def learned_lexicon(codebook: Codebook, model: LearnedModel) -> Lexicon:
    """The codebook's lexicon plus learned terms (already stems, so indexed directly)."""
    lexicon = Lexicon.from_codebook(codebook)
    for term, theme, weight, _sub in model.extra_entries():
        if theme not in codebook.themes:
            continue  # learned under a codebook that has since dropped the theme
        parent = codebook.themes[theme].parent
        lexicon.add_stem(term, Entry(theme, f"learned:{term}", weight, parent is not None, parent))
    return lexicon
