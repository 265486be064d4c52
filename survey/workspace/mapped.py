"""The frameworks and codebook a council configured, and findings' mappings to them.

A council keeps its frameworks in a folder of its own (``FRAMEWORKS_DIR``: every YAML file
in it is one framework, named by the file) and may name its own codebook (``CODEBOOK``).
They are read at first use, not when the app starts, and read again only when a file
changes, so a broken file stops the analysis with the file, the place and the fix named
(``analysis.datafiles.DataFileError``) rather than stopping the whole web app.

Each run stores, per answer and per finding, ``mappings: {framework id: [item ids]}``, and
the snapshot lists the frameworks as they were configured (id, name, kind and items), so a
page shows the names of the files the run read, whatever has changed since. Views give
every finding its frameworks as a list of ``{id, name, kind, items: [{id, name}]}``: one
shape for the page, the exports, the report and the API.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import current_app

from analysis.codebook import Codebook, load_codebook
from analysis.frameworks import BUNDLED, Framework, load_folder

LEVELS = "levels"  # the kind of a levels-of-need framework (prevent, reduce, meet)
# A question's ``outcomes: [local:x]`` means the local outcome framework (id ``outcomes``).
ALIASES = {"local": "outcomes"}
# Frameworks of snapshots made before the snapshot listed them, by the keys they used.
LEGACY_NAMES = {
    "uncrc": "UN Convention on the Rights of the Child",
    "shanarri": "SHANARRI wellbeing indicators",
    "ecm": "Every Child Matters outcomes",
    "outcomes": "Local children and families outcomes (example)",
}
LEGACY_KINDS = {"uncrc": "articles", "shanarri": "indicators"}


def _stamp(folder: Path, codebook: str) -> tuple[float, ...]:
    """When the configured files last changed, so an edited file is read again."""
    files = [p for p in folder.glob("*.y*ml")] if folder.is_dir() else []
    if codebook and Path(codebook).is_file():
        files.append(Path(codebook))
    return tuple(sorted(p.stat().st_mtime for p in files))


@functools.lru_cache(maxsize=8)
def _load(folder: str, codebook: str, _stamp: tuple[float, ...]) -> tuple[Any, Codebook]:
    frameworks = load_folder(folder or None)
    return frameworks, load_codebook(codebook or "standard", frameworks)


def configured() -> tuple[Mapping[str, Framework], Codebook]:
    """The configured frameworks (by id, in file-name order) and the codebook mapped to them."""
    folder = str(current_app.config.get("FRAMEWORKS_DIR") or "")
    codebook = str(current_app.config.get("CODEBOOK") or "")
    return _load(folder, codebook, _stamp(Path(folder) if folder else BUNDLED, codebook))


def describe(frameworks: Mapping[str, Framework]) -> list[dict[str, Any]]:
    """The frameworks as a snapshot keeps them (JSON: a list keeps its order)."""
    return [
        {
            "id": fw.id,
            "name": fw.name,
            "kind": fw.kind,
            "items": [{"id": item.id, "name": item.name} for item in fw.items],
        }
        for fw in frameworks.values()
    ]


def question_mappings(question: Any, frameworks: Mapping[str, Framework]) -> dict[str, list]:
    """A closed question's own ``uncrc`` and ``outcomes`` (``framework:item``) as mappings.

    An outcome without ``framework:`` is looked for in every configured framework; one
    naming a framework the council has not configured is left out, as the codebook's are.
    """
    out: dict[str, list[Any]] = {}
    if "uncrc" in frameworks:
        out["uncrc"] = [a for a in question.uncrc if frameworks["uncrc"].get(a) is not None]
    for outcome in question.outcomes:
        key, _, ident = str(outcome).partition(":")
        if not ident:
            key, ident = next((f.id for f in frameworks.values() if f.get(key)), ""), key
        key = ALIASES.get(key, key)
        if key in frameworks and frameworks[key].get(ident) is not None:
            out.setdefault(key, []).append(ident)
    return {k: list(dict.fromkeys(v)) for k, v in out.items() if v}


def _mappings_of(entry: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A theme's or question's mappings; older snapshots kept ``frameworks: {id: [items]}``."""
    if "mappings" in entry:
        return dict(entry["mappings"])
    return {k: [x["id"] for x in v] for k, v in (entry.get("frameworks") or {}).items()}


def listed(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's frameworks, each with ``names``: item id (as text) to its name."""
    found = data.get("frameworks")
    if found is None:  # made before snapshots listed them: what its themes carried
        found, seen = [], {}
        for theme in data.get("themes", []):
            for key, items in (theme.get("frameworks") or {}).items():
                if key not in seen:
                    seen[key] = {"id": key, "name": LEGACY_NAMES.get(key, key), "items": []}
                    seen[key]["kind"] = LEGACY_KINDS.get(key, "outcomes")
                    found.append(seen[key])
                known = {str(x["id"]) for x in seen[key]["items"]}
                seen[key]["items"] += [x for x in items if str(x["id"]) not in known]
    return [{**fw, "names": {str(x["id"]): x["name"] for x in fw["items"]}} for fw in found]


def columns(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The frameworks a page shows: every listed one that a theme or question maps to."""
    entries = [*data.get("themes", []), *data.get("closed", [])]
    used = {key for e in entries for key, ids in _mappings_of(e).items() if ids}
    return [
        {"id": fw["id"], "name": fw["name"], "kind": fw.get("kind", ""), "names": fw["names"]}
        for fw in listed(data)
        if fw["id"] in used
    ]


def attach(entry: Mapping[str, Any], cols: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One finding's frameworks, one per column (items may be empty)."""
    mappings = _mappings_of(entry)
    return [
        {
            "id": col["id"],
            "name": col["name"],
            "kind": col["kind"],
            "items": [
                {"id": x, "name": col["names"].get(str(x), str(x))}
                for x in mappings.get(col["id"], [])
            ],
        }
        for col in cols
    ]
