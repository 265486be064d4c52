"""One rule: a withheld answer appears nowhere outside the safeguarding queue.

Answers are flagged at each of the three moments (a page save, sending, and a later analysis
run with improved rules), and every output a member of staff or the public can get is read
back as it is delivered (pages, CSV and XLSX files, inline and prepared by the worker) to
check that none of the flagged words is in it. Reproduces issue 12 item 2 and issue 15 item 5:
before, the responses export and quotes held answers flagged at analysis time (which opened
no case), and emerging themes were grouped from flagged answers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
import pytest
from helpers import answer_everything, csrf, make_app, make_user, sign_in, text_of

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.safeguarding.models import CaseEvent, Notification, SafeguardingCase
from survey.serving import jobs
from survey.staff.models import AuditEntry
from survey.workspace.demo import fill
from survey.workspace.models import Action, FindingsSnapshot, Quote, ThemeCorrection
from survey.workspace.run import learned_model_path, run_analysis

QID = "children-8-12"
FREE = "change_one_thing"
# Each flagged answer shares "velvet lantern" (so the flagged ones would make an emerging
# theme together) and has a word of its own, found in no other answer.
TEXTS = {
    "page": "SAVEFLAG the velvet lantern goes out when he comes home quintrel",
    "send": "SENDFLAG the velvet lantern goes out when he comes home brasket",
    "late": "LATEFLAG the velvet lantern goes out when he comes home morvath",
    "late2": "LATEFLAG the velvet lantern is dark when she comes in dunsell",
}
OWN_WORDS = ("quintrel", "brasket", "morvath", "dunsell")
ALL_WORDS = (*OWN_WORDS, "velvet lantern", "lantern")


@dataclass
class Result:
    status: str
    categories: tuple = ()
    language: str = "en"
    error: str | None = None


class Rules:
    """A screen whose rules improve during the test: it flags the markers it knows so far."""

    def __init__(self) -> None:
        self.markers: set[str] = set()

    def __call__(self, text, *, locale=None, audience=None):
        if any(marker in text for marker in self.markers):
            return Result("flagged", ("physical_abuse",))
        return Result("clear")


@pytest.fixture(params=["sqlite", "postgresql"])
def setting(request, tmp_path):
    from helpers import close_app

    rules = Rules()
    app, schema = make_app(
        tmp_path,
        request.param,
        SAFEGUARDING_SCREEN=rules,
        SAFEGUARDING_NOTIFY="lead@council.example",
    )
    yield app, rules
    close_app(app, schema)


def _answer_all(client, text: str, before_send=None) -> None:
    answer_everything(client, QID, FREE, text, before_send)


def _csv_text(response) -> str:
    return response.get_data(as_text=True)


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    book.close()
    return "\n".join(cells)


def _case_count(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(SafeguardingCase.id))).scalar_one()


def _prepared(app, client, fmt: str) -> tuple[str, str]:
    """A responses export prepared by the worker: its text and its download link."""
    app.config.update(EXPORT_INLINE_LIMIT=1, JOBS_MODE="queue")
    queued = client.get(f"/staff/findings/{QID}/export/responses.{fmt}")
    assert queued.status_code == 302
    with app.app_context():
        jobs.work(once=True)
    app.config.update(EXPORT_INLINE_LIMIT=5000, JOBS_MODE="inline")
    page = text_of(client.get(f"/staff/findings/{QID}/exports"))
    marker = f'href="/staff/findings/{QID}/exports/'
    link = marker[6:] + page.split(marker)[1].split('"')[0]
    download = client.get(link)
    assert download.status_code == 200
    body = download.get_data()
    download.close()
    return (body.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(body)), link


def test_an_answer_flagged_at_any_moment_appears_nowhere_but_the_queue(setting):
    app, rules = setting
    rules.markers = {"SAVEFLAG"}
    _answer_all(app.test_client(), TEXTS["page"])  # flagged on its page save
    _answer_all(
        app.test_client(),
        TEXTS["send"],
        before_send=lambda: rules.markers.add("SENDFLAG"),  # rules improved before Send
    )
    _answer_all(app.test_client(), TEXTS["late"])  # not flagged yet
    _answer_all(app.test_client(), TEXTS["late2"])
    assert _case_count(app) == 2
    with app.app_context():
        fill(catalogue.all_questionnaires()[QID], 40, seed=11)
        run_analysis(QID)

    analyst = app.test_client()
    sign_in(analyst, make_user(app, "analyst"))
    viewer = app.test_client()
    sign_in(viewer, make_user(app, "viewer"))
    # Before the rules know "LATEFLAG", its answers are ordinary answers: seen by analysts
    # (the test's teeth: each output below can show these words).
    findings = text_of(analyst.get(f"/staff/findings/{QID}"))
    assert "velvet lantern" in findings and "morvath" in findings  # an emerging theme
    assert "quintrel" not in findings and "brasket" not in findings
    old_prepared, old_link = _prepared(app, analyst, "csv")
    assert "morvath" in old_prepared and "quintrel" not in old_prepared
    with app.app_context():
        by_text = {
            r.answers.get(FREE): r.id
            for r in db.session.execute(db.select(Response)).scalars()
            if r.answers.get(FREE) in TEXTS.values()
        }
        db.session.add_all(
            [
                Quote(
                    response_id=by_text[TEXTS["late"]],
                    questionnaire_id=QID,
                    question_id=FREE,
                    theme="safety",
                    text="the velvet lantern goes out when [name] comes home morvath",
                    status="approved",
                ),
                Quote(
                    response_id=by_text[TEXTS["late2"]],
                    questionnaire_id=QID,
                    question_id=FREE,
                    theme="safety",
                    text="the velvet lantern is dark when she comes in dunsell",
                ),
                ThemeCorrection(
                    response_id=by_text[TEXTS["late"]], question_id=FREE, themes=["safety"]
                ),
                Action(
                    questionnaire_id=QID,
                    theme="safety",
                    you_said="You told us the velvet lantern goes out when he comes home morvath.",
                    we_did="We asked youth workers to visit.",
                    published=True,
                ),
            ]
        )
        for snap in db.session.execute(db.select(FindingsSnapshot)).scalars():
            snap.published = True
        db.session.commit()
    assert "morvath" in text_of(analyst.get(f"/staff/findings/{QID}"))  # the approved quote
    assert "morvath" in text_of(app.test_client().get(f"/q/{QID}/you-said-we-did"))
    with app.app_context():
        run_analysis(QID)  # learns from the correction: the model file holds its words
        model = learned_model_path()
    assert "morvath" in model.read_text(encoding="utf-8")

    rules.markers.add("LATEFLAG")  # the rules improve; the next run finds the late answers
    with app.app_context():
        summary = run_analysis(QID)
    learned = model.read_text(encoding="utf-8")  # before any later run could relearn
    assert (summary.cases_opened, summary.quotes_withdrawn) == (2, 1)
    assert _case_count(app) == 4  # one case per flagged answer, whatever the moment
    with app.app_context():
        cases = db.session.execute(db.select(SafeguardingCase)).scalars().all()
        assert sorted(c.text for c in cases) == sorted(TEXTS.values())
        assert all(c.response_id is not None for c in cases)  # linked to the response
        late_cases = [c for c in cases if "LATEFLAG" in c.text]
        assert all(c.categories == ["physical_abuse"] for c in late_cases)  # from the screen
        assert all(c.screen_status == "flagged" for c in late_cases)
        notes = db.session.execute(db.select(Notification.subject)).scalars().all()
        for case in cases:  # every case told to the lead the same way
            assert f"New safeguarding case {case.id}" in notes
        events = db.session.execute(db.select(CaseEvent.action)).scalars().all()
        assert events.count("created") == 4
        audit = db.session.execute(db.select(AuditEntry.action)).scalars().all()
        assert audit.count("quote_withdrawn") == 2 and audit.count("action_struck") == 1
        assert {q.status for q in db.session.execute(db.select(Quote)).scalars()} == {"withdrawn"}
    with app.app_context():
        run_analysis(QID)  # again: no second case for the same answer
    assert _case_count(app) == 4

    outputs = {}
    # The viewer first reads the snapshot published before the late flags, then the new one.
    outputs["viewer findings (earlier, published)"] = text_of(viewer.get(f"/staff/findings/{QID}"))
    outputs["viewer report (earlier, published)"] = text_of(
        viewer.get(f"/staff/findings/{QID}/report")
    )
    page = analyst.get(f"/staff/findings/{QID}")
    analyst.post(
        f"/staff/findings/{QID}/publish",
        data={"csrf_token": csrf(page.get_data(True)), "published": "yes"},
    )
    for who, client in (("analyst", analyst), ("viewer", viewer)):
        outputs[f"{who} findings"] = text_of(client.get(f"/staff/findings/{QID}"))
        outputs[f"{who} report"] = text_of(client.get(f"/staff/findings/{QID}/report"))
        outputs[f"{who} compare"] = text_of(client.get("/staff/findings/compare"))
    outputs["learned model file"] = learned
    outputs["quotes"] = text_of(analyst.get(f"/staff/findings/{QID}/quotes"))
    outputs["actions"] = text_of(analyst.get(f"/staff/findings/{QID}/actions"))
    outputs["you said, we did"] = text_of(app.test_client().get(f"/q/{QID}/you-said-we-did"))
    page_no, more = 1, True
    while more:
        coding = text_of(analyst.get(f"/staff/findings/{QID}/answers?page={page_no}"))
        outputs[f"answers page {page_no}"] = coding
        more = f"page={page_no + 1}" in coding
        page_no += 1
    for kind in ("responses", "findings"):
        outputs[f"{kind}.csv"] = _csv_text(analyst.get(f"/staff/findings/{QID}/export/{kind}.csv"))
        outputs[f"{kind}.xlsx"] = _xlsx_text(
            analyst.get(f"/staff/findings/{QID}/export/{kind}.xlsx").data
        )
    for fmt in ("csv", "xlsx"):
        outputs[f"prepared responses.{fmt}"] = _prepared(app, analyst, fmt)[0]
    assert analyst.get(old_link).status_code == 404  # prepared before the flag: deleted

    leaks = [(name, w) for name, text in outputs.items() for w in ALL_WORDS if w in text.lower()]
    assert leaks == []
    assert "withheld - safeguarding" in outputs["responses.csv"]
    assert "Withdrawn: the answer it came from is now withheld" in outputs["quotes"]
    assert "Deleted: an answer in it has since been withheld" in text_of(
        analyst.get(f"/staff/findings/{QID}/exports")
    )
    # ...and the safeguarding lead reads every one of them in the queue.
    lead = app.test_client()
    sign_in(lead, make_user(app, "safeguarding"))
    with app.app_context():
        ids = db.session.execute(db.select(SafeguardingCase.id)).scalars().all()
    read = "".join(text_of(lead.get(f"/staff/safeguarding/{i}")) for i in ids)
    assert all(word in read for word in OWN_WORDS)


def test_a_copied_withheld_answer_cannot_be_published_as_you_said(setting):
    app, rules = setting
    _answer_all(app.test_client(), TEXTS["late"])
    rules.markers = {"LATEFLAG"}
    with app.app_context():
        run_analysis(QID)
    analyst = app.test_client()
    sign_in(analyst, make_user(app, "analyst"))
    page = analyst.get(f"/staff/findings/{QID}/actions")
    refused = analyst.post(
        f"/staff/findings/{QID}/actions",
        data={
            "csrf_token": csrf(page.get_data(True)),
            "theme": "safety",
            "you_said": "Someone said The Velvet Lantern goes out, when he comes home!",
            "we_did": "We did something.",
        },
        follow_redirects=True,
    )
    assert "repeats words from an answer withheld for safeguarding" in text_of(refused)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Action.id))).scalar_one() == 0


def test_an_answer_the_analysis_cannot_screen_becomes_an_unscreened_case(setting):
    app, _rules = setting
    _answer_all(app.test_client(), TEXTS["late"])

    def broken_for_one(text, **kwargs):
        if "morvath" in text:
            raise RuntimeError("rules file missing")
        return Result("clear")

    app.config["SAFEGUARDING_SCREEN"] = broken_for_one
    with app.app_context():
        summary = run_analysis(QID)
        (case,) = db.session.execute(db.select(SafeguardingCase)).scalars().all()
        assert case.screen_status == "unscreened" and case.response_id is not None
        assert summary.withheld == 1
    analyst = app.test_client()
    sign_in(analyst, make_user(app, "analyst"))
    assert "morvath" not in _csv_text(analyst.get(f"/staff/findings/{QID}/export/responses.csv"))


def test_an_export_being_prepared_when_an_answer_is_withheld_is_written_again(setting, monkeypatch):
    from survey.workspace import exporting
    from survey.workspace.prepared import path_for, write_prepared

    app, rules = setting
    _answer_all(app.test_client(), TEXTS["late"])
    with app.app_context():
        run_analysis(QID)
    written = []
    real_write = exporting.write

    def write_then_flag(*args, **kwargs):
        media = real_write(*args, **kwargs)
        if not written:  # the rules improve, and a run withholds the answer, mid-export
            rules.markers.add("LATEFLAG")
            run_analysis(QID)
        written.append(media)
        return media

    monkeypatch.setattr(exporting, "write", write_then_flag)
    with app.app_context():
        name = write_prepared({"questionnaire": QID, "kind": "responses", "fmt": "csv"})
        body = path_for(name).read_text(encoding="utf-8-sig")
    assert len(written) == 2 and "morvath" not in body and "withheld - safeguarding" in body
