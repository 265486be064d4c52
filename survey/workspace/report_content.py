"""What the printed report says: title page, summary, method and limits, then the findings.

Fed only by :func:`survey.workspace.presenting.findings_view`, the same view the findings page
and the HTML report read, so every number here has already been through small-number
suppression. What the view withholds is left out, not printed as a row of "withheld": each
table or list says in one line how many of its entries were too small to show, without naming
a group (a group's name can be a respondent's own words). The chapters after the method are in
``report_findings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from survey.dates import when
from survey.workspace.report_model import Bullets, Contents, Document, Heading, Paragraph

CHILD_AUDIENCES = ("child", "young_person")
TOP = 5


@dataclass(frozen=True)
class Source:
    """One questionnaire's findings as the report reads them."""

    title: str
    audience: str
    view: Mapping[str, Any]


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report is made from; the caller chooses which snapshots a reader sees."""

    main: Source
    made: dt.datetime
    analysed: dt.datetime | None
    council: str = ""
    periods: Sequence[tuple[str, dt.date, dt.date]] = ()
    received: tuple[dt.date, dt.date] | None = None
    quotes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    actions: Sequence[tuple[str, str]] = ()
    others: Sequence[Source] = ()
    audience_names: Mapping[str, Any] = field(default_factory=dict)

    def audience(self, source: Source, within: bool = False) -> str:
        """The audience's name; ``within`` a sentence, in lower case ("200 children")."""
        name = str(self.audience_names.get(source.audience, source.audience.replace("_", " ")))
        return name.lower() if within else name


def number(value: float | int) -> str:
    return format_decimal(value)


def shown_themes(view: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The themes whose count the view shows, largest first (the view's own order)."""
    return [t for t in view["themes"] if t["n"] is not None and t["share"] is not None]


def theme_share(theme: Mapping[str, Any], base: int) -> str:
    return _(
        "%(theme)s: %(share)s%% (%(n)s of %(base)s)",
        theme=theme["name"],
        share=number(theme["share"]),
        n=number(theme["n"]),
        base=number(base),
    )


def withheld_line(count: int, t: int, what: str) -> Paragraph | None:
    """One line for everything a list leaves out as too small, or nothing."""
    if not count:
        return None
    return Paragraph(
        ngettext(
            "%(num)s of the %(what)s is not shown, to protect small groups (fewer than %(t)s "
            "people).",
            "%(num)s of the %(what)s are not shown, to protect small groups (fewer than %(t)s "
            "people).",
            count,
            what=what,
            t=t,
        ),
        "note",
    )


def fieldwork_text(inputs: ReportInputs) -> str:
    if inputs.periods:
        return "; ".join(
            _(
                "%(name)s, %(starts)s to %(ends)s",
                name=name,
                starts=when(starts, "date"),
                ends=when(ends, "date"),
            )
            for name, starts, ends in inputs.periods
        )
    if inputs.received:
        first, last = inputs.received
        return _(
            "Responses received from %(first)s to %(last)s",
            first=when(first, "date"),
            last=when(last, "date"),
        )
    return _("No responses received yet")


def title_page(inputs: ReportInputs) -> Document:
    lines = [_("What %(audience)s told us", audience=inputs.audience(inputs.main, within=True))]
    if inputs.council:
        lines.append(inputs.council)
    lines.append(_("Report made %(date)s", date=when(inputs.made, "date")))
    lines.append(_("Fieldwork: %(dates)s", dates=fieldwork_text(inputs)))
    if inputs.analysed:
        lines.append(_("Analysis run %(when)s", when=when(inputs.analysed, "long")))
    doc = Document(title=str(inputs.main.title), title_lines=lines)
    doc.add(Heading(1, _("Contents"), "contents"), Contents())
    return doc


def _top_themes(source: Source, limit: int = TOP) -> list[str]:
    base = source.view["base"]
    return [theme_share(t, base) for t in shown_themes(source.view)[:limit]] if base else []


def _children(doc: Document, inputs: ReportInputs) -> None:
    """What children and young people asked for most: for each of their questionnaires, the
    three themes they wrote about most, and the themes most of their answers were negative
    about (where they most want things to be better)."""
    sources = [s for s in [inputs.main, *inputs.others] if s.audience in CHILD_AUDIENCES]
    if not sources:
        return
    doc.heading(2, _("What children and young people asked for most"))
    for source in sources:
        lines = []
        top = _top_themes(source, 3)
        if top:
            lines.append(_("Most often about %(themes)s.", themes="; ".join(top)))
        for x in source.view.get("do_better", []):
            lines.append(
                _(
                    "Mostly negative about %(theme)s (%(share)s of %(n)s answers): where they "
                    "most want things to be better.",
                    theme=x["name"],
                    share=x["lean_share"],
                    n=x["scored"],
                )
            )
        doc.heading(3, _source_label(inputs, source))
        doc.add(Bullets(tuple(lines)) if lines else Paragraph(_("Too few answers to say.")))


def _source_label(inputs: ReportInputs, source: Source) -> str:
    return _("%(audience)s (%(title)s)", audience=inputs.audience(source), title=source.title)


def _order(items: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(f"{n}. {item['label']}" for n, item in enumerate(items[:TOP], start=1))


def _priorities(view: Mapping[str, Any]) -> list[str]:
    lines = []
    for r in view.get("rankings", []):
        lines.append(
            _(
                "%(question)s Every answer counted once: %(order)s.",
                question=r["text"],
                order=_order(r["items"]),
            )
        )
        if r.get("weighted"):
            lines.append(
                _(
                    "Forums counted for the families they speak for: %(order)s.",
                    order=_order(r["weighted"]),
                )
            )
    return lines


def change_lines(view: Mapping[str, Any]) -> list[str]:
    """The change since the previous fieldwork period, in words: significant changes only."""
    ch = view.get("change")
    if not ch:
        return [_("There is no earlier fieldwork period to compare with.")]
    if ch["withheld"]:
        return [
            _(
                "The change since %(period)s is not shown: a period has fewer than %(t)s "
                "respondents.",
                period=ch["before"]["name"],
                t=view["threshold"],
            )
        ]
    lines = []
    for row in significant_rows(ch):
        lines.append(
            _(
                "%(label)s: %(before)s%% in %(earlier)s, %(after)s%% in %(later)s.",
                label=row["label"],
                before=number(row["before"]),
                after=number(row["after"]),
                earlier=ch["before"]["name"],
                later=ch["after"]["name"],
            )
            + " "
            + (
                _("A real rise, not chance.")
                if row["change"] > 0
                else _("A real fall, not chance.")
            )
        )
    return lines or [
        _(
            "Nothing changed between %(earlier)s and %(later)s by more than chance could explain.",
            earlier=ch["before"]["name"],
            later=ch["after"]["name"],
        )
    ]


def significant_rows(ch: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Themes and closed answers whose change is significant; an answer is labelled with its
    question ("Do you get a break from caring? Yes"), as it is read on its own."""
    rows = [r for r in ch["themes"] if not r["withheld"] and r.get("significant")]
    for c in ch["closed"]:
        rows += [
            {**r, "label": f"{c['text']} {r['label']}"}
            for r in c["rows"]
            if not r["withheld"] and r.get("significant")
        ]
    return rows


def summary(doc: Document, inputs: ReportInputs) -> None:
    view, main = inputs.main.view, inputs.main
    doc.heading(1, _("Summary"))
    if view["respondents"] is None:
        doc.add(
            Paragraph(
                _(
                    "Fewer than %(t)s people answered, so no figures can be given without "
                    "risking someone being identified.",
                    t=view["threshold"],
                ),
                "lead",
            )
        )
    else:
        doc.add(
            Paragraph(
                _(
                    "%(n)s %(audience)s answered %(title)s (%(dates)s). This is what they said "
                    "most often, what they asked for, and what has changed.",
                    n=number(view["respondents"]),
                    audience=inputs.audience(main, within=True),
                    title=main.title,
                    dates=fieldwork_text(inputs),
                ),
                "lead",
            )
        )
    doc.heading(2, _("What people said most often"))
    doc.add(Paragraph(_("The share is of everyone who answered each questionnaire.")))
    for source in [main, *inputs.others]:
        top = _top_themes(source)
        doc.heading(3, _source_label(inputs, source))
        doc.add(Bullets(tuple(top)) if top else Paragraph(_("Too few answers to show.")))
    _children(doc, inputs)
    priorities = _priorities(view)
    if priorities:
        doc.heading(2, _("Parent carer forum priorities"))
        doc.add(Bullets(tuple(priorities)))
    doc.heading(2, _("What has changed since the last fieldwork period"))
    doc.add(Bullets(tuple(change_lines(view))))
    if inputs.actions:
        doc.add(
            Paragraph(
                ngettext(
                    "%(num)s action taken in response is set out under “You said, we did”.",
                    "%(num)s actions taken in response are set out under “You said, we did”.",
                    len(inputs.actions),
                )
            )
        )


def method(doc: Document, inputs: ReportInputs) -> None:
    view = inputs.main.view
    t = view["threshold"]
    doc.heading(1, _("Method and limits"))
    doc.heading(2, _("Who answered, and when"))
    doc.add(Paragraph(_("Fieldwork: %(dates)s.", dates=fieldwork_text(inputs))))
    rows = []
    for source in [inputs.main, *inputs.others]:
        n = source.view["respondents"]
        shown = number(n) if n is not None else _("fewer than %(t)s", t=t)
        rows.append(
            _(
                "%(audience)s, %(title)s: %(n)s responses",
                audience=inputs.audience(source),
                title=source.title,
                n=shown,
            )
        )
    doc.add(Bullets(tuple(rows)))
    doc.heading(2, _("How themes were found"))
    doc.add(
        Paragraph(
            _(
                "Every written answer was read by the toolkit's analysis, which gives each answer "
                "the themes of a shared codebook from the words it uses, and scores how positive "
                "or negative it is. Analysts checked the themes and corrected them where they were "
                "wrong; the analysis learns from every correction. Each theme is linked to the "
                "articles of the UN Convention on the Rights of the Child and the outcome "
                "frameworks it bears on. Quotes were chosen as typical of their theme, had names "
                "and details removed, and were approved by an analyst before being printed."
            )
        ),
        Paragraph(
            _(
                "Closed questions are counted as given. Shares are of everyone who answered the "
                "questionnaire (themes) or of those who answered the question (closed questions)."
            )
        ),
    )
    doc.heading(2, _("Keeping people from being identified"))
    doc.add(
        Paragraph(
            _(
                "No figure based on fewer than %(t)s people is given, and neither is any figure "
                "from which such a number could be worked out. Where a table leaves something out "
                "for this reason, a line under it says how many entries were left out.",
                t=t,
            )
        )
    )
    withheld = view.get("withheld") or 0
    doc.add(
        Paragraph(
            _(
                "Answers flagged for safeguarding are passed to the council's safeguarding lead "
                "and are withheld from the analysis: they are not themed, counted or quoted."
            )
            + (
                " "
                + ngettext(
                    "%(num)s answer was withheld for this reason.",
                    "%(num)s answers were withheld for this reason.",
                    withheld,
                )
                if withheld
                else ""
            )
        )
    )
    if view.get("reduced"):
        doc.add(
            Paragraph(
                _(
                    "Parts of the language analysis ran in a reduced form on this server; the "
                    "findings page lists which. Themes may be a little less complete."
                ),
                "note",
            )
        )
    doc.add(
        Paragraph(
            _(
                "Those who answered chose to: they may not speak for everyone. A theme's share "
                "counts who wrote about it, not how strongly they felt."
            )
        )
    )
