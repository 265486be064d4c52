"""Meaning beside the lexicon and rules: static sentence embeddings distilled from
all-MiniLM-L6-v2 (see :mod:`analysis.semantic.distil`) and labelled exemplars kept as data.

When the table has not been built (no model package, or ``make setup`` not run) the analysis
carries on with the lexicon and rules alone and says so: ``load_embedder()`` returns None and
``why_absent()`` the reason, which runs report as reduced.
"""

from __future__ import annotations

import threading
from pathlib import Path

from analysis.semantic.distil import TABLE, default_root
from analysis.semantic.exemplars import ExemplarIndex, Nearest
from analysis.semantic.static import StaticEmbedder

__all__ = [
    "ExemplarIndex",
    "Nearest",
    "StaticEmbedder",
    "load_embedder",
    "model_cache",
    "why_absent",
]

_lock = threading.Lock()
_loaded: dict[Path, StaticEmbedder | None] = {}


def table_path(root: Path | None = None) -> Path:
    return (root or default_root()) / TABLE


def load_embedder(root: Path | None = None) -> StaticEmbedder | None:
    """The distilled table, loaded once per process (about 0.3 s, 60 MB), or None."""
    path = table_path(root)
    with _lock:
        if path not in _loaded:
            _loaded[path] = StaticEmbedder.load(path) if path.is_file() else None
        return _loaded[path]


def model_cache(root: Path | None = None) -> Path:
    """Where models trained on the table are cached (beside it)."""
    return (root or default_root()) / "models"


def why_absent(root: Path | None = None) -> str:
    return (
        f"semantic: themes and the safeguarding screen use the lexicon and rules alone (no "
        f"distilled table at {table_path(root)}; `make setup` or "
        "`python -m analysis.semantic build` makes it)"
    )
