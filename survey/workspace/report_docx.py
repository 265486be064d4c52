"""The report as an editable Word file (python-docx), from the same blocks as the PDF.

Headings use Word's own Heading 1 and Heading 2 styles, so the navigation pane, the
contents field and a council's house template all work on it. The contents is a real TOC
field whose stored text lists the headings, and the file asks Word to refresh its fields on
opening, which adds the page numbers. The footer's page number and count are PAGE and
NUMPAGES fields.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from survey.workspace.report_model import (
    Bullets,
    Contents,
    Document,
    Heading,
    Paragraph,
    Quotation,
    Table,
)
from survey.workspace.report_pdf import MARK


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def _instruction(run, text: str) -> None:
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run._r.append(element)


def _simple_field(paragraph, instruction: str, shown: str) -> None:
    run = paragraph.add_run()
    _field_char(run, "begin")
    _instruction(run, f" {instruction} ")
    _field_char(run, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")


def _footer(word, footer: str) -> None:
    parts = footer.split(MARK)
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1  # centred
    if len(parts) != 3:  # a translation that lost a mark: numbers only
        parts = ["", " / ", ""]
    before, middle, after = parts
    paragraph.add_run(before)
    _simple_field(paragraph, "PAGE", "1")
    paragraph.add_run(middle)
    _simple_field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(after)


def _contents(word, doc: Document) -> None:
    """A TOC field spanning one paragraph per heading, as Word itself writes one."""
    entries = [h for h in doc.contents() if h.anchor != "contents"] or [Heading(1, "")]
    for n, heading in enumerate(entries):
        paragraph = word.add_paragraph(style="Normal")
        if heading.level > 1:
            paragraph.paragraph_format.left_indent = Pt(14)
        if n == 0:
            run = paragraph.add_run()
            _field_char(run, "begin")
            _instruction(run, ' TOC \\o "1-2" \\h \\z \\u ')
            _field_char(run, "separate")
        paragraph.add_run(heading.text)
        if n == len(entries) - 1:
            _field_char(paragraph.add_run(), "end")
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _table(word, block: Table) -> None:
    if block.caption:
        caption = word.add_paragraph(style="Caption")
        caption.add_run(block.caption).bold = True
        caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def to_docx(doc: Document, footer: str) -> bytes:
    """The Word file's bytes; ``footer`` holds :data:`MARK` twice (page, then pages)."""
    word = WordDocument()
    word.core_properties.title = doc.title
    word.core_properties.language = doc.language
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    word.add_paragraph(doc.title, style="Title")
    for line in doc.title_lines:
        word.add_paragraph(line, style="Subtitle" if line is doc.title_lines[0] else "Normal")
    _footer(word, footer)
    first_chapter = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            paragraph = word.add_heading(block.text, level=min(block.level, 4))
            if block.level == 1:
                if first_chapter:  # the title page ends here
                    paragraph.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)
                else:
                    paragraph.paragraph_format.page_break_before = True
                first_chapter = False
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            if block.kind == "note":
                for run in paragraph.runs:
                    run.font.size = Pt(9)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Quotation):
            word.add_paragraph(block.text, style="Quote")
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Contents):
            _contents(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
