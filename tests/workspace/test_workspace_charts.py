"""SVG bar charts and data tables: accessible, escaped, CSP-safe."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from markupsafe import Markup

from analysis.reporting import charts
from analysis.reporting.charts import bar_chart_svg, data_table_html

NS = {"s": "http://www.w3.org/2000/svg"}
ITEMS = [("Money", 45.4), ("Family & friends", 30), ("<script>alert(1)</script>", None)]


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper_is_right():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5


def test_colours_meet_wcag():
    for background in (charts.BACKGROUND, charts.TRACK):
        assert contrast(charts.TEXT, background) >= 4.5
        assert contrast(charts.BAR, background) >= 3
    svg = bar_chart_svg("Themes", ITEMS)
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', svg))
    assert fills <= {charts.TEXT, charts.BAR, charts.TRACK, charts.BACKGROUND}


def test_svg_is_well_formed_labelled_and_states_every_value():
    svg = bar_chart_svg("What matters to you", ITEMS)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title.text == "What matters to you"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Money: 45%" in desc.text
    assert "Family & friends: 30%" in desc.text
    assert "<script>alert(1)</script>: withheld (fewer than 10)" in desc.text
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "45%" in texts and "30%" in texts  # values written, not only drawn
    assert "withheld (fewer than 10)" in texts


def test_withheld_value_has_no_bar():
    svg = bar_chart_svg("T", [("Only", None)])
    root = ET.fromstring(svg)
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == charts.BAR]
    assert bars == []
    svg = bar_chart_svg("T", [("Only", 50)])
    bars = [
        r
        for r in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}rect")
        if r.get("fill") == charts.BAR
    ]
    assert len(bars) == 1 and float(bars[0].get("width")) > 0


def test_bar_lengths_are_proportional():
    svg = bar_chart_svg("T", [("a", 50), ("b", 100), ("c", 0)])
    widths = [
        float(r.get("width"))
        for r in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}rect")
        if r.get("fill") == charts.BAR
    ]
    assert widths[1] == 2 * widths[0] and widths[2] == 0


def test_counts_scale_to_largest_and_keep_unit():
    svg = bar_chart_svg("T", [("a", 12), ("b", 24)], unit="people")
    assert "a: 12 people; b: 24 people" in svg


def test_labels_are_escaped_and_no_inline_styles_or_scripts():
    svg = bar_chart_svg('<script>alert("x")</script>', ITEMS)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert not re.search(r"\sstyle=", svg) and "<style" not in svg
    assert "javascript:" not in svg.lower()


def test_threshold_shown_is_the_one_in_force():
    assert "withheld (fewer than 15)" in bar_chart_svg("T", [("a", None)], t=15)


def test_ids_differ_between_charts():
    a = ET.fromstring(bar_chart_svg("A", ITEMS)).get("aria-labelledby")
    b = ET.fromstring(bar_chart_svg("B", ITEMS)).get("aria-labelledby")
    assert a != b


def test_empty_chart_still_says_something():
    root = ET.fromstring(bar_chart_svg("Nothing yet", []))
    assert root.find("s:desc", NS).text == "No data."


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def test_data_table_is_accessible_and_escaped():
    html = data_table_html(
        "Feelings about school",
        ["Answer", "Respondents", "Share"],
        [["Happy <b>", 24, "45%"], ["Sad", None, None]],
    )
    assert isinstance(html, Markup)
    parser = _Table()
    parser.feed(str(html))
    tags = [t for t, _ in parser.tags]
    assert tags[:2] == ["table", "caption"]
    scopes = [a.get("scope") for t, a in parser.tags if t == "th"]
    assert scopes == ["col", "col", "col", "row", "row"]
    assert "Happy <b>" in parser.text  # shown as text, not markup
    assert "<b>" not in str(html)
    assert parser.text.count("withheld (fewer than 10)") == 2
    assert not re.search(r"\sstyle=", str(html))
    assert ("td", {"class": "hys-table__num"}) in parser.tags


def test_translated_wording_can_be_given():
    svg = bar_chart_svg("T", [("a", None)], withheld_label="wedi'i atal (llai na 10)")
    assert "a: wedi'i atal (llai na 10)" in ET.fromstring(svg).find("s:desc", NS).text
    assert "fewer than" not in svg
    assert "Dim data." in bar_chart_svg("T", [], no_data_label="Dim data.")
    html = data_table_html("C", ["x", "y"], [["a", None]], withheld_label="wedi'i atal")
    assert "wedi&#39;i atal" in str(html) and "fewer than" not in str(html)
