"""Accessible charts without JavaScript: inline SVG bars and the same data as a table.

WCAG 2.2 AA, and the Content-Security-Policy, shape every choice here:

* the SVG has ``role="img"`` and is labelled by its ``<title>`` and a
  ``<desc>`` that states every value, so a screen reader hears the data;
* each value is also written as text at the end of its bar, so nothing is
  told by colour or length alone;
* colours: text #0b0c0c on white (19:1, needs 4.5:1), bars #1d70b8 on white
  (5.2:1, needs 3:1 for graphics);
* a withheld value (suppressed small number) has no bar, and says so in words;
* sizes are in viewBox units, so the chart scales with its container;
* no ``style=`` attributes and no ``<style>`` (the CSP forbids inline
  styles): presentation attributes inside the SVG, CSS classes outside it;
* every label is escaped: labels are typed by authors, and themes and
  options can hold anything, ``<script>`` included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from analysis.reporting.suppression import THRESHOLD

TEXT = "#0b0c0c"
BAR = "#1d70b8"
TRACK = "#f3f2f1"  # decoration only: the light background of each bar's lane
BACKGROUND = "#ffffff"
FONT = "Arial, Helvetica, sans-serif"

WIDTH = 640
PAD = 12
LABEL_H = 22
BAR_H = 24
GAP = 14
TITLE_H = 34
VALUE_W = 70  # room after the longest bar for its value (more when the values are long)
VALUE_CHAR_W = 9  # about one bold 15-unit character, to fit "12,345 points" after its bar


def withheld_text(t: int = THRESHOLD) -> str:
    return f"withheld (fewer than {t})"


def format_value(
    value: float | None,
    unit: str = "%",
    t: int = THRESHOLD,
    number: Callable[[float], str] | None = None,
) -> str:
    """A value as words: whole percentages, counts as given (through ``number``, the page's
    number format, when given), or withheld."""
    if value is None:
        return withheld_text(t)
    if unit == "%":
        return f"{round(value):d}%"
    if number is not None:
        written = number(value)
    else:
        written = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{written} {unit}".strip()


def _chart_id(title: str, items: Sequence) -> str:
    """An id unique to this chart, stable between renders (several charts share a page)."""
    digest = hashlib.sha256(repr((title, list(items))).encode()).hexdigest()[:10]
    return f"chart-{digest}"


def bar_chart_svg(
    title: str,
    items: Sequence[tuple[str, float | None]],
    unit: str = "%",
    *,
    t: int = THRESHOLD,
    scale_max: float | None = None,
    withheld_label: str | None = None,
    no_data_label: str = "No data.",
    number: Callable[[float], str] | None = None,
) -> str:
    """A horizontal bar chart as an SVG string, safe to put in a page as it is.

    Each item is a label on its own line with its bar below, so long labels
    never collide with bars on a narrow phone. Percentages are drawn against
    100; other units against the largest value (or ``scale_max``).
    ``withheld_label``/``no_data_label`` take translated wording.
    """
    withheld = withheld_label or withheld_text(t)
    cid = _chart_id(title, items)
    values = [v for _label, v in items if v is not None]
    top = scale_max or (100.0 if unit == "%" else max([*values, 0]) or 1)
    written = [len(format_value(v, unit, t, number)) for v in values]
    track = WIDTH - 2 * PAD - max(VALUE_W, VALUE_CHAR_W * max(written, default=0) + 12)
    row_h = LABEL_H + BAR_H + GAP
    height = TITLE_H + row_h * len(items) + PAD
    said = (
        "; ".join(
            f"{label}: {withheld if v is None else format_value(v, unit, t, number)}"
            for label, v in items
        )
        or no_data_label
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hys-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(said)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="{BACKGROUND}"/>',
        f'<text x="{PAD}" y="{TITLE_H - 12}" font-size="18" font-weight="bold" '
        f'fill="{TEXT}" aria-hidden="true">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = TITLE_H + i * row_h
        parts.append(
            f'<text x="{PAD}" y="{y + LABEL_H - 6}" font-size="15" fill="{TEXT}" '
            f'aria-hidden="true">{escape(label)}</text>'
        )
        bar_y = y + LABEL_H
        parts.append(
            f'<rect x="{PAD}" y="{bar_y}" width="{track}" height="{BAR_H}" fill="{TRACK}" '
            f'aria-hidden="true"/>'
        )
        text_y = bar_y + BAR_H - 7
        if value is None:
            parts.append(
                f'<text x="{PAD + 6}" y="{text_y}" font-size="14" font-style="italic" '
                f'fill="{TEXT}" aria-hidden="true">{escape(withheld)}</text>'
            )
            continue
        width = round(track * max(0.0, min(float(value), top)) / top, 1)
        parts.append(
            f'<rect x="{PAD}" y="{bar_y}" width="{width}" height="{BAR_H}" fill="{BAR}" '
            f'aria-hidden="true"/>'
        )
        said_value = escape(format_value(value, unit, t, number))
        parts.append(
            f'<text x="{PAD + width + 6}" y="{text_y}" font-size="15" font-weight="bold" '
            f'fill="{TEXT}" aria-hidden="true">{said_value}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _cell(value: object, withheld: str) -> str:
    return withheld if value is None else str(value)


def data_table_html(
    caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    t: int = THRESHOLD,
    withheld_label: str | None = None,
) -> Markup:
    """The chart's data as a table: a caption, column headers and row headers.

    The first cell of each row is its header (``<th scope="row">``), so a
    screen reader announces "Under 11, Respondents, 24". ``None`` cells read
    "withheld (fewer than 10)", never blank, so a gap is never mistaken for 0.
    Numbers get the ``hys-table__num`` class (right-aligned by the site CSS).
    """
    withheld = withheld_label or withheld_text(t)
    out = [
        '<table class="hys-table">',
        f'<caption class="hys-table__caption">{escape(caption)}</caption>',
        "<thead><tr>",
        *(f'<th scope="col">{escape(c)}</th>' for c in columns),
        "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        cells = list(row)
        out.append("<tr>")
        if cells:
            out.append(f'<th scope="row">{escape(_cell(cells[0], withheld))}</th>')
        for value in cells[1:]:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cls = ' class="hys-table__num"' if numeric else ""
            out.append(f"<td{cls}>{escape(_cell(value, withheld))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("\n".join(out))
