"""The all-MiniLM-L6-v2 sentence encoder, in NumPy, for the one-off distillation only.

Why our own forward pass rather than sentence-transformers: the library pulls in PyTorch
(about 1.6 GB in a virtualenv, and a multi-GB CUDA build if resolved carelessly) to run a
6-layer, 384-wide BERT once per install. A BERT forward pass is a few matrix products; NumPy
does it, and a test checks it against embeddings the reference library produced
(``tests/analysis/data/minilm_reference.json``). Nothing here runs when answers are analysed:
:mod:`analysis.semantic.static` looks words up in the distilled table instead.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

HIDDEN, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12
CLS, SEP, PAD, UNK = "[CLS]", "[SEP]", "[PAD]", "[UNK]"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)


class WordPiece:
    """BERT's uncased tokenizer: basic splitting (lower case, accents off, punctuation apart),
    then greedy longest-match word pieces. Checked against Hugging Face ``tokenizers``."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self.unk = self.vocab[UNK]

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def words(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        out: list[str] = []
        current: list[str] = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat == "Mn" or ch == "\ufffd" or (cat.startswith("C") and not ch.isspace()):
                continue  # accents, replacement characters and control characters go
            if ch.isspace():
                if current:
                    out.append("".join(current))
                    current = []
            elif _is_punctuation(ch) or _is_cjk(ch):
                if current:
                    out.append("".join(current))
                    current = []
                out.append(ch)
            else:
                current.append(ch)
        if current:
            out.append("".join(current))
        return out

    def pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str) -> list[int]:
        """Token ids with [CLS] and [SEP], cut to the model's maximum length."""
        ids = [i for w in self.words(text) for i in self.pieces(w)][: MAX_TOKENS - 2]
        return [self.vocab[CLS], *ids, self.vocab[SEP]]


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * (1 + erf(x / sqrt 2)) / 2, in place on ``x``. NumPy has no erf, so
    it is computed to about 1e-7 (Abramowitz and Stegun 7.1.26); the tanh shortcut would drift
    from the reference model. In-place steps: elementwise work dominates a short sequence."""
    z = np.abs(x) * np.float32(1 / np.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    # x * (1 + erf(x / sqrt 2)) / 2 == max(x, 0) - |x| * poly / 2 for either sign of x
    poly *= np.abs(x)
    poly *= np.float32(0.5)
    np.maximum(x, 0, out=x)
    x -= poly
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


class MiniLM:
    """all-MiniLM-L6-v2: BERT encoder, mean pooling over real tokens, unit length."""

    def __init__(self, model_dir: Path) -> None:
        self.tokenizer = WordPiece.from_file(model_dir / "vocab.txt")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if (config["hidden_size"], config["num_attention_heads"], config["num_hidden_layers"]) != (
            HIDDEN,
            HEADS,
            LAYERS,
        ):
            raise ValueError(f"{model_dir}: not the all-MiniLM-L6-v2 architecture")
        # Dense weights stored transposed and contiguous, so each product is one BLAS call.
        self.w = {
            k: np.ascontiguousarray(
                v.T
                if k.endswith("dense.weight") or (".self." in k and k.endswith("weight"))
                else v,
                dtype=np.float32,
            )
            for k, v in load_file(model_dir / "model.safetensors").items()
        }

    def hidden(self, batch: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Last hidden states for a batch of token id lists, and the mask of real tokens."""
        w = self.w
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        size = HIDDEN // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"]
                flat += w[p + name + ".bias"]
                return flat.reshape(*h.shape[:-1], flat.shape[-1])

            def heads(h: np.ndarray) -> np.ndarray:
                return h.reshape(len(batch), length, HEADS, size).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(len(batch), length, HIDDEN)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                dense(inner, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x, mask

    def encode_ids(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """Mean of the real tokens' states, unit length: what sentence-transformers returns."""
        x, mask = self.hidden(batch)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def encode(self, texts: Iterable[str], batch_size: int = 64) -> np.ndarray:
        encoded = [self.tokenizer.encode(t) for t in texts]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(encoded), HIDDEN), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self.encode_ids([encoded[i] for i in chunk])
        return out
