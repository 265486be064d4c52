"""The safeguarding lead's second-look list, from the answer to the lead's decision.

An answer the screen did not flag but found close to a disclosure is listed when it is sent
and when the answers are analysed; the lead reads it once and opens a case (which withholds
it everywhere, as any flag) or decides there is nothing to act on. The screen here is a
stand-in that marks chosen words, so these tests do not depend on the model's figures (the
real screen's part is in tests/safeguarding/test_safeguarding_screen_second_look.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from helpers import (
    answer_everything,
    close_app,
    csrf,
    make_app,
    make_user,
    sign_in,
    text_of,
)

from analysis.safeguarding.meaning import MeaningFlag
from survey.db import db
from survey.models import Response
from survey.privacy import retention
from survey.safeguarding import notify, second_look, withholding
from survey.safeguarding.models import CaseEvent, Notification, SafeguardingCase, SecondLook
from survey.safeguarding.screening import Near
from survey.serving import jobs
from survey.staff.models import AuditEntry
from survey.workspace.models import AnalysisRecord, Quote
from survey.workspace.run import run_analysis

QID = "children-8-12"
FREE = "change_one_thing"
NEAR = "NEARLY my step dad gets really angry and I keep out of the way quintrel"
PLAIN = "more buses to the park on saturdays please"


@dataclass
class Result:
    status: str
    flag: bool = False
    categories: tuple = ()
    language: str = "en"
    error: str | None = None
    second_look: MeaningFlag | None = None


class Screen:
    """Clear for everything; ``near`` words are close to a disclosure, ``flag`` words flag."""

    def __init__(self) -> None:
        self.near: set[str] = {"NEARLY"}
        self.flag: set[str] = set()

    def __call__(self, text, *, locale=None, audience=None):
        if any(word in text for word in self.flag):
            return Result("flagged", True, ("physical_abuse",))
        if any(word in text for word in self.near):
            close = MeaningFlag(0.57, "physical_abuse", "he hits me when he is angry", 0.71, True)
            return Result("clear", second_look=close)
        return Result("clear")


@pytest.fixture(params=["sqlite", "postgresql"])
def setting(request, tmp_path):
    screen = Screen()
    app, schema = make_app(
        tmp_path, request.param, SAFEGUARDING_SCREEN=screen, SAFEGUARDING_NOTIFY="lead@x.example"
    )
    yield app, screen
    close_app(app, schema)


def _listed(app) -> list[SecondLook]:
    with app.app_context():
        return db.session.execute(db.select(SecondLook).order_by(SecondLook.id)).scalars().all()


def _cases(app) -> list[SafeguardingCase]:
    with app.app_context():
        return db.session.execute(db.select(SafeguardingCase)).scalars().all()


def _lead(app):
    lead = app.test_client()
    sign_in(lead, make_user(app, "safeguarding"))
    return lead


def _decide(lead, item_id: int, decision: str, token: str | None = None):
    if token is None:
        token = csrf(lead.get("/staff/safeguarding/second-look").get_data(True))
    return lead.post(
        f"/staff/safeguarding/second-look/{item_id}",
        data={"csrf_token": token, "decision": decision},
    )


def test_a_sent_answer_close_to_a_disclosure_is_listed_not_flagged(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    answer_everything(app.test_client(), QID, FREE, PLAIN)
    assert _cases(app) == []  # not a flag: no case, no help page
    (item,) = _listed(app)
    assert (item.question_id, item.found, item.decision) == (FREE, "sending", "")
    assert item.category == "physical_abuse" and item.probability == pytest.approx(0.57)
    assert "he hits me when he is angry" in item.reason
    assert item.audience == "child"
    with app.app_context():
        response = db.session.get(Response, item.response_id)
        assert response.answers[FREE] == NEAR
        # Not withheld while it waits: most listed answers are everyday answers.
        assert withholding.withheld_pairs([item.response_id]) == set()


def test_only_the_lead_sees_the_list_and_reading_it_is_audited(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    (item,) = _listed(app)
    for role in ("admin", "analyst", "viewer"):
        other = app.test_client()
        sign_in(other, make_user(app, role))
        assert other.get("/staff/safeguarding/second-look").status_code == 404
        assert _decide(other, item.id, "nothing", token="x").status_code == 404
    lead = _lead(app)
    queue = text_of(lead.get("/staff/safeguarding/"))
    assert "1 answer worth a second look is waiting" in queue
    page = text_of(lead.get("/staff/safeguarding/second-look"))
    assert NEAR in page and "Physical abuse" in page and "Open a case" in page
    with app.app_context():
        audit = db.session.execute(db.select(AuditEntry.action, AuditEntry.detail)).all()
        assert ("second_look_viewed", "1 answers") in audit
        assert all("quintrel" not in detail for _, detail in audit)


def test_nothing_to_act_on_is_recorded_once_and_leaves_the_waiting_list(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    (item,) = _listed(app)
    lead = _lead(app)
    assert _decide(lead, item.id, "nothing", token="forged").status_code == 400
    assert _decide(lead, item.id, "maybe").status_code == 400
    assert _listed(app)[0].decision == ""
    done = _decide(lead, item.id, "nothing")
    assert done.status_code == 303
    (item,) = _listed(app)
    assert item.decision == "nothing" and item.decided_at is not None and item.decided_by
    assert _cases(app) == []
    assert "quintrel" not in text_of(lead.get("/staff/safeguarding/second-look"))
    decided = text_of(lead.get("/staff/safeguarding/second-look?show=decided"))
    assert "quintrel" in decided and "Nothing to act on" in decided
    assert _decide(lead, item.id, "case").status_code == 303  # decided already: no case now
    assert _cases(app) == []
    with app.app_context():
        audit = db.session.execute(db.select(AuditEntry.action)).scalars().all()
        assert audit.count("second_look_nothing") == 1


def test_opening_a_case_withholds_the_answer_everywhere_and_tells_the_lead(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    answer_everything(app.test_client(), QID, FREE, PLAIN)
    with app.app_context():
        run_analysis(QID)  # analysts can read it while it waits, and quote it
        (item,) = db.session.execute(db.select(SecondLook)).scalars().all()
        item_id, response_id = item.id, item.response_id
        db.session.add(
            Quote(
                response_id=response_id,
                questionnaire_id=QID,
                question_id=FREE,
                theme="family",
                text=NEAR,
                status="approved",
            )
        )
        db.session.commit()
        jobs_before = db.session.execute(db.select(db.func.count(jobs.Job.id))).scalar_one()
    lead = _lead(app)
    opened = _decide(lead, item_id, "case")
    assert opened.status_code == 303 and "/staff/safeguarding/" in opened.location
    (case,) = _cases(app)
    assert opened.location.endswith(f"/staff/safeguarding/{case.id}")
    assert case.text == NEAR and case.categories == ["physical_abuse"]
    assert case.response_id == response_id and case.question_id == FREE
    assert case.screen_status == "flagged" and "he hits me when he is angry" in case.screen_error
    assert case.acknowledged_at is not None  # the lead who opened it has taken it on
    assert _decide(lead, item_id, "case").location == opened.location  # a double click: one case
    assert len(_cases(app)) == 1
    with app.app_context():
        item = db.session.get(SecondLook, item_id)
        assert (item.decision, item.case_id) == ("case", case.id)
        events = db.session.execute(
            db.select(CaseEvent.action, CaseEvent.note).where(CaseEvent.case_id == case.id)
        ).all()
        assert ("created", withholding.FROM_LIST) in events and ("acknowledged", "") in events
        assert (
            f"New safeguarding case {case.id}"
            in db.session.execute(db.select(Notification.subject)).scalars().all()
        )
        assert withholding.withheld_pairs([response_id]) == {(response_id, FREE)}
        quote = db.session.execute(db.select(Quote)).scalar_one()
        assert (quote.status, quote.text) == ("withdrawn", "")
        # The analysis ran again: the answer keeps no themes and is counted as withheld.
        jobs_after = db.session.execute(db.select(db.func.count(jobs.Job.id))).scalar_one()
        assert jobs_after == jobs_before + 1
        record = db.session.execute(
            db.select(AnalysisRecord).where(
                AnalysisRecord.response_id == response_id, AnalysisRecord.question_id == FREE
            )
        ).scalar_one()
        assert record.withheld and record.themes == []
        audit = db.session.execute(db.select(AuditEntry.action)).scalars().all()
        assert audit.count("second_look_case") == 1 and "quote_withdrawn" in audit
    analyst = app.test_client()
    sign_in(analyst, make_user(app, "analyst"))
    for page in ("", "/quotes", "/export/responses.csv"):
        assert "quintrel" not in analyst.get(f"/staff/findings/{QID}{page}").get_data(True)
    assert "quintrel" in text_of(lead.get(f"/staff/safeguarding/{case.id}"))


def test_the_analysis_lists_what_sending_did_not_and_never_twice(setting):
    app, screen = setting
    screen.near = set()  # the screen did not find it close on sending
    answer_everything(app.test_client(), QID, FREE, NEAR)
    answer_everything(app.test_client(), QID, FREE, "FLAGME he hit me again last night")
    assert _listed(app) == []
    screen.near, screen.flag = {"NEARLY"}, {"FLAGME"}
    with app.app_context():
        summary = run_analysis(QID)
    assert (summary.listed, summary.cases_opened) == (1, 1)  # the flagged one is a case only
    (item,) = _listed(app)
    assert item.found == "analysis" and item.audience == "child"
    with app.app_context():
        assert run_analysis(QID).listed == 0
    assert len(_listed(app)) == 1
    _decide(_lead(app), item.id, "nothing")
    with app.app_context():
        assert run_analysis(QID).listed == 0  # decided: not listed again
    assert [i.decision for i in _listed(app)] == ["nothing"]


def test_a_listed_answer_goes_with_its_response(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    (item,) = _listed(app)
    with app.app_context():
        response = db.session.get(Response, item.response_id)
        assert retention.withdraw(response.code_hash) is not None
        db.session.commit()
    assert _listed(app) == []


def test_recording_twice_lists_once_and_skips_answers_with_a_case(setting):
    app, screen = setting
    screen.near = set()
    answer_everything(app.test_client(), QID, FREE, PLAIN)
    screen.flag = {"FLAGME"}
    answer_everything(app.test_client(), QID, FREE, "FLAGME something happened")
    with app.app_context():
        plain, flagged = db.session.execute(db.select(Response.id).order_by(Response.id)).scalars()
        near = Near(FREE, "child", "neglect", 0.55, "close to an example")
        assert second_look.record(QID, [(plain, near), (plain, near)], "analysis") == 1
        assert second_look.record(QID, [(plain, near)], "sending") == 0
        assert second_look.record(QID, [(flagged, near)], "analysis") == 0  # it has a case
        with pytest.raises(ValueError):
            second_look.record(QID, [(plain, near)], "by hand")
        db.session.commit()
    assert [(i.response_id, i.found) for i in _listed(app)] == [(plain, "analysis")]


def test_a_quarantined_response_is_not_listed_on_sending(setting):
    app, _screen = setting
    app.config["MIN_FILL_SECONDS"] = 10_000  # every response looks automated
    answer_everything(app.test_client(), QID, FREE, NEAR)
    with app.app_context():
        assert db.session.execute(db.select(Response.quarantine)).scalar_one() != ""
    assert _listed(app) == []


def test_a_failure_to_list_on_sending_loses_nothing(setting, monkeypatch):
    app, _screen = setting

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(second_look, "record", broken)
    answer_everything(app.test_client(), QID, FREE, NEAR)  # the child's journey ends as usual
    with app.app_context():
        assert db.session.execute(db.select(Response.answers)).scalar_one()[FREE] == NEAR
    monkeypatch.undo()
    with app.app_context():
        assert run_analysis(QID).listed == 1  # the next run lists it


def test_the_lead_is_told_at_most_once_a_day_without_the_words(setting):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    answer_everything(app.test_client(), QID, FREE, NEAR + " again")

    def reminders():
        with app.app_context():
            query = db.select(Notification).where(
                Notification.subject == notify.SECOND_LOOK_SUBJECT
            )
            return db.session.execute(query).scalars().all()

    (first,) = reminders()  # two answers listed, one email
    assert first.to == "lead@x.example" and "/staff/safeguarding/second-look" in first.body
    assert "second look: 1." in first.body and "quintrel" not in first.body
    with app.app_context():
        db.session.get(Notification, first.id).created_at -= dt.timedelta(hours=25)
        db.session.commit()
    answer_everything(app.test_client(), QID, FREE, NEAR + " once more")
    assert len(reminders()) == 2  # a day later, a new answer listed: told again
    assert "second look: 3." in reminders()[-1].body


def test_a_case_opens_even_when_the_questionnaire_was_since_removed(setting, monkeypatch):
    app, _screen = setting
    answer_everything(app.test_client(), QID, FREE, NEAR)
    (item,) = _listed(app)
    lead = _lead(app)
    token = csrf(lead.get("/staff/safeguarding/second-look").get_data(True))
    monkeypatch.setattr(second_look.catalogue, "all_questionnaires", lambda: {})
    assert NEAR in text_of(lead.get("/staff/safeguarding/second-look"))  # the words still read
    opened = _decide(lead, item.id, "case", token=token)
    assert opened.status_code == 303
    (case,) = _cases(app)
    assert (case.text, case.questionnaire_id, case.audience) == (NEAR, QID, "child")
    with app.app_context():
        bodies = db.session.execute(db.select(Notification.body)).scalars().all()
        assert any(f"Questionnaire: {QID}" in body for body in bodies)


def _between_floors(floor: float) -> str:
    """A child's answer (from a blind development set, or an everyday one) the shipped screen
    leaves clear and off the list, and a list from ``floor`` holds: found with the real
    screen, not assumed."""
    from analysis import evalsets
    from analysis.safeguarding import default_screener
    from analysis.safeguarding.evaluate import load_examples

    shipped, wider = default_screener(), default_screener(floor)
    texts = [
        e.text for e in load_examples("blind_dev10") if e.language == "en" and e.audience == "child"
    ]
    for text in [*texts, *(row["text"] for row in evalsets.real_rows())]:
        before = shipped.screen(text, locale="en", audience="child")
        after = wider.screen(text, locale="en", audience="child")
        if not before.flag and before.second_look is None and after.second_look is not None:
            return text
    raise AssertionError("no answer between the two floors: the test has nothing to check")


def _listed_for(app, question_id: str) -> list[SecondLook]:
    return [item for item in _listed(app) if item.question_id == question_id]


def test_a_council_s_wider_list_holds_more_on_sending_and_in_the_analysis(tmp_path, monkeypatch):
    """SAFEGUARDING_SECOND_LOOK=0.4: an answer the shipped list leaves out is listed when it is
    sent, and by the analysis when sending missed it; unset, it is listed at neither."""
    text = _between_floors(0.4)
    for name in ("shipped", "wider", "later"):
        (tmp_path / name).mkdir()
    shipped, _ = make_app(tmp_path / "shipped")
    answer_everything(shipped.test_client(), QID, FREE, text)
    with shipped.app_context():
        run_analysis(QID)
    assert _listed_for(shipped, FREE) == [] and _cases(shipped) == []

    wider, _ = make_app(tmp_path / "wider", SAFEGUARDING_SECOND_LOOK=0.4)
    answer_everything(wider.test_client(), QID, FREE, text)
    (item,) = _listed_for(wider, FREE)
    assert item.found == "sending" and 0.4 - 1e-3 <= item.probability < 0.5
    assert _cases(wider) == []  # a wider list flags nothing

    later, _ = make_app(tmp_path / "later", SAFEGUARDING_SECOND_LOOK=0.4)
    from survey.safeguarding import screening

    monkeypatch.setattr(screening, "_default_screen", lambda: Screen())  # sending misses it
    answer_everything(later.test_client(), QID, FREE, text)
    assert _listed_for(later, FREE) == []
    monkeypatch.undo()
    with later.app_context():
        run_analysis(QID)
    (item,) = _listed_for(later, FREE)
    assert item.found == "analysis" and _cases(later) == []


def test_the_lead_reads_the_kind_of_concern_in_the_page_s_language(setting):
    """The screen's categories are named in the lead's language (their English is the
    screen's own, and every category has a name)."""
    from flask_babel import force_locale

    from analysis.safeguarding import CATEGORIES
    from survey.safeguarding.setup import CATEGORY_NAMES

    app, _screen = setting
    with app.test_request_context():
        assert {k: str(v) for k, v in CATEGORY_NAMES.items()} == dict(CATEGORIES)
        with force_locale("cy"):
            welsh = str(CATEGORY_NAMES["physical_abuse"])
    assert welsh != "Physical abuse"
    answer_everything(app.test_client(), QID, FREE, NEAR)
    lead = _lead(app)
    page = text_of(lead.get("/staff/safeguarding/second-look?lang=cy", follow_redirects=True))
    assert welsh in page and "Physical abuse" not in page
    english = lead.get("/staff/safeguarding/second-look?lang=en", follow_redirects=True)
    assert "Physical abuse" in text_of(english)
