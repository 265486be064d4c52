"""Meaning at run time: an answer's vector is the weighted mean of its words' distilled rows.

No model runs here: words are looked up in the table :mod:`analysis.semantic.distil` built.
A word the table lacks is split into the model's word pieces, as the model itself would, and
the pieces' rows averaged; that result is remembered (to a bound), since answers repeat words.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analysis.semantic.minilm import WordPiece

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_UNKNOWN_LIMIT = 100_000
_MEMO_LIMIT = 20_000


class StaticEmbedder:
    """Build once per process (``load_embedder``) and share: lookups are read-mostly."""

    def __init__(
        self, tokens: Sequence[str], vectors: np.ndarray, weights: np.ndarray, pieces: int
    ) -> None:
        """``tokens[:pieces]`` are the model's word pieces, the rest whole words."""
        norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
        self.dimensions = vectors.shape[1]
        # Identifies the table, so models trained on it are retrained when it changes.
        sample = np.ascontiguousarray(vectors[:: max(1, len(vectors) // 512)])
        self.fingerprint = hashlib.sha256(sample.tobytes() + weights.tobytes()).hexdigest()[:16]
        # Rows are stored unit length times the word's weight: one product per answer.
        self.rows = (vectors.astype(np.float32) / np.maximum(norms, 1e-6)[:, None]) * weights[
            :, None
        ]
        self.index = {t: i for i, t in enumerate(tokens)}
        self.pieces = WordPiece([*tokens[:pieces], "[UNK]"])  # a piece's id is its row
        self._unknown: dict[str, tuple[int, ...]] = {}
        self._memo: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path) -> StaticEmbedder:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                [str(t) for t in data["tokens"]],
                data["vectors"],
                data["weights"],
                int(data["pieces"]),
            )

    def words(self, text: str) -> list[str]:
        lowered = text.lower()
        if "'" not in lowered and "’" not in lowered:  # most answers: no word to mend
            return _WORD.findall(lowered)
        return [w.replace("'", "").replace("’", "") for w in _WORD.findall(lowered)]

    def _rows_for(self, word: str) -> tuple[int, ...]:
        row = self.index.get(word)
        if row is not None:
            return (row,)
        found = self._unknown.get(word)
        if found is None:
            found = tuple(i for i in self.pieces.pieces(word) if i != self.pieces.unk)
            if len(self._unknown) < _UNKNOWN_LIMIT:
                with self._lock:
                    self._unknown[word] = found
        return found

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text; a text with no known word gets a zero row.

        The last few thousand texts are remembered: the theme model and the safeguarding
        layer both read each answer of a run, and should pay for its meaning once."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        memo = self._memo  # shared by threads: read into a local mapping, never re-read
        known = {t: memo.get(t) for t in texts}
        missing = [t for t, vector in known.items() if vector is None]
        if missing:
            vectors = self.embed_words([self.words(text) for text in missing])
            fresh = dict(zip(missing, vectors, strict=True))
            known.update(fresh)
            if len(memo) + len(fresh) > _MEMO_LIMIT:
                memo.clear()
            memo.update(fresh)
        return np.stack([known[t] for t in texts])

    def embed_words(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """As :meth:`embed`, for texts already split into lower-case words."""
        out = np.zeros((len(documents), self.dimensions), dtype=np.float32)
        index, rows_for, take, add = self.index, self._rows_for, self.rows.take, np.add.reduce
        for i, words in enumerate(documents):
            rows: list[int] = []
            for word in words:
                row = index.get(word)
                if row is None:
                    rows.extend(rows_for(word))
                else:
                    rows.append(row)
            if rows:  # one small sum per answer: faster than one big reduceat (cache);
                add(take(rows, 0), 0, out=out[i])  # take and reduce: a third less than [rows].sum
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an .npz atomically; a read-only install still works (it retrains per process)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        with partial.open("wb") as handle:
            np.savez(handle, **arrays)
        partial.replace(path)
    except OSError:
        pass
