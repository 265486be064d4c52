"""The findings export: every table the findings page shows, as rows, suppressed as shown.

Every figure is read from the findings view (``presenting.findings_view``), never from the
snapshot, so an export holds exactly what the page holds: a withheld count is withheld here
too, and a group the page refuses to show is refused here too (``views.export``). Where
counts add up to a total (breakdowns, closed questions, priorities) a withheld cell says
"fewer than 10, or to protect another cell", as the page does: a label saying which cells
are small would give them away (``suppression``).

XLSX: one sheet per table. CSV: one table, each row saying which table it comes from
(``section``), so a spreadsheet can filter it.

The name of the group a filtered export shows is translated, so the web app passes it in
(``survey.workspace.exporting.group_name``) and this module needs no Flask.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

Rows = tuple[list[Any], list[dict[str, Any]]]


def _labels(view: dict[str, Any]) -> tuple[str, str]:
    t = view["threshold"]
    return f"withheld (fewer than {t})", f"withheld (fewer than {t}, or to protect another cell)"


def _count(n: Any, label: str) -> Any:
    return label if n is None else n


def item_text(item: Mapping[str, Any]) -> str:
    """An item as an export writes it: its name, and its id where that differs."""
    name, ident = str(item["name"]), str(item["id"])
    return name if name == ident else f"{name} ({ident})"


def cell(framework: Mapping[str, Any]) -> str:
    return "; ".join(item_text(item) for item in framework["items"])


def framework_columns(view: dict[str, Any]) -> list[tuple[str, str]]:
    """One column per framework the findings map to, headed with the name from its file."""
    return [(f"fw:{fw['id']}", fw["name"]) for fw in view.get("frameworks", [])]


def _framework_cells(entry: dict[str, Any]) -> dict[str, str]:
    return {f"fw:{fw['id']}": cell(fw) for fw in entry.get("frameworks", [])}


def themes(view: dict[str, Any], group: str) -> Rows:
    """The themes table, filtered or not, exactly as the page shows it; ``group`` names the
    group it is filtered to ("Everyone" when it is not)."""
    columns = ["group", "based_on", "theme", "respondents", "share_percent", "sentiment"]
    short, line = _labels(view)
    # Filtered, a theme's count is a cell of its group's line: say no more than the page.
    label = line if view["filtered"] else short
    base = view["base"]
    rows = [
        {
            "group": group,
            "based_on": _count(base, short),
            "theme": theme["name"],
            "respondents": _count(theme["n"], label),
            "share_percent": theme["share"] if theme["share"] is not None else "",
            "sentiment": theme["sentiment_shown"] if theme["sentiment_shown"] is not None else "",
            **_framework_cells(theme),
        }
        for theme in view["themes"]
    ]
    return [*columns, *framework_columns(view)], rows


def subthemes(view: dict[str, Any]) -> Rows:
    short, _line = _labels(view)
    rows = [
        {"theme": theme["name"], "sub_theme": s["name"], "respondents": _count(s["n"], short)}
        for theme in view["themes"]
        for s in theme["subthemes"]
    ]
    return ["theme", "sub_theme", "respondents"], rows


def breakdown(view: dict[str, Any]) -> Rows:
    """Each breakdown table, a row per group and theme, with the group's size."""
    _short, line = _labels(view)
    rows = []
    for table in view.get("breakdown") or []:
        for theme, cells in table["rows"]:
            for value, label, size in table["columns"]:
                n, share = cells.get(value, (0, None))
                rows.append(
                    {
                        "question": table["text"],
                        "answer": label,
                        "based_on": _count(size, line),
                        "theme": theme["name"],
                        "respondents": _count(n, line),
                        "share_percent": share if share is not None else "",
                    }
                )
    columns = ["question", "answer", "based_on", "theme", "respondents", "share_percent"]
    return columns, rows


def closed(view: dict[str, Any]) -> Rows:
    """Each closed question's tallies, with the themes and frameworks it is mapped to."""
    _short, line = _labels(view)
    rows = []
    for c in view.get("closed", []):
        about = {
            "themes": "; ".join(t["name"] for t in c.get("themes", [])),
            **_framework_cells(c),
        }
        # The number who answered only where the page gives shares of it (presenting._closed).
        base = c["answered"] if any(x is not None for x in c["shares"].values()) else ""
        for value, n in c["shown"].items():
            share = c["shares"].get(value)
            rows.append(
                {
                    "question": c["text"],
                    "answer": c.get("labels", {}).get(value, value),
                    "based_on": base,
                    "respondents": _count(n, line),
                    "share_percent": share if share is not None else "",
                    **about,
                }
            )
    columns = ["question", "answer", "based_on", "respondents", "share_percent", "themes"]
    return [*columns, *framework_columns(view)], rows


def _ranked(text: str, order: str, items: list[dict[str, Any]], line: str) -> Iterator[dict]:
    for position, item in enumerate(items, start=1):
        yield {
            "question": text,
            "order": order,
            "position": position,
            "answer": item["label"],
            "points": _count(item["points"], line),
            "put_first": _count(item.get("first"), line) if "first" in item else "",
        }


def priorities(view: dict[str, Any]) -> Rows:
    """Every priorities table: unweighted, weighted by forum size, and each group apart, with
    the page's labels (the groups shown apart add up to the overall figures: a line)."""
    short, line = _labels(view)
    rows: list[dict[str, Any]] = []
    for r in view.get("rankings", []):
        rows += _ranked(r["text"], "unweighted", r["items"], short)
        weighted = [{k: v for k, v in i.items() if k != "first"} for i in r["weighted"]]
        rows += _ranked(r["text"], "weighted", weighted, short)
        for group in r["separately"]:
            rows += _ranked(r["text"], f"shown separately: {group['label']}", group["items"], line)
    return ["question", "order", "position", "answer", "points", "put_first"], rows


def emerging(view: dict[str, Any]) -> Rows:
    short, _line = _labels(view)
    rows = [
        {
            "theme": e["label"],
            "respondents": _count(e["n"], short),
            "key_phrases": "; ".join(e["key_phrases"]),
        }
        for e in view.get("emerging", [])
    ]
    return ["theme", "respondents", "key_phrases"], rows


SECTIONS = {
    "findings": ("theme", themes),
    "sub-themes": ("sub-theme", subthemes),
    "breakdowns": ("breakdown", breakdown),
    "closed questions": ("closed question", closed),
    "priorities": ("priority", priorities),
    "emerging themes": ("emerging theme", emerging),
}


def sheets(view: dict[str, Any], group: str) -> dict[str, Rows]:
    """The findings tables by sheet name; the themes' always, the others when they have rows."""
    out = {
        name: themes(view, group) if build is themes else build(view)
        for name, (_section, build) in SECTIONS.items()
    }
    return {name: rows for name, rows in out.items() if name == "findings" or rows[1]}


def combined(view: dict[str, Any], group: str) -> Rows:
    """Every table in one, for CSV: the columns of all, and ``section`` to tell them apart."""
    columns: list[Any] = ["section"]
    rows: list[dict[str, Any]] = []
    for name, (cols, part) in sheets(view, group).items():
        columns += [c for c in cols if c not in columns]
        rows += [{"section": SECTIONS[name][0], **row} for row in part]
    return columns, rows
