"""The report as a PDF, made on the server by WeasyPrint from HTML and CSS paged media.

WeasyPrint lays out pages itself (no browser, no office suite): the footer's "Page 3 of 12"
and the contents' page numbers are CSS counters (``counter(pages)``, ``target-counter``), so
they are right however long the tables run. Chapters start on a new page; a heading is never
left at the foot of a page without what follows it; nothing forces an empty page.
"""

from __future__ import annotations

from html import escape

from survey.config import RTL_LOCALES
from survey.workspace.report_model import (
    Bullets,
    Contents,
    Document,
    Heading,
    Paragraph,
    Quotation,
    Table,
)

MARK = "\0"  # where the page number and page count go in the footer's words

CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @top-right { content: string(doc-title); font-size: 8pt; color: #505a5f; }
  @bottom-center { content: %(footer)s; font-size: 9pt; color: #0b0c0c; } }
@page :first { @top-right { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
  line-height: 1.4; color: #0b0c0c; }
.title-page { padding-top: 60mm; }
.title-page .title { string-set: doc-title content(); font-size: 26pt; font-weight: bold;
  margin: 0 0 8mm; line-height: 1.2; }
.title-page p { font-size: 13pt; margin: 0 0 3mm; }
h1 { break-before: page; font-size: 18pt; margin: 0 0 5mm; }
h2 { font-size: 13.5pt; margin: 7mm 0 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
tbody th { font-weight: normal; }
h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
p.lead { font-size: 12pt; }
p.note { font-size: 9pt; color: #505a5f; }
blockquote { margin: 2mm 0 3mm 6mm; padding-left: 4mm; border-left: 1.2mm solid #b1b4b6;
  font-style: italic; break-inside: avoid; }
table { width: 100%%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 1.5mm; }
th, td { border-bottom: 0.3mm solid #b1b4b6; padding: 1.2mm 1.5mm; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 0.6mm solid #0b0c0c; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc li { margin: 0 0 1.5mm; }
nav.toc li.level-2 { margin-left: 6mm; font-size: 9.5pt; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def footer_content(footer: str) -> str:
    """CSS ``content`` for the footer from words holding two marks (page, then pages)."""
    parts = footer.split(MARK)
    if len(parts) != 3:  # a translation that lost a mark: numbers only
        return 'counter(page) " / " counter(pages)'
    before, middle, after = parts
    return (
        f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) "
        f"{_css_string(after)}"
    )


def _contents(doc: Document) -> str:
    items = "".join(
        f'<li class="level-{h.level}"><a href="#{h.anchor}">{escape(h.text)}</a></li>'
        for h in doc.contents()
        if h.anchor != "contents"
    )
    return f'<nav class="toc"><ol>{items}</ol></nav>'


def _block(block: object, doc: Document) -> str:
    if isinstance(block, Heading):
        tag = f"h{min(block.level, 4)}"
        return f'<{tag} id="{block.anchor}">{escape(block.text)}</{tag}>'
    if isinstance(block, Paragraph):
        cls = f' class="{block.kind}"' if block.kind else ""
        return f"<p{cls}>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Quotation):
        return f'<blockquote dir="auto">{escape(block.text)}</blockquote>'
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>"
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in block.rows
        )
        return (
            "<table>"
            + (f"<caption>{escape(block.caption)}</caption>" if block.caption else "")
            + f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    if isinstance(block, Contents):
        return _contents(doc)
    raise TypeError(f"no layout for {type(block).__name__}")


def to_html(doc: Document, footer: str) -> str:
    """The report as one HTML page for WeasyPrint; ``footer`` holds :data:`MARK` twice."""
    title = "".join(f"<p>{escape(line)}</p>" for line in doc.title_lines)
    body = "".join(_block(b, doc) for b in doc.blocks)
    css = CSS % {"footer": footer_content(footer)}
    direction = "rtl" if doc.language in RTL_LOCALES else "ltr"
    return (
        f'<!doctype html><html lang="{escape(doc.language)}" dir="{direction}"><head>'
        '<meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{css}</style></head><body>"
        f'<section class="title-page"><p class="title">{escape(doc.title)}</p>{title}</section>'
        f"{body}</body></html>"
    )


def to_pdf(doc: Document, footer: str) -> bytes:
    """The PDF's bytes. WeasyPrint is imported here: the rest of the app never needs it."""
    from weasyprint import HTML

    # PDF/UA: tagged headings, tables and reading order, for screen readers (councils publish
    # to the public sector accessibility standard).
    return HTML(string=to_html(doc, footer)).write_pdf(pdf_variant="pdf/ua-1")
