"""The codebook: themes, sub-themes, keywords and framework mappings, as data.

Analysts and councils own the codebook; the code only reads it. Themes map to UNCRC articles
and outcome areas in the data itself (with a rationale) so a commissioner can see, and a
council can change, why a finding is linked to an article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.datafiles import DataFileError, apply_overlay, as_list, read_yaml, resolve
from analysis.frameworks import Framework, load_frameworks

MAPPED = ("uncrc", "shanarri", "ecm", "outcomes")  # the standard frameworks' keys
NO_THEME = "no_theme"  # the exemplars file's key for answers that fit no theme


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    parent: str | None
    keywords: tuple[str, ...]
    weak_keywords: tuple[str, ...]
    uncrc: tuple[int, ...]
    shanarri: tuple[str, ...]
    ecm: tuple[str, ...]
    outcomes: tuple[str, ...]
    rationale: str
    # Example answers, for the semantic layer: an answer near them gets this theme, and the
    # nearest one is shown to the analyst as the reason (analysis/semantic/).
    exemplars: tuple[str, ...] = ()
    # Every loaded framework's ids for this theme, by framework id: the four above and any
    # framework a council adds (``levels_of_need: [prevent]``, ``brightwater: [bw1]``).
    mappings: Mapping[str, tuple[Any, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Codebook:
    id: str
    name: str
    themes: Mapping[str, Theme]  # top-level themes first, each followed by its sub-themes
    spelling: Mapping[str, str]
    other_languages: Mapping[str, Mapping[str, tuple[str, ...]]]
    source: str
    # Answers that fit no theme ("idk", "no", the survey itself): taught to the semantic
    # layer so that an answer about nothing is left unthemed rather than forced into a theme.
    no_theme: tuple[str, ...] = ()

    def top_level(self) -> list[Theme]:
        return [t for t in self.themes.values() if t.parent is None]

    def subthemes_of(self, theme_id: str) -> list[Theme]:
        return [t for t in self.themes.values() if t.parent == theme_id]

    def theme(self, theme_id: str) -> Theme:
        return self.themes[theme_id]


def _strings(value: Any, path: Path, place: str) -> tuple[str, ...]:
    items = as_list(value, path, place, f"{place.rsplit('.', 1)[-1]}: [word, 'a phrase', prefix*]")
    for i, item in enumerate(items):
        if not isinstance(item, str | int) or not str(item).strip():
            raise DataFileError(path, f"{place}[{i}]", "should be a word or phrase", "quote it")
    return tuple(str(item).strip().lower() for item in items)


def _mapped(
    raw: dict[str, Any], key: str, framework: Framework, path: Path, place: str
) -> tuple[Any, ...]:
    values = as_list(raw.get(key), path, f"{place}.{key}", f"{key}: [id, ...]")
    for i, value in enumerate(values):
        if framework.get(value) is None:
            shown = ", ".join(str(x) for x in framework.ids[:12])
            raise DataFileError(
                path,
                f"{place}.{key}[{i}]",
                f"{value!r} is not in {framework.name}",
                f"use one of: {shown}{', ...' if len(framework.ids) > 12 else ''}",
            )
    return tuple(values)


def _mappings(
    raw: dict[str, Any], frameworks: Mapping[str, Framework], path: Path, place: str
) -> dict[str, tuple[Any, ...]]:
    """The theme's ids in every loaded framework. A standard key (``shanarri``) whose
    framework a council has not configured is left out: its folder says what is shown."""
    return {
        key: _mapped(raw, key, framework, path, place)
        for key, framework in frameworks.items()
        if raw.get(key)
    }


def _theme(
    raw: dict[str, Any],
    parent: Theme | None,
    frameworks: Mapping[str, Framework],
    path: Path,
    place: str,
) -> Theme:
    for key in ("id", "name"):
        if not raw.get(key):
            raise DataFileError(path, place, f"has no {key}", f"add '{key}: ...' to this theme")
    ident = str(raw["id"])
    place = f"{place} (id: {ident})"
    keywords = _strings(raw.get("keywords"), path, f"{place}.keywords")
    if not keywords and parent is None and not raw.get("weak_keywords"):
        raise DataFileError(
            path,
            f"{place}.keywords",
            "is empty",
            "give at least one keyword, or the theme can never be found",
        )
    own = _mappings(raw, frameworks, path, place)
    if parent is not None:  # sub-themes inherit their theme's mappings and add their own
        keys = [*parent.mappings, *(k for k in own if k not in parent.mappings)]
        own = {
            k: tuple(dict.fromkeys((*parent.mappings.get(k, ()), *own.get(k, ())))) for k in keys
        }
    if "uncrc" in own:
        own["uncrc"] = tuple(sorted(own["uncrc"]))
    if parent is None and "uncrc" in frameworks and not own.get("uncrc"):
        raise DataFileError(
            path, f"{place}.uncrc", "maps to no UNCRC article", "add uncrc: [article numbers]"
        )
    return Theme(
        id=ident,
        name=str(raw["name"]),
        description=str(raw.get("description", "")),
        parent=parent.id if parent else None,
        keywords=keywords,
        weak_keywords=_strings(raw.get("weak_keywords"), path, f"{place}.weak_keywords"),
        uncrc=own.get("uncrc", ()),
        shanarri=own.get("shanarri", ()),
        ecm=own.get("ecm", ()),
        outcomes=own.get("outcomes", ()),
        rationale=str(raw.get("rationale") or (parent.rationale if parent else "")),
        exemplars=_texts(raw.get("exemplars"), path, f"{place}.exemplars"),
        mappings=own,
    )


def _texts(value: Any, path: Path, place: str) -> tuple[str, ...]:
    items = as_list(value, path, place, "exemplars: ['an example answer', ...]")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise DataFileError(path, f"{place}[{i}]", "should be an example answer", "quote it")
    return tuple(item.strip() for item in items)


def _attach_exemplars(theme_list: list[Any], name: Any, path: Path) -> list[str]:
    """``exemplars: file.yaml`` at the top of a codebook names a file of example answers per
    theme id (kept apart so the codebook stays short); they join each theme's own list. A
    council's file may name one too, for its own themes or to add to the standard ones.
    Returns the file's answers that fit no theme (key ``no_theme``)."""
    if not name:
        return []
    if not isinstance(name, str):
        raise DataFileError(path, "exemplars", "should name a file", "exemplars: my.exemplars.yaml")
    file = path.parent / name
    if not file.is_file():
        raise DataFileError(path, "exemplars", f"{file} does not exist", "check the file name")
    table = read_yaml(file)
    themes = {t["id"]: t for t in theme_list or [] if isinstance(t, dict)}
    for theme in list(themes.values()):
        for sub in theme.get("subthemes") or []:
            if isinstance(sub, dict):
                themes[sub["id"]] = sub
    no_theme: list[str] = []
    for theme_id, texts in table.items():
        if theme_id == NO_THEME:
            no_theme += texts or []
            continue
        if theme_id not in themes:
            raise DataFileError(
                file, str(theme_id), "is not a theme or sub-theme id", "use an id from the codebook"
            )
        target = themes[theme_id]
        target["exemplars"] = [*(target.get("exemplars") or []), *(texts or [])]
    return no_theme


def _map_overlay(themes: list[dict[str, Any]], table: Any, path: Path) -> None:
    """``map: {theme_id: {framework_id: [ids]}}`` in a council's file adds mappings to themes
    it did not write (the standard ones), e.g. to its own outcomes framework."""
    if table is None:
        return
    if not isinstance(table, dict):
        raise DataFileError(path, "map", "should be a mapping", "map: {family: {my_fw: [id]}}")
    found = {t["id"]: t for t in themes}
    found |= {s["id"]: s for t in themes for s in t.get("subthemes", [])}
    for theme_id, links in table.items():
        if theme_id not in found:
            raise DataFileError(path, f"map.{theme_id}", "unknown theme", "use a theme id")
        if not isinstance(links, dict):
            raise DataFileError(path, f"map.{theme_id}", "should be a mapping", "{my_fw: [id]}")
        for key, ids in links.items():
            have = as_list(found[theme_id].get(key), path, f"map.{theme_id}", "a list")
            more = as_list(ids, path, f"map.{theme_id}.{key}", f"{key}: [id, ...]")
            found[theme_id][key] = [*have, *(x for x in more if x not in have)]


def _raw(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if "extends" not in data:
        no_theme = _attach_exemplars(data.get("themes") or [], data.get("exemplars"), path)
        return {**data, "no_theme": no_theme}
    base = _raw(resolve(data["extends"], "codebooks", relative_to=path))
    themes = apply_overlay(base.get("themes") or [], data, path, child_key="subthemes")
    no_theme = [*base["no_theme"], *_attach_exemplars(themes, data.get("exemplars"), path)]
    for theme_id, words in (data.get("add_keywords") or {}).items():
        matches = [t for t in themes if t["id"] == theme_id]
        matches += [s for t in themes for s in t.get("subthemes", []) if s["id"] == theme_id]
        if not matches:
            raise DataFileError(path, f"add_keywords.{theme_id}", "unknown theme", "check the id")
        matches[0]["keywords"] = [*(matches[0].get("keywords") or []), *words]
    _map_overlay(themes, data.get("map"), path)
    kept = {t["id"] for t in themes}
    languages = {
        lang: {k: v for k, v in table.items() if k in kept}
        for lang, table in (base.get("other_languages") or {}).items()
    }
    for lang, table in (data.get("other_languages") or {}).items():
        languages.setdefault(lang, {}).update(table)
    return {
        "id": data.get("id", base.get("id")),
        "name": data.get("name", base.get("name")),
        "spelling": {**(base.get("spelling") or {}), **(data.get("spelling") or {})},
        "themes": themes,
        "other_languages": languages,
        "no_theme": no_theme,
    }


def load_codebook(
    name_or_path: str | Path = "standard", frameworks: Mapping[str, Framework] | None = None
) -> Codebook:
    """Load and validate a codebook; a bare name means one shipped in analysis/codebooks/."""
    path = resolve(name_or_path, "codebooks")
    frameworks = frameworks if frameworks is not None else load_frameworks()
    data = _raw(path)
    themes: dict[str, Theme] = {}
    for i, raw in enumerate(as_list(data.get("themes"), path, "themes", "themes: [{id: ...}]")):
        if not isinstance(raw, dict):
            raise DataFileError(path, f"themes[{i}]", "should be a mapping", "- id: my_theme")
        theme = _theme(raw, None, frameworks, path, f"themes[{i}]")
        subs = [
            _theme(sub, theme, frameworks, path, f"themes[{i}].subthemes[{j}]")
            for j, sub in enumerate(
                as_list(raw.get("subthemes"), path, f"themes[{i}].subthemes", "a list")
            )
        ]
        for item in (theme, *subs):
            if item.id in themes:
                raise DataFileError(
                    path, f"themes[{i}]", f"duplicate id {item.id!r}", "ids must be unique"
                )
            themes[item.id] = item
    if not themes:
        raise DataFileError(path, "themes", "no themes", "add at least one theme")
    languages: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang, table in (data.get("other_languages") or {}).items():
        for theme_id, words in (table or {}).items():
            if theme_id not in themes:
                raise DataFileError(
                    path, f"other_languages.{lang}.{theme_id}", "unknown theme", "use a theme id"
                )
            place = f"other_languages.{lang}.{theme_id}"
            languages.setdefault(lang, {})[theme_id] = _strings(words, path, place)
    spelling = {str(k).lower(): str(v).lower() for k, v in (data.get("spelling") or {}).items()}
    return Codebook(
        id=str(data.get("id", path.stem)),
        name=str(data.get("name", path.stem)),
        themes=themes,
        spelling=spelling,
        other_languages=languages,
        source=str(path),
        no_theme=_texts(data.get("no_theme"), path, NO_THEME),
    )
