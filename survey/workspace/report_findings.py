"""The report's findings chapters and appendices, and :func:`build`, the whole document.

Frameworks are read from the themes themselves (each theme's ``frameworks`` mapping), so a
council's own framework appears without a change here. Emerging themes are printed only when
they read as a candidate theme: a phrase of more than one word with a word that carries
meaning, about enough people to show. A lone word ("dog") or a non-answer ("nothing") is
left to the analyst's screen.
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
from survey.workspace.report_model import Bullets, Document, Paragraph, Quotation, Table
from survey.workspace.setup import sentiment_words

COLUMNS_PER_TABLE = 5
DASH = "–"


def _item_label(item: Mapping[str, Any]) -> str:
    ident, name = str(item["id"]), str(item["name"])
    return f"{ident}. {name}" if ident.isdigit() and ident != name else name


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{number(value)}%"


def _count(value: int | None) -> str:
    return DASH if value is None else number(value)


def _theme_facts(theme: Mapping[str, Any]) -> str:
    return _(
        "%(n)s people (%(share)s%%) wrote about this. Feeling: %(feeling)s.",
        n=number(theme["n"]),
        share=number(theme["share"]),
        feeling=sentiment_words(theme["sentiment_shown"]).lower(),
    )


def by_theme(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    themes = shown_themes(view)
    doc.heading(1, _("Findings, theme by theme"))
    if not themes:
        doc.add(Paragraph(_("Too few people answered for any theme to be shown.")))
    for theme in themes:
        doc.heading(2, theme["name"])
        doc.add(Paragraph(_theme_facts(theme)))
        if theme.get("description"):
            doc.add(Paragraph(theme["description"], "note"))
        links = [
            f"{inputs.framework_names.get(fw, fw)}: {', '.join(_item_label(i) for i in items)}"
            for fw, items in theme.get("frameworks", {}).items()
            if items
        ]
        if links:
            doc.add(Paragraph(_("Bears on: %(links)s.", links="; ".join(links)), "note"))
        doc.add(*(Quotation(text) for text in inputs.quotes.get(theme["id"], [])))
    doc.add(
        *filter(
            None, [withheld_line(len(view["themes"]) - len(themes), view["threshold"], _("themes"))]
        )
    )


def by_framework(doc: Document, inputs: ReportInputs) -> None:
    """For each framework the themes link to, each of its articles or outcomes and the
    themes that bear on it, with their shares."""
    themes = shown_themes(inputs.main.view)
    frameworks: dict[str, dict[str, tuple[Mapping[str, Any], list[str]]]] = {}
    for theme in themes:
        for fw, items in theme.get("frameworks", {}).items():
            for item in items:
                entry = frameworks.setdefault(fw, {}).setdefault(str(item["id"]), (item, []))
                entry[1].append(f"{theme['name']} ({number(theme['share'])}%)")
    doc.heading(1, _("Findings by outcome framework"))
    if not frameworks:
        doc.add(Paragraph(_("No theme shown here is linked to a framework.")))
        return
    doc.add(
        Paragraph(
            _(
                "Each article or outcome, with the themes that bear on it and the share of people "
                "who wrote about each."
            )
        )
    )
    for fw, items in frameworks.items():
        doc.heading(2, str(inputs.framework_names.get(fw, fw)))
        doc.add(
            Table(
                "",  # the heading above names the framework
                (_("Article or outcome"), _("Themes (share of people)")),
                tuple((_item_label(item), "; ".join(names)) for item, names in items.values()),
            )
        )


def _closed_rows(c: Mapping[str, Any]) -> tuple[list[tuple[str, int, float | None]], int]:
    """A closed question's answers that are shown (label, people, share), and how many not."""
    order = c.get("order") or list(c["shown"])
    rows, hidden = [], 0
    for value in order:
        n = c["shown"].get(value)
        if n is None:
            hidden += 1
        elif n:
            rows.append((str(c["labels"].get(value, value)), n, c["shares"].get(value)))
    return rows, hidden


def closed_evidence(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    if not view["closed"]:
        return
    doc.heading(1, _("Closed-question evidence"))
    doc.add(
        Paragraph(
            _(
                "The most common answer to each question with a fixed set of answers; every answer"
                " is in the appendix."
            )
        )
    )
    lines = []
    for c in view["closed"]:
        rows, _hidden = _closed_rows(c)
        if rows:
            label, n, share = max(rows, key=lambda r: r[1])
            lines.append(
                _(
                    "%(question)s Most often: %(answer)s (%(n)s, %(share)s).",
                    question=c["text"],
                    answer=label,
                    n=number(n),
                    share=_pct(share),
                )
            )
    doc.add(Bullets(tuple(lines)) if lines else Paragraph(_("Too few answers to show.")))


def priorities(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    if not view["rankings"]:
        return
    doc.heading(1, _("Priorities"))
    doc.add(
        Paragraph(
            _(
                "Ordered by Borda count: an item ranked first of n gets n points, second n − 1, "
                "and so on."
            )
        )
    )
    for r in view["rankings"]:
        doc.heading(2, r["text"])
        doc.add(
            Table(
                _("Every answer counts once"),
                (_("Position"), _("Priority"), _("Points")),
                tuple(
                    (str(n), i["label"], _count(i["points"])) for n, i in enumerate(r["items"], 1)
                ),
            )
        )
        if r.get("weighted"):
            cap = (view.get("weighting") or {}).get("cap")
            doc.add(
                Paragraph(
                    _(
                        "A forum on the council's list counts as the families it was verified to "
                        "speak for; another forum as the number it gave, at most %(cap)s.",
                        cap=cap,
                    )
                    if cap
                    else _("Forums count as the number of families they said they speak for."),
                    "note",
                ),
                Table(
                    _("Forums weighted by the families they speak for"),
                    (_("Position"), _("Priority"), _("Weighted points"), _("Position unweighted")),
                    tuple(
                        (
                            str(n),
                            i["label"],
                            _count(i["points"]),
                            str(r["positions"].get(i["value"], "")),
                        )
                        for n, i in enumerate(r["weighted"], 1)
                    ),
                ),
            )


def change(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    ch = view["change"]
    if not ch:
        return
    doc.heading(1, _("Change since %(period)s", period=ch["before"]["name"]))
    doc.add(
        Paragraph(
            _(
                "Each pair of shares is compared with a two-proportion z-test at the 95%% level: a"
                " change is called significant when chance alone would give one that large less "
                "than 1 time in 20."
            )
        )
    )
    if ch["withheld"]:
        doc.add(
            Paragraph(
                _(
                    "Not shown: one of the periods has fewer than %(t)s respondents.",
                    t=view["threshold"],
                )
            )
        )
        return
    tables = [(_("Themes"), ch["themes"])] + [(c["text"], c["rows"]) for c in ch["closed"]]
    for caption, rows in tables:
        shown = [r for r in rows if not r["withheld"]]
        if shown:
            header = (
                _("Answer or theme"),
                ch["before"]["name"],
                ch["after"]["name"],
                _("Significant?"),
            )
            doc.add(
                Table(
                    caption,
                    header,
                    tuple(
                        (
                            r["label"],
                            _pct(r["before"]),
                            _pct(r["after"]),
                            _("Yes") if r["significant"] else _("No"),
                        )
                        for r in shown
                    ),
                )
            )
        doc.add(
            *filter(None, [withheld_line(len(rows) - len(shown), view["threshold"], _("rows"))])
        )


def actions(doc: Document, inputs: ReportInputs) -> None:
    doc.heading(1, _("You said, we did"))
    if not inputs.actions:
        doc.add(Paragraph(_("No action has been published yet.")))
        return
    doc.add(
        Bullets(
            tuple(_("You said: %(said)s We did: %(did)s", said=s, did=d) for s, d in inputs.actions)
        )
    )


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
                    *(_count(n) + (f" ({number(s)}%)" if s is not None else "") for n, s in values),
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
                (x["name"], number(x["n"]), _pct(x["share"]), sentiment_words(x["sentiment_shown"]))
                for x in themes
            ),
        )
    )
    doc.add(*filter(None, [withheld_line(len(view["themes"]) - len(themes), t, _("themes"))]))
    if view["closed"]:
        doc.heading(1, _("Appendix B: closed questions"))
        for c in view["closed"]:
            rows, hidden = _closed_rows(c)
            if rows:
                table = tuple((label, number(n), _pct(share)) for label, n, share in rows)
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
    emerging = [
        e for e in view.get("emerging", []) if e["n"] is not None and worth_printing(e["label"])
    ]
    if emerging:
        doc.heading(1, _("Appendix D: emerging themes"))
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
