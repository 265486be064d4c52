"""Frameworks findings are mapped to (UNCRC, SHANARRI, Every Child Matters, a local outcome
framework, levels of need, ages and stages), loaded from YAML so a council can change them.

A council's own file either replaces one of ours (same ``id``) or ``extends:`` it, e.g.
``{id: levels_of_need, extends: levels_of_need, drop: [reduce]}``; the scrutiny committee
that struck out "delay" should not need a developer.

The web app reads a whole folder (:func:`load_folder`): every YAML file in it is a framework,
so a council shows exactly the frameworks it keeps there, with the names its files give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.datafiles import DataFileError, apply_overlay, as_list, read_yaml, resolve

STANDARD = ("uncrc", "shanarri", "ecm", "local_example", "levels_of_need", "ages_stages")
BUNDLED = Path(__file__).parent
# Keys a codebook theme already uses: a framework of one of these ids could not be mapped.
RESERVED = frozenset(
    {"id", "name", "description", "parent", "keywords", "weak_keywords", "rationale"}
    | {"exemplars", "subthemes", "themes", "mappings"}
)


@dataclass(frozen=True)
class FrameworkItem:
    id: Any
    name: str
    description: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    kind: str
    items: tuple[FrameworkItem, ...]
    source: str

    def get(self, ident: Any) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == ident), None)

    @property
    def ids(self) -> tuple[Any, ...]:
        return tuple(item.id for item in self.items)


def load_framework(path: str | Path) -> Framework:
    path = resolve(path, "frameworks")
    data = read_yaml(path)
    items: list[dict[str, Any]]
    if "extends" in data:
        base = load_framework(resolve(data["extends"], "frameworks", relative_to=path))
        raw = [
            {"id": i.id, "name": i.name, "description": i.description, **i.extra}
            for i in base.items
        ]
        items = apply_overlay(raw, data, path)
        data = {"id": base.id, "name": base.name, "kind": base.kind, **data}
    else:
        items = as_list(data.get("items"), path, "items", "items: [{id: ..., name: ...}]")
    for key in ("id", "name"):
        if not data.get(key):
            raise DataFileError(path, key, "is missing", f"add '{key}: ...' at the top")
    built = []
    seen: set[Any] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item or not item.get("name"):
            raise DataFileError(path, f"items[{i}]", "needs an id and a name", "{id: x, name: X}")
        if item["id"] in seen:
            raise DataFileError(
                path, f"items[{i}]", f"duplicate id {item['id']!r}", "use unique ids"
            )
        seen.add(item["id"])
        extra = {k: v for k, v in item.items() if k not in {"id", "name", "description"}}
        built.append(FrameworkItem(item["id"], item["name"], item.get("description", ""), extra))
    return Framework(
        str(data["id"]), data["name"], data.get("kind", "items"), tuple(built), str(path)
    )


def load_frameworks(overrides: Iterable[str | Path] = ()) -> dict[str, Framework]:
    """Our standard frameworks, with any council files replacing the one of the same id."""
    frameworks = {fw.id: fw for fw in (load_framework(name) for name in STANDARD)}
    for path in overrides:
        framework = load_framework(path)
        frameworks[framework.id] = framework
    return frameworks


def load_folder(folder: str | Path | None = None) -> dict[str, Framework]:
    """Every framework in ``folder`` (``*.yaml`` and ``*.yml``, in file-name order); the
    bundled folder when none is given. Ids must be unique across the folder."""
    path = Path(folder) if folder else BUNDLED
    if not path.is_dir():
        raise DataFileError(
            path, "folder", "is not a folder", "set FRAMEWORKS_DIR to a folder of YAML files"
        )
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    frameworks: dict[str, Framework] = {}
    for file in files:
        framework = load_framework(file)
        if framework.id in frameworks:
            raise DataFileError(
                file,
                "id",
                f"{framework.id!r} is also the id of {frameworks[framework.id].source}",
                "give each framework in the folder its own id",
            )
        if framework.id in RESERVED:
            raise DataFileError(
                file, "id", f"{framework.id!r} is a word the codebook uses", "choose another id"
            )
        frameworks[framework.id] = framework
    if not frameworks:
        raise DataFileError(
            path, "folder", "holds no .yaml files", "add at least one framework file"
        )
    return frameworks


def stage_for_age(frameworks: Mapping[str, Framework], age_band: str | None) -> str | None:
    """Map an age band such as ``"11-13"``, ``"14+"`` or ``"7"`` to an ages-and-stages id."""
    if not age_band or "ages_stages" not in frameworks:
        return None
    digits = "".join(ch if ch.isdigit() else " " for ch in str(age_band)).split()
    if not digits:
        return None
    lower = int(digits[0])
    for item in frameworks["ages_stages"].items:
        low, high = item.extra.get("min_age", 0), item.extra.get("max_age", 200)
        if low <= lower < high or (lower == high and item is frameworks["ages_stages"].items[-1]):
            return str(item.id)
    return None
