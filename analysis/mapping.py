"""Browse the codebook's framework mappings both ways: theme -> articles and outcomes, and
article (or indicator, or outcome) -> the themes that bear on it. Commissioners work from
either end: "what did children say about Article 12?" as much as "what does bullying touch?"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis.codebook import Codebook
from analysis.frameworks import Framework, FrameworkItem


@dataclass(frozen=True)
class Link:
    framework: str
    item: FrameworkItem
    theme: str
    rationale: str


class FrameworkIndex:
    def __init__(self, codebook: Codebook, frameworks: Mapping[str, Framework]) -> None:
        self.codebook = codebook
        self.frameworks = frameworks

    def for_theme(self, theme_id: str) -> dict[str, list[FrameworkItem]]:
        """Every framework item a theme (or sub-theme) maps to, by framework id."""
        theme = self.codebook.themes[theme_id]
        out: dict[str, list[FrameworkItem]] = {}
        for key, framework in self.frameworks.items():
            items = [framework.get(ident) for ident in theme.mappings.get(key, ())]
            out[key] = [item for item in items if item is not None]
        return out

    def articles_for(self, theme_id: str) -> list[int]:
        return list(self.codebook.themes[theme_id].uncrc)

    def themes_for(self, framework: str, ident: Any, include_subthemes: bool = True) -> list[Link]:
        """Themes mapped to one framework item, e.g. ``themes_for("uncrc", 12)``."""
        if framework not in self.frameworks:
            raise KeyError(f"themes map to {', '.join(self.frameworks)}, not {framework!r}")
        item = self.frameworks[framework].get(ident)
        if item is None:
            raise KeyError(f"{ident!r} is not in {self.frameworks[framework].name}")
        return [
            Link(framework, item, theme.id, theme.rationale)
            for theme in self.codebook.themes.values()
            if ident in theme.mappings.get(framework, ())
            and (include_subthemes or theme.parent is None)
        ]

    def coverage(self, framework: str = "uncrc") -> dict[Any, list[str]]:
        """Each item of a framework with the top-level themes that map to it (may be empty):
        shows commissioners which rights no theme currently evidences."""
        return {
            item.id: [
                link.theme for link in self.themes_for(framework, item.id, include_subthemes=False)
            ]
            for item in self.frameworks[framework].items
        }
