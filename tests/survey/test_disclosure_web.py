"""Differencing filtered findings pages and exports, as an analyst and as a viewer.

Reproduces issue 12 item 3 through the web: generated responses are stored, the findings
are computed and published, and every view a user can ask for (everyone, and each group of
each breakdown question, asked for by URL whether or not it is offered) is fetched as the
analyst and as the viewer, read back from the HTML (and the analyst's filtered findings
exports), and combined two at a time and all together by a reader who subtracts and bounds
(``tests/disclosure_attack.py``). No count of 1 to 9 may come out.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from html.parser import HTMLParser

import pytest
from disclosure_attack import observe, recovered
from helpers import make_user, sign_in, text_of

from analysis import load_codebook
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row
from survey.workspace.breakdowns import group_label
from survey.workspace.findings import build_snapshot
from survey.workspace.models import AnalysisRecord, FindingsSnapshot

T = 10
LABELS = ("withheld (fewer than 10)", "withheld (fewer than 10, or to protect another cell)")


def _store(qid: str, people: int, seed: int) -> dict:
    """Responses with skewed breakdown answers and themes, and the snapshot made from them."""
    rng = random.Random(seed)
    q = catalogue.all_questionnaires()[qid]
    version = version_row(q)
    themes = [t.id for t in load_codebook("standard").top_level()][:10]
    weights = [rng.choice([0.03, 0.06, 0.12, 0.25, 0.4]) for _ in themes]
    groups = [x for x in q.questions if x.kind.tally == "closed"]  # every one is a filter
    free = next(x.id for x in q.questions if x.type in ("short_text", "long_text"))
    for n in range(people):
        answers: dict = {}
        for question in groups:
            values = [o.value for o in question.options]
            skew = [0.5**i for i in range(len(values))]
            if rng.random() < 0.05:
                continue
            if question.type == "multiple_choice":
                answers[question.id] = [
                    v for v, p in zip(values, skew, strict=True) if rng.random() < p
                ]
            else:
                answers[question.id] = rng.choices(values, skew)[0]
        response = Response(**response_row(q, answers, f"t-{seed}-{n}", version.id))
        db.session.add(response)
        db.session.flush()
        raised = [x for x, w in zip(themes, weights, strict=True) if rng.random() < w]
        db.session.add(
            AnalysisRecord(
                response_id=response.id, questionnaire_id=qid, question_id=free, themes=raised
            )
        )
    data = build_snapshot(q)
    db.session.add(FindingsSnapshot(questionnaire_id=qid, data=data, published=True))
    db.session.commit()
    return data


class _Tables(HTMLParser):
    """Every table on a page: its caption, and each row as (header, cells)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False
        self._depth = 0  # lists inside a header cell (sub-themes) are not its name

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "ul" and self._cell is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1]["rows"].append(self._row)
            self._row = None
        elif tag == "ul" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not self._depth:
            self._cell.append(data)


def _number(text: str) -> int | None:
    """A count as a page shows it: a number, "12 (34.5%)" with its share, or withheld."""
    if text in LABELS:
        return None
    return int(text.split(" (")[0].replace(",", ""))


def _share(text: str) -> float | None:
    found = re.search(r"\(([\d.]+)%\)$", text)
    return float(found.group(1)) if found else None


def _based_on(html: str) -> int | None:
    found = re.search(r"Based on ([\d,]+) responses?\.", html)
    return int(found.group(1).replace(",", "")) if found else None


def _read(html: str, data: dict, group: tuple[str, str] | None) -> dict:
    """The figures a reader notes down from one findings page."""
    theme_ids = {t["name"]: t["id"] for t in data["themes"]}
    seen: dict = {}
    base = _based_on(html)
    if group:
        observe(seen, ("group", *group), base)
    else:
        observe(seen, ("N",), base)
    parser = _Tables()
    parser.feed(html)
    texts = {meta["text"]: q for q, meta in data["groups"].items()}
    closed = {c["text"]: c for c in data["closed"]}
    for table in parser.tables:
        caption = " ".join(table["caption"].split())
        header, *rows = table["rows"]
        if caption == "What respondents wrote about, by theme":
            for row in rows:
                if row[0] in theme_ids:
                    x = theme_ids[row[0]]
                    key = ("cell", *group[:1], x, group[1]) if group else ("theme", x)
                    observe(seen, key, _number(row[1]))
        elif caption in texts and header[0] == "Theme":  # a breakdown table
            q = texts[caption]
            meta = data["groups"][q]
            by_label = {group_label(meta, v): v for v in data["group_totals"][q]}
            sizes = dict(zip(header[1:], rows[0][1:], strict=True))
            assert rows[0][0] == "People in the group"
            for label, cell in sizes.items():
                observe(seen, ("group", q, by_label[label]), _number(cell))
            for row in rows[1:]:
                for label, cell in zip(header[1:], row[1:], strict=True):
                    n, share = _number(cell), _share(cell)
                    observe(seen, ("cell", q, theme_ids[row[0]], by_label[label]), n)
                    if share is not None:  # only beside a shown count, of a shown group size
                        size = _number(sizes[label])
                        assert n is not None and size and share == round(100 * n / size, 1)
        elif caption in closed and caption in texts:  # a breakdown question's own table
            q, entry = texts[caption], closed[caption]
            by_label = {label: v for v, label in entry["labels"].items()}
            for label, count, share in rows:
                observe(seen, ("group", q, by_label[label]), _number(count))
                if share:
                    observe(seen, ("answered", q), entry["answered"])
    return seen


def _export(client, qid: str, group: str, data: dict) -> dict:
    response = client.get(f"/staff/findings/{qid}/export/findings.csv?group={group}")
    assert response.status_code == 200
    q, v = group.split(":", 1)
    theme_ids = {t["name"]: t["id"] for t in data["themes"]}
    seen: dict = {}
    for row in csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))):
        observe(seen, ("group", q, v), _number(row["based_on"]))
        observe(seen, ("cell", q, theme_ids[row["theme"]], v), _number(row["respondents"]))
    return seen


def _merged(*parts: dict) -> dict:
    seen: dict = {}
    for part in parts:
        for key, value in part.items():
            observe(seen, key, value)
    return seen


@pytest.mark.parametrize(("qid", "seed"), [("children-8-12", 1), ("parent-carers", 2)])
def test_no_two_views_a_user_can_request_give_a_small_count_away(db_app, qid, seed):
    with db_app.app_context():
        data = _store(qid, 130, seed)
    analyst, viewer = db_app.test_client(), db_app.test_client()
    sign_in(analyst, make_user(db_app, "analyst"))
    sign_in(viewer, make_user(db_app, "viewer"))
    refused = 0
    for client in (analyst, viewer):
        views = {"everyone": _read(text_of(client.get(f"/staff/findings/{qid}")), data, None)}
        for q, sizes in data["group_totals"].items():
            for v in sizes:
                html = text_of(client.get(f"/staff/findings/{qid}?group={q}:{v}"))
                if not data["groups"][q].get("filter", True):  # "Who answered": a table only
                    assert f'value="{q}:{v}"' not in html
                    continue
                if "That group cannot be shown on its own" in html:
                    refused += 1
                    assert f'value="{q}:{v}"' not in html  # not offered in the list either
                    continue
                assert "Based on" in html and f'value="{q}:{v}" selected' in html
                views[f"{q}:{v}"] = _read(html, data, (q, v))
                if client is analyst:
                    views[f"{q}:{v} export"] = _export(client, qid, f"{q}:{v}", data)
        everyone = views["everyone"]
        assert everyone[("N",)] == data["respondents"]  # the pages were read, not skipped
        cells = [v for k, v in everyone.items() if k[0] == "cell"]
        assert None in cells and any(cells) and any(k[0] == "group" for k in everyone)
        themes = [("theme", t["id"]) for t in data["themes"]]
        for a, b in itertools.combinations_with_replacement(views, 2):
            assert recovered(data, _merged(views[a], views[b]), T, themes) == [], (a, b)
        assert recovered(data, _merged(*views.values()), T, themes) == []
    assert refused  # the data has groups too small to show


def test_secondary_suppression_is_labelled_truthfully(db_app):
    with db_app.app_context():
        data = _store("children-8-12", 130, 1)
    analyst = db_app.test_client()
    sign_in(analyst, make_user(db_app, "analyst"))
    html = text_of(analyst.get("/staff/findings/children-8-12"))
    parser = _Tables()
    parser.feed(html)
    texts = {meta["text"]: q for q, meta in data["groups"].items()}
    names = {t["name"]: t for t in data["themes"]}
    large_withheld = 0
    for table in parser.tables:
        caption = " ".join(table["caption"].split())
        header, *rows = table["rows"]
        if caption not in texts or header[0] != "Theme":
            continue
        q = texts[caption]
        labels = {group_label(data["groups"][q], v): v for v in data["group_totals"][q]}
        for row in rows[1:]:  # the first is the groups' sizes
            for label, cell in zip(header[1:], row[1:], strict=True):
                raw = names[row[0]]["by_group"][q].get(labels[label], 0)
                if cell.startswith("withheld"):
                    assert cell == LABELS[1]  # never "fewer than 10" alone where cells add up
                    large_withheld += raw >= T
    assert large_withheld  # cells of 10 or more were withheld, and said why truthfully


def test_a_refused_group_cannot_be_exported(app):
    with app.app_context():
        data = _store("children-8-12", 130, 1)
    analyst = app.test_client()
    sign_in(analyst, make_user(app, "analyst"))
    for q, sizes in data["group_totals"].items():
        for v in sizes:
            page = text_of(analyst.get(f"/staff/findings/children-8-12?group={q}:{v}"))
            export = analyst.get(f"/staff/findings/children-8-12/export/findings.csv?group={q}:{v}")
            shown = "That group cannot be shown on its own" not in page
            assert export.status_code == (200 if shown else 404)
