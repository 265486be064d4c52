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
        return [w.replace("'", "").replace("’", "") for w in _WORD.findall(text.lower())]

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
        """Unit vectors, one row per text; a text with no known word gets a zero row."""
        return self.embed_words([self.words(text) for text in texts])

    def embed_words(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """As :meth:`embed`, for texts already split into lower-case words (callers that
        tokenise anyway pass their words, so each answer is tokenised once)."""
        rows: list[int] = []
        starts: list[int] = []
        index, rows_for = self.index, self._rows_for
        for words in documents:
            starts.append(len(rows))
            for word in words:
                row = index.get(word)
                if row is None:
                    rows.extend(rows_for(word))
                else:
                    rows.append(row)
        out = np.zeros((len(documents), self.dimensions), dtype=np.float32)
        if not rows:
            return out
        gathered = self.rows[np.asarray(rows, dtype=np.int64)]
        ends = [*starts[1:], len(rows)]
        present = [i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if e > s]
        sums = np.add.reduceat(gathered, [starts[i] for i in present], axis=0)
        out[present] = sums
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
