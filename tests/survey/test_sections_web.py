"""The child's section of the bundled parent carers' questionnaire, end to end.

The child's answers are stored, screened, counted and exported as a child's; the section's
Welsh is served on its pages while the parent's pages stay in English (marked so); a
language chosen on the child's pages changes those pages only.
"""

from __future__ import annotations

import csv
import io

import pytest
from helpers import (
    MarkerResult,
    Respondent,
    close_app,
    csrf,
    make_app,
    make_user,
    sign_in,
    text_of,
)

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row
from survey.safeguarding.models import SafeguardingCase
from survey.workspace.breakdowns import filters, tables
from survey.workspace.disclosure import release
from survey.workspace.exporting import response_rows
from survey.workspace.findings import build_snapshot
from survey.workspace.models import AnalysisRecord, FindingsSnapshot
from survey.workspace.presenting import findings_view
from survey.workspace.run import answered_as

QID = "parent-carers"
CHILD_PAGES = ("child-likes", "child-feelings")
WORRY = "my step dad HURTS ME"
seen: list[tuple[str, str | None]] = []  # (text, audience) of every answer screened


def screen(text, *, locale=None, audience=None):
    seen.append((text, audience))
    return (
        MarkerResult("flagged", ("physical_abuse",))
        if "HURTS ME" in text
        else MarkerResult("clear")
    )


@pytest.fixture
def app(tmp_path):
    seen.clear()
    app, _ = make_app(tmp_path, SAFEGUARDING_SCREEN=screen, SAFEGUARDING_NOTIFY="lead@x.example")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_app(request, tmp_path):
    """The same app on each database we support, for what is stored and counted."""
    seen.clear()
    app, schema = make_app(tmp_path, request.param, SAFEGUARDING_SCREEN=screen)
    yield app
    close_app(app, schema)


ANSWERS = {
    "start": {"take_part": "yes"},
    "your-child": {"child_age": "5-10"},
    "child-likes": {"child_after_school": "I like swimming"},
    "child-feelings": {"child_feel_school": "4", "child_grown_up": "yes"},
    "anything-else": {"anything_else": "More short breaks please"},
}


def _walk(client, answers: dict, until: str | None = None) -> tuple[Respondent, str]:
    """Through the questionnaire, answering ``answers`` by page id; stops at ``until``."""
    r = Respondent(client, QID)
    location = r.start().location
    while "/p/" in location:
        page_id = location.rsplit("/", 1)[-1]
        if page_id == until:
            break
        sent = r.answer(location, answers.get(page_id, {}))
        assert sent.status_code in (302, 303), (page_id, text_of(sent)[:500])
        location = sent.location
    return r, location


def test_the_childs_answers_are_stored_and_exported_as_the_childs(db_app) -> None:
    app = db_app
    client = app.test_client()
    r, location = _walk(client, ANSWERS)
    assert location.endswith("/check")
    assert r.send().status_code == 303
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
        assert response.audience == "parent_carer"
        child = {"audience": "child", "age_band": "8-12"}
        assert response.answered_by == {
            "child_after_school": child,
            "child_feel_school": child,
            "child_grown_up": child,
        }
        assert answered_as(response, "child_after_school") == ("child", "8-12")
        assert answered_as(response, "anything_else")[0] == "parent_carer"
        columns, rows = response_rows(catalogue.all_questionnaires()[QID])
        (row,) = list(rows)
    assert {"audience", "answered_by"} <= set(columns)
    assert row["audience"] == "parent_carer"
    assert "child_after_school=child 8-12" in row["answered_by"]
    assert "anything_else" not in row["answered_by"]
    # the answers were screened as whose they are
    assert ("I like swimming", "child") in seen
    assert ("More short breaks please", "parent_carer") in seen


def test_the_section_opens_with_its_handover_words_on_its_first_page_only(app) -> None:
    client = app.test_client()
    _r, location = _walk(client, ANSWERS, until="child-likes")
    first = text_of(client.get(location))
    assert "Please hand the phone or tablet to your child" in first
    assert "Your turn" in first  # the section's title heads its pages
    second = text_of(client.get(location.replace("child-likes", "child-feelings")))
    assert "Please hand the phone" not in second


def test_a_worry_in_the_childs_section_is_a_childs_case(app) -> None:
    client = app.test_client()
    r, location = _walk(client, ANSWERS, until="child-likes")
    sent = r.answer(location, {"child_after_school": WORRY})
    assert sent.status_code == 303 and "/help" in sent.location
    page = text_of(client.get(sent.location))
    assert "You are not in trouble" in page  # the child's help page, not the adult's
    with app.app_context():
        (case,) = db.session.execute(db.select(SafeguardingCase)).scalars()
        assert (case.audience, case.question_id) == ("child", "child_after_school")


def test_a_worry_in_the_parents_pages_is_an_adults_case(app) -> None:
    client = app.test_client()
    r, location = _walk(client, ANSWERS, until="anything-else")
    sent = r.answer(location, {"anything_else": WORRY})
    page = text_of(client.get(sent.location))
    assert "Thank you for telling us" in page and "You are not in trouble" not in page
    with app.app_context():
        (case,) = db.session.execute(db.select(SafeguardingCase)).scalars()
        assert case.audience == "parent_carer"


def test_the_welsh_section_is_served_in_welsh_and_the_rest_in_english(app) -> None:
    client = app.test_client()
    client.get(f"/q/{QID}?lang=cy")
    r, location = _walk(client, ANSWERS, until="child-likes")
    child = text_of(client.get(location))
    assert "Beth wyt ti'n hoffi ei wneud ar ôl ysgol?" in child
    assert "Rho'r ffôn neu'r llechen i dy blentyn" in child
    assert 'lang="en" dir="ltr"' not in child  # nothing on it falls back to English
    assert "notice--language" not in child
    parent = client.get(location.replace("child-likes", "your-child")).get_data(as_text=True)
    assert "notice--language" in parent  # the existing notice, in Welsh
    assert '<span lang="en" dir="ltr">How old is your child?</span>' in parent
    _walk(client, ANSWERS)
    assert r.send().status_code == 303
    with app.app_context():
        response = db.session.execute(db.select(Response)).scalar_one()
    assert response.page_locales["child-likes"] == "cy"
    assert response.page_locales["your-child"] == "en"  # shown in English, so recorded so


def test_a_language_chosen_in_the_childs_section_changes_that_section_only(app) -> None:
    client = app.test_client()
    _r, location = _walk(client, ANSWERS, until="child-likes")
    page = client.get(location).get_data(as_text=True)
    switched = client.post(location, data={"csrf_token": csrf(page), "switch_lang": "cy"})
    assert switched.status_code == 303
    child = client.get(location).get_data(as_text=True)
    assert '<html lang="cy"' in child and "ar ôl ysgol" in child
    other = client.get(location.replace("child-likes", "child-feelings")).get_data(as_text=True)
    assert '<html lang="cy"' in other  # the whole section
    parent = client.get(location.replace("child-likes", "your-child")).get_data(as_text=True)
    assert '<html lang="en"' in parent  # the parent's pages keep the parent's language


def _store(app) -> dict:
    """30 parent carers' responses, 12 with their child's answers; the snapshot made of them."""
    with app.app_context():
        q = catalogue.all_questionnaires()[QID]
        version = version_row(q)
        child = {"audience": "child", "age_band": "8-12"}
        for n in range(30):
            with_child = n < 12
            answers = {"anything_else": "x", **({"child_after_school": "y"} if with_child else {})}
            response = Response(
                **response_row(
                    q,
                    answers,
                    f"t{n}",
                    version.id,
                    answered_by={"child_after_school": child} if with_child else {},
                )
            )
            db.session.add(response)
            db.session.flush()
            db.session.add(
                AnalysisRecord(
                    response_id=response.id,
                    questionnaire_id=QID,
                    question_id="anything_else",
                    themes=["services"],
                )
            )
            if with_child:
                db.session.add(
                    AnalysisRecord(
                        response_id=response.id,
                        questionnaire_id=QID,
                        question_id="child_after_school",
                        themes=["play"],
                    )
                )
        db.session.commit()
        data = build_snapshot(q)
        db.session.add(FindingsSnapshot(questionnaire_id=QID, data=data))
        db.session.commit()
    return data


def test_findings_count_the_childs_answers_under_children(db_app) -> None:
    app = db_app
    data = _store(app)
    with app.app_context():
        shown = tables(data, release(data, 10))
    assert data["group_totals"]["_answered_by"] == {"parent_carer": 30, "child": 12}
    by_theme = {t["id"]: t["by_group"]["_answered_by"] for t in data["themes"]}
    assert by_theme["play"] == {"child": 12}  # raised by the children, not their parents
    assert by_theme["services"] == {"parent_carer": 30}
    assert {t["id"]: t["by_audience"] for t in data["themes"]}["play"] == {"child": 12}
    # a table of its own, never a filter: a response with the child's answers is in both groups
    assert "_answered_by" not in [f["question"] for f in filters(data, release(data, 10))]
    with app.app_context():
        asked = findings_view(data, {"group": "_answered_by:parent_carer"}, 10)
    assert asked["refused"] == "unknown"
    table = next(t for t in shown if t["question"] == "_answered_by")
    assert table["text"] == "Who answered"
    assert [(c[1], c[2]) for c in table["columns"]] == [("Children", 12), ("Parent carers", 30)]


def test_the_findings_page_shows_who_answered(app) -> None:
    _store(app)
    client = app.test_client()
    sign_in(client, make_user(app, "analyst"))
    page = text_of(client.get(f"/staff/findings/{QID}"))
    assert "Who answered" in page and "Children" in page
    export = client.get(f"/staff/findings/{QID}/export/responses.csv")
    assert export.status_code == 200
    header = next(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert {"audience", "answered_by"} <= set(header)


def test_validate_reports_the_welsh_of_one_section_as_partial(app) -> None:
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    assert "parent-carers.cy.yaml: partial, translates section 'child-says' only" in result.output
    assert "parent-carers.cy.yaml at questions.child_age.text: warning HYS063" in result.output
    assert "at questions.child_after_school.text: warning HYS063" not in result.output


def test_the_help_after_a_worry_in_a_welsh_section_is_in_welsh(app) -> None:
    client = app.test_client()
    r, location = _walk(client, ANSWERS, until="child-likes")
    page = client.get(location).get_data(as_text=True)
    client.post(location, data={"csrf_token": csrf(page), "switch_lang": "cy"})
    sent = r.answer(location, {"child_after_school": WORRY})
    assert "/help" in sent.location
    help_page = client.get(sent.location).get_data(as_text=True)
    assert '<html lang="cy"' in help_page  # the child's language, not the parent's English
    switched = client.get(sent.location + "&lang=pl")
    assert '<html lang="pl"' in client.get(switched.location).get_data(as_text=True)
    parent = client.get(location.replace("child-likes", "your-child")).get_data(as_text=True)
    assert '<html lang="pl"' in parent  # a choice made on the help page is everyone's
