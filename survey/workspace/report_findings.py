"""The report's findings chapters: theme by theme, by outcome framework, closed questions,
priorities, change and "You said, we did".

Frameworks are read from the themes themselves (each theme's ``frameworks``: the configured
frameworks, each with its name from the council's file and the items the theme maps to), so a
council's own framework, and levels of need, appear without a change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from survey.workspace.report_content import (
    ReportInputs,
    number,
    shown_themes,
    significant_rows,
    withheld_line,
)
from survey.workspace.report_model import Bullets, Document, Paragraph, Quotation, Table
from survey.workspace.setup import sentiment_words

COLUMNS_PER_TABLE = 5
DASH = "–"


def _item_id(item: Any) -> str:
    """An article's or outcome's id, whether the view gives ``{"id", "name"}`` or a bare id."""
    return str(item["id"]) if isinstance(item, Mapping) else str(item)


def _item_label(item: Any) -> str:
    """ "28. Right to education" for a numbered article, else the outcome's name."""
    ident = _item_id(item)
    name = str(item.get("name") or ident) if isinstance(item, Mapping) else ident
    return f"{ident}. {name}" if ident.isdigit() and ident != name else name


def framework_groups(owner: Mapping[str, Any]) -> list[tuple[str, str, list[Any]]]:
    """(id, name, items) for each framework a theme or question maps to, in the view's order."""
    return [
        (str(fw["id"]), str(fw.get("name") or fw["id"]), list(fw.get("items") or []))
        for fw in owner.get("frameworks") or []
    ]


def pct(value: float | None) -> str:
    return DASH if value is None else f"{number(value)}%"


def count_text(value: int | None) -> str:
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
            f"{name}: {', '.join(_item_label(i) for i in items)}"
            for _id, name, items in framework_groups(theme)
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
    names: dict[str, str] = {}
    for theme in themes:
        for fw, name, items in framework_groups(theme):
            names[fw] = name
            for item in items:
                entry = frameworks.setdefault(fw, {}).setdefault(_item_id(item), (item, []))
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
        doc.heading(2, names[fw])
        doc.add(
            Table(
                "",  # the heading above names the framework
                (_("Article or outcome"), _("Themes (share of people)")),
                tuple((_item_label(item), "; ".join(names)) for item, names in items.values()),
            )
        )


def closed_rows(c: Mapping[str, Any]) -> tuple[list[tuple[str, int, float | None]], int]:
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
        rows, _hidden = closed_rows(c)
        if rows:
            label, n, share = max(rows, key=lambda r: r[1])
            lines.append(
                _(
                    "%(question)s Most often: %(answer)s (%(n)s, %(share)s).",
                    question=c["text"],
                    answer=label,
                    n=number(n),
                    share=pct(share),
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
                    (str(n), i["label"], count_text(i["points"]))
                    for n, i in enumerate(r["items"], 1)
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
                            count_text(i["points"]),
                            str(r["positions"].get(i["value"], "")),
                        )
                        for n, i in enumerate(r["weighted"], 1)
                    ),
                ),
            )


def _change_table(caption: str, ch: Mapping[str, Any], rows: list[dict[str, Any]]) -> Table:
    header = (_("Answer or theme"), ch["before"]["name"], ch["after"]["name"], _("Significant?"))
    return Table(
        caption,
        header,
        tuple(
            (
                r["label"],
                pct(r["before"]),
                pct(r["after"]),
                _("Yes") if r["significant"] else _("No"),
            )
            for r in rows
        ),
    )


def shown_or_line(caption: str, ch: Mapping[str, Any], rows: list[dict], t: int) -> list[Any]:
    """A change table of the rows that can be shown, and a line for the rest."""
    shown = [r for r in rows if not r["withheld"]]
    out: list[Any] = [_change_table(caption, ch, shown)] if shown else []
    if not shown and rows:
        out.append(Paragraph(caption))
    line = withheld_line(len(rows) - len(shown), t, _("rows"))
    return [*out, line] if line else out


def change(doc: Document, inputs: ReportInputs) -> None:
    """The change since the previous period: every theme, and the closed answers whose change
    is significant (every closed answer is in an appendix)."""
    view = inputs.main.view
    ch = view["change"]
    if not ch:
        return
    doc.heading(1, _("Change since %(period)s", period=ch["before"]["name"]))
    doc.add(
        Paragraph(
            _(
                "Each pair of shares is compared with a two-proportion z-test at the %(level)s "
                "level: a change is called significant when chance alone would give one that "
                "large less than 1 time in 20.",
                level="95%",
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
    doc.add(*shown_or_line(_("Themes"), ch, ch["themes"], view["threshold"]))
    closed = [r for r in significant_rows(ch) if r not in ch["themes"]]
    if closed:
        doc.add(_change_table(_("Closed answers that changed significantly"), ch, closed))
    else:
        doc.add(Paragraph(_("No answer to a closed question changed significantly.")))


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
