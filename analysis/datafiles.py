"""Shared rules for the YAML data files (codebooks and frameworks).

Councils edit these files, not code, so every error must say which file, where in it, and
how to fix it; and every file may ``extends:`` a standard one with ``drop:``, ``rename:`` and
``add:`` so a council's file stays short and survives upgrades of the standard one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).parent


class DataFileError(ValueError):
    """A codebook or framework file that cannot be used, with where and how to fix it."""

    def __init__(self, file: str | Path, place: str, problem: str, fix: str) -> None:
        self.file, self.place, self.problem, self.fix = str(file), place, problem, fix
        super().__init__(f"{file}: {place}: {problem}. Fix: {fix}")


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(
            path, "file", f"cannot be read ({exc.strerror})", "check the path"
        ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise DataFileError(
            path, place, f"YAML {problem}", "check indentation, colons and quotes"
        ) from exc
    if not isinstance(data, dict):
        raise DataFileError(path, "top level", "is not a mapping", "start the file with 'id: ...'")
    return data


def resolve(name_or_path: str | Path, folder: str, relative_to: Path | None = None) -> Path:
    """A bare name (``standard``) means a file shipped in ``analysis/<folder>/``."""
    text = str(name_or_path)
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")):
        return PACKAGE_DIR / folder / f"{text}.yaml"
    path = Path(text)
    if not path.is_absolute() and relative_to is not None:
        candidate = relative_to.parent / path
        if candidate.exists():
            return candidate
    return path


def as_list(value: Any, path: Path, place: str, fix: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataFileError(path, place, f"should be a list, got {type(value).__name__}", fix)
    return value


def apply_overlay(
    base: list[dict[str, Any]],
    overlay: Mapping[str, Any],
    path: Path,
    child_key: str | None = None,
) -> list[dict[str, Any]]:
    """Apply a council file's ``drop``/``rename``/``add`` to the items of the file it extends.

    Items are dicts with an ``id``; with ``child_key`` (codebooks: ``subthemes``) the
    operations also reach nested items, so ``drop: [play.after_school]`` works.
    """
    items = [dict(item) for item in base]
    if child_key:
        for item in items:
            item[child_key] = [dict(child) for child in item.get(child_key) or []]

    def all_ids() -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for item in items:
            found[str(item["id"])] = item
            for child in item.get(child_key, []) if child_key else []:
                found[str(child["id"])] = child
        return found

    known = all_ids()
    fix_known = "use one of: " + ", ".join(sorted(known)[:30])
    for i, ident in enumerate(as_list(overlay.get("drop"), path, "drop", "drop: [id, ...]")):
        if str(ident) not in known:
            raise DataFileError(path, f"drop[{i}]", f"unknown id {ident!r}", fix_known)
        items = [item for item in items if str(item["id"]) != str(ident)]
        if child_key:
            for item in items:
                item[child_key] = [c for c in item[child_key] if str(c["id"]) != str(ident)]
    renames = overlay.get("rename") or {}
    if not isinstance(renames, dict):
        raise DataFileError(path, "rename", "should be a mapping", "rename: {id: {name: ...}}")
    current = all_ids()
    for ident, change in renames.items():
        if str(ident) not in current:
            raise DataFileError(path, f"rename.{ident}", "unknown or dropped id", fix_known)
        if isinstance(change, str):
            change = {"name": change}
        if not isinstance(change, dict) or not set(change) <= {"name", "description"}:
            raise DataFileError(
                path,
                f"rename.{ident}",
                "may only change name and description",
                "rename: {id: {name: New name, description: ...}}",
            )
        current[str(ident)].update(change)
    for i, new in enumerate(
        as_list(overlay.get("add"), path, "add", "add: [{id: ..., name: ...}]")
    ):
        if not isinstance(new, dict) or "id" not in new:
            raise DataFileError(
                path, f"add[{i}]", "needs an id", "add: [{id: my_theme, name: ...}]"
            )
        if str(new["id"]) in all_ids():
            raise DataFileError(
                path, f"add[{i}]", f"id {new['id']!r} already exists", "rename it, or pick a new id"
            )
        parent = new.get("parent")
        if child_key and parent is not None:
            owners = [item for item in items if str(item["id"]) == str(parent)]
            if not owners:
                raise DataFileError(
                    path, f"add[{i}].parent", f"unknown theme {parent!r}", fix_known
                )
            child = {k: v for k, v in new.items() if k != "parent"}
            owners[0][child_key].append(child)
        else:
            items.append(dict(new, **({child_key: new.get(child_key) or []} if child_key else {})))
    return items
