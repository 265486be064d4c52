"""A council's own frameworks, end to end: configured as a folder, run, shown, exported.

The council (Brightwater) keeps three frameworks in its folder: its own "Brightwater
Outcomes", UNCRC (extending ours unchanged) and levels of need with "meet" renamed. SHANARRI
is not in its folder, so nothing is mapped to it, though the standard codebook and the
questionnaire name it. Its codebook extends ours, mapping three themes to its outcomes; its
questionnaire maps a closed question to one of them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from pathlib import Path

import openpyxl
import pytest
from helpers import (
    Respondent,
    make_app,
    make_user,
    sign_in,
    text_of,
    valid_form_data,
)

from analysis.reporting.suppression import THRESHOLD
from questionnaires import load_file
from survey.db import db
from survey.workspace.demo import fill
from survey.workspace.models import AnalysisRecord, FindingsSnapshot

QID = "children-8-12"
DEFINITIONS = Path(__file__).resolve().parents[2] / "questionnaires" / "definitions"
BRIGHTWATER = {
    "safe_streets": "Safe streets",
    "play_and_leisure": "Play and leisure",
    "learning": "Learning for life",
}
TYPED = [
    "the park is great but the swings are broken",
    "more things to do at the youth club after school",
    "i feel safe walking to school with my friends",
]


def write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def council_files(tmp_path: Path) -> dict[str, str]:
    frameworks = tmp_path / "council" / "frameworks"
    items = "\n".join(f"  - {{id: {k}, name: {v}}}" for k, v in BRIGHTWATER.items())
    body = f"id: brightwater\nname: Brightwater Outcomes\nkind: outcomes\nitems:\n{items}\n"
    write(frameworks, "brightwater.yaml", body)
    write(frameworks, "uncrc.yaml", "extends: uncrc\n")
    write(
        frameworks,
        "levels.yml",
        "extends: levels_of_need\nrename: {meet: {name: Specialist help}}\n",
    )
    codebook = write(
        tmp_path / "council",
        "codebook.yaml",
        """\
        extends: standard
        id: brightwater
        name: Brightwater codebook
        map:
          play: {brightwater: [play_and_leisure]}
          safety: {brightwater: [safe_streets]}
          school: {brightwater: [learning]}
        """,
    )
    questionnaires = tmp_path / "council" / "questionnaires"
    questionnaires.mkdir()
    source = (DEFINITIONS / f"{QID}.yaml").read_text(encoding="utf-8")
    listed = "outcomes: [shanarri:safe, ecm:stay_safe, local:safe_in_families"
    mapped = source.replace(f"{listed}]", f"{listed}, brightwater:safe_streets]", 1)
    assert mapped != source
    (questionnaires / f"{QID}.yaml").write_text(mapped, encoding="utf-8")
    return {
        "FRAMEWORKS_DIR": str(frameworks),
        "CODEBOOK": str(codebook),
        "QUESTIONNAIRE_DIR": str(questionnaires),
    }


@pytest.fixture
def council_app(db_app, tmp_path):
    """The app on each database, with the council's files: set after it started, since
    nothing reads them until first use."""
    db_app.config.update(council_files(tmp_path))
    return db_app


def typed_response(client, q, text: str) -> None:
    """One response through the questionnaire, as a child answers it, with ``text`` typed."""
    respondent = Respondent(client, q.id)
    location = respondent.start().location
    while "/p/" in location:
        page = q.page(location.rsplit("/", 1)[-1].split("?")[0])
        data: dict = {}
        for question in page.questions:
            if question.show_if is None or f'name="{question.id}' in client.get(location).text:
                data.update(valid_form_data(question))
                if question.type in ("short_text", "long_text"):
                    data[question.id] = text
        location = respondent.answer(location, data).location
    assert respondent.send().status_code == 303


def analysed(app) -> object:
    q = load_file(Path(app.config["QUESTIONNAIRE_DIR"]) / f"{QID}.yaml")
    for text in TYPED:
        typed_response(app.test_client(), q, text)
    with app.app_context():
        fill(q, 150, seed=7)
    result = app.test_cli_runner().invoke(args=["analyse", QID])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))
    return client


def section(html: str, heading: str) -> str:
    """The page from one heading to the next of any level."""
    start = html.index(heading)
    following = re.search(r"<h[1-4][ >]", html[start + len(heading) :])
    return html[start : start + len(heading) + (following.start() if following else len(html))]


def exported_csv(client, kind: str = "findings") -> list[dict[str, str]]:
    response = client.get(f"/staff/findings/{QID}/export/{kind}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_a_councils_frameworks_run_through_the_page_and_the_exports(council_app):
    client = analysed(council_app)
    with council_app.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
        stored = db.session.execute(db.select(AnalysisRecord.mappings)).scalars().all()
    assert data["respondents"] == 153
    # Stored per answer and per finding as {framework id: ids}, for the folder's frameworks.
    assert [fw["id"] for fw in data["frameworks"]] == ["brightwater", "levels_of_need", "uncrc"]
    assert any("brightwater" in m and "levels_of_need" in m for m in stored)
    assert not any("shanarri" in m for m in stored)
    themes = {t["id"]: t for t in data["themes"]}
    assert themes["play"]["mappings"]["brightwater"] == ["play_and_leisure"]

    html = text_of(client.get(f"/staff/findings/{QID}"))
    assert "Brightwater Outcomes" in html and "SHANARRI" not in html
    assert f"/staff/findings/{QID}/framework/brightwater/play_and_leisure" in html
    assert "Level of need" in html and "Prevent" in html
    assert "Specialist help" in html  # the council's name for "meet", from its file
    assert "No finding is mapped to" not in html  # each of its frameworks is in use
    closed = section(html, "<h3>How often do you feel safe when you are out near where you live?")
    assert "Safe streets" in closed and "Article 19" in closed
    assert "Feeling safe, Local area and community" in closed  # its themes, by name
    page = client.get(f"/staff/findings/{QID}/framework/brightwater/play_and_leisure")
    assert page.status_code == 200 and "Brightwater Outcomes" in text_of(page)

    rows = exported_csv(client)
    heading = {"Brightwater Outcomes", "Levels of need", "UN Convention on the Rights of the Child"}
    assert heading <= set(rows[0])
    play = next(r for r in rows if r["section"] == "theme" and r["theme"] == themes["play"]["name"])
    assert play["Brightwater Outcomes"] == "Play and leisure (play_and_leisure)"
    assert "Prevent (prevent)" in play["Levels of need"]
    safe_out = [
        r for r in rows if r["section"] == "closed question" and "feel safe" in r["question"]
    ]
    assert {r["Brightwater Outcomes"] for r in safe_out} == {"Safe streets (safe_streets)"}
    assert {r["themes"] for r in safe_out} == {"Feeling safe; Local area and community"}
    sections = {r["section"] for r in rows}
    assert {"theme", "sub-theme", "breakdown", "closed question"} <= sections

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/findings/{QID}/export/findings.xlsx").data), read_only=True
    )
    assert {"findings", "sub-themes", "breakdowns", "closed questions"} <= set(book.sheetnames)
    head = next(book["findings"].iter_rows(values_only=True))
    assert "Brightwater Outcomes" in head and "Levels of need" in head
    head, *cells = list(book["closed questions"].iter_rows(values_only=True))
    column = head.index("Brightwater Outcomes")
    assert "Safe streets (safe_streets)" in {c[column] for c in cells}


def _counts(rows: list[dict], columns: tuple[str, ...]) -> list[int]:
    return [int(r[c]) for r in rows for c in columns if re.fullmatch(r"\d+", str(r.get(c) or ""))]


def test_no_group_under_the_threshold_leaves_in_either_export(council_app):
    client = analysed(council_app)
    with council_app.app_context():
        data = db.session.execute(db.select(FindingsSnapshot)).scalar_one().data
    small = [t for t in data["themes"] if 0 < t["respondents"] < THRESHOLD]
    small_groups = [
        (q, v)
        for q, sizes in data["group_totals"].items()
        for v, n in sizes.items()
        if 0 < n < THRESHOLD
    ]
    assert small and small_groups, "the demo data should include small themes and groups"
    rows = exported_csv(client)
    counted = ("respondents", "based_on", "put_first")
    assert all(n == 0 or n >= THRESHOLD for n in _counts(rows, counted))
    for theme in small:
        row = next(r for r in rows if r["section"] == "theme" and r["theme"] == theme["name"])
        assert row["respondents"].startswith("withheld") and row["share_percent"] == ""
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/findings/{QID}/export/findings.xlsx").data), read_only=True
    )
    for sheet in book.worksheets:
        head, *cells = list(sheet.iter_rows(values_only=True))
        sheet_rows = [dict(zip(head, c, strict=True)) for c in cells]
        assert all(n == 0 or n >= THRESHOLD for n in _counts(sheet_rows, counted)), sheet.title


def test_a_broken_framework_file_is_named_with_the_place_and_the_fix(app, tmp_path):
    files = council_files(tmp_path)
    write(Path(files["FRAMEWORKS_DIR"]), "broken.yaml", "id: broken\nname: B\nitems: [{id: a}]\n")
    app.config.update(files)
    (tmp_path / "again").mkdir()
    started, _ = make_app(tmp_path / "again", **files)  # starting reads no framework file
    with started.app_context():
        db.engine.dispose()
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))
    page = client.get(f"/staff/findings/{QID}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ran = client.post(f"/staff/findings/{QID}/run", data={"csrf_token": token})
    html = text_of(client.get(ran.location))
    assert "The analysis could not run" in html
    assert "broken.yaml: items[0]: needs an id and a name. Fix:" in html
    result = app.test_cli_runner().invoke(args=["analyse", QID])
    assert result.exit_code != 0 and "broken.yaml: items[0]" in result.output
    shutil.rmtree(files["FRAMEWORKS_DIR"])
    result = app.test_cli_runner().invoke(args=["analyse", QID])
    assert "is not a folder" in result.output and "FRAMEWORKS_DIR" in result.output


BEFORE_MAPPINGS = "e2a7d9c41b38"


def test_the_migration_moves_the_fixed_columns_into_mappings_and_back(db_app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from survey import catalogue

    with db_app.app_context():
        fill(catalogue.all_questionnaires()[QID], 1, seed=3)
        response_id = db.session.execute(text("SELECT id FROM response")).scalar_one()
        db.session.commit()  # PostgreSQL: an open read would hold the lock the DDL needs
        downgrade(revision=BEFORE_MAPPINGS)
        columns = {c["name"] for c in inspect(db.engine).get_columns("analysis_record")}
        assert {"uncrc", "outcomes"} <= columns and "mappings" not in columns
        db.session.execute(
            text(
                "INSERT INTO analysis_record (response_id, questionnaire_id, question_id, themes,"
                " subthemes, uncrc, outcomes, language, withheld, corrected) VALUES (:r, :q,"
                " 'best_thing', '[\"safety\"]', '[]', '[19, 12]', :o, 'en', false, false)"
            ),
            {
                "r": response_id,
                "q": QID,
                "o": '{"shanarri": ["safe"], "ecm": [], "local": ["safe_in_families"]}',
            },
        )
        db.session.commit()
        upgrade()
        moved = db.session.execute(db.select(AnalysisRecord.mappings)).scalar_one()
        assert moved == {"uncrc": [19, 12], "shanarri": ["safe"], "outcomes": ["safe_in_families"]}
        columns = {c["name"] for c in inspect(db.engine).get_columns("analysis_record")}
        assert "mappings" in columns and not {"uncrc", "outcomes"} & columns
        db.session.commit()
        downgrade(revision=BEFORE_MAPPINGS)
        back = db.session.execute(text("SELECT uncrc, outcomes FROM analysis_record")).one()
        as_json = [json.loads(x) if isinstance(x, str) else x for x in back]
        assert as_json == [
            [19, 12],
            {"shanarri": ["safe"], "ecm": [], "local": ["safe_in_families"]},
        ]
        db.session.commit()
        upgrade()
        db.session.remove()
