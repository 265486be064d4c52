"""The report's appendices: every table behind the findings, and the document as a whole.

Emerging themes are printed only when they read as a candidate theme: a phrase of more than
one word with a word that carries meaning, about enough people to show. A lone word ("dog")
or a non-answer ("nothing") is left to the analyst's screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from analysis.language import EN
from survey.workspace.report_content import (
    ReportInputs,
    method,
    number,
    shown_themes,
    summary,
    title_page,
    withheld_line,
)
from survey.workspace.report_findings import (
    COLUMNS_PER_TABLE,
    actions,
    by_framework,
    by_theme,
    change,
    closed_evidence,
    closed_rows,
    count_text,
    pct,
    priorities,
    shown_or_line,
)
from survey.workspace.report_model import Bullets, Document, Paragraph, Table
from survey.workspace.setup import sentiment_words


def _breakdown_tables(table: Mapping[str, Any], t: int) -> list[Table | Paragraph]:
    columns = [(v, label, size) for v, label, size in table["columns"] if size]
    hidden = sum(1 for _v, _l, size in table["columns"] if size is None)
    out: list[Table | Paragraph] = []
    for start in range(0, len(columns), COLUMNS_PER_TABLE):
        part = columns[start : start + COLUMNS_PER_TABLE]
        rows = [(_("People in the group"), *(number(size) for _v, _l, size in part))]
        for theme, cells in table["rows"]:
            values = [cells.get(v, (0, None)) for v, _l, _s in part]
            if all(n is None for n, _share in values):
                continue
            rows.append(
                (
                    theme["name"],
                    *(
                        count_text(n) + (f" ({number(s)}%)" if s is not None else "")
                        for n, s in values
                    ),
                )
            )
        out.append(
            Table(table["text"], (_("Theme"), *(label for _v, label, _s in part)), tuple(rows))
        )
    line = withheld_line(hidden, t, _("groups"))
    return [*out, line] if line else out


def worth_printing(label: str) -> bool:
    """An emerging theme's label reads as a theme: more than one word, one of them meaningful."""
    words = [w.strip(".,'’").lower() for w in label.split()]
    return len(words) > 1 and any(len(w) > 3 and w not in EN for w in words)


def appendices(doc: Document, inputs: ReportInputs) -> None:
    view, t = inputs.main.view, inputs.main.view["threshold"]
    doc.heading(1, _("Appendix A: themes"))
    themes = shown_themes(view)
    doc.add(
        Table(
            _("Every theme shown, with how many wrote about it"),
            (_("Theme"), _("People"), _("Share"), _("Feeling")),
            tuple(
                (x["name"], number(x["n"]), pct(x["share"]), sentiment_words(x["sentiment_shown"]))
                for x in themes
            ),
        )
    )
    doc.add(*filter(None, [withheld_line(len(view["themes"]) - len(themes), t, _("themes"))]))
    if view["closed"]:
        doc.heading(1, _("Appendix B: closed questions"))
        for c in view["closed"]:
            rows, hidden = closed_rows(c)
            if not rows:
                doc.add(Paragraph(c["text"]))
            else:
                table = tuple((label, number(n), pct(share)) for label, n, share in rows)
                doc.add(
                    Table(
                        c["text"],
                        (_("Answer"), _("People"), _("Share of those who answered")),
                        table,
                    )
                )
            doc.add(*filter(None, [withheld_line(hidden, t, _("answers"))]))
    if view["breakdown"]:
        doc.heading(1, _("Appendix C: breakdowns by group"))
        doc.add(
            Paragraph(
                _(
                    "How many in each group wrote about each theme, with the share of the group in"
                    " brackets. A dash: fewer than %(t)s, not shown.",
                    t=t,
                ),
                "note",
            )
        )
        for table in view["breakdown"]:
            doc.add(*_breakdown_tables(table, t))
    change_appendix(doc, inputs)
    emerging = [
        e for e in view.get("emerging", []) if e["n"] is not None and worth_printing(e["label"])
    ]
    if emerging:
        doc.heading(1, _("Appendix E: emerging themes"))
        doc.add(
            Paragraph(
                _(
                    "Answers that fitted no theme in the codebook, grouped by a phrase they share,"
                    " for the council to name."
                )
            )
        )
        doc.add(
            Bullets(
                tuple(
                    _("%(label)s: %(n)s people", label=e["label"], n=number(e["n"]))
                    for e in emerging
                )
            )
        )


def change_appendix(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    ch = view["change"]
    if not ch or ch["withheld"] or not ch["closed"]:
        return
    doc.heading(1, _("Appendix D: closed answers by period"))
    for c in ch["closed"]:
        doc.add(*shown_or_line(c["text"], ch, c["rows"], view["threshold"]))


def build(inputs: ReportInputs) -> Document:
    """The whole report, in the order a council's cabinet paper reads."""
    doc = title_page(inputs)
    summary(doc, inputs)
    method(doc, inputs)
    by_theme(doc, inputs)
    by_framework(doc, inputs)
    closed_evidence(doc, inputs)
    priorities(doc, inputs)
    change(doc, inputs)
    actions(doc, inputs)
    appendices(doc, inputs)
    return doc
