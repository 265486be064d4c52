"""The printed report as plain blocks, so the PDF and the Word copy say the same thing.

``report_content`` turns a findings view into a :class:`Document`; ``report_pdf`` and
``report_docx`` each lay one out. Neither renderer computes a figure or decides what is
withheld: they only draw the blocks they are given, so the two files cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 starts a chapter (a new page), levels 1 and 2 are in the contents."""

    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = ""  # "lead" (the summary's opening), "note" (small print under a table)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Quotation:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Contents:
    """Where the contents list goes; each renderer fills it from the headings."""


Block = Heading | Paragraph | Bullets | Quotation | Table | Contents


@dataclass
class Document:
    title: str
    title_lines: list[str]  # under the title on the title page: council, dates
    language: str = "en"
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def heading(self, level: int, text: str) -> None:
        """A heading with an anchor unique in the document (the contents links to it)."""
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "section"
        taken = {b.anchor for b in self.blocks if isinstance(b, Heading)}
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        self.blocks.append(Heading(level, text, anchor))

    def contents(self, max_level: int = 2) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def text(self) -> str:
        """Every word of the document, for tests and for searching."""
        parts = [self.title, *self.title_lines]
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph | Quotation):
                parts.append(b.text)
            elif isinstance(b, Bullets):
                parts.extend(b.items)
            elif isinstance(b, Table):
                parts.extend([b.caption, *b.header, *(c for row in b.rows for c in row)])
        return "\n".join(parts)
