"""Why the meaning layer flagged or listed an answer, on the lead's pages in the lead's language.

The layer's finding is stored as parts (category, probability, nearest example and its
similarity) beside its English sentence, and the case page and the second-look list word it
in the page's language; rows stored before the parts were kept show their sentence as it was,
and the email to the lead stays in English. The screen is a stand-in that flags or lists
chosen words as the meaning layer would, so these tests do not depend on the model's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from helpers import (
    add_case,
    answer_everything,
    close_app,
    csrf,
    make_app,
    make_user,
    sign_in,
    text_of,
)
from sqlalchemy import inspect, text

from analysis.safeguarding import CATEGORIES
from analysis.safeguarding.meaning import MeaningFlag
from survey.db import db
from survey.safeguarding.models import Notification, SafeguardingCase, SecondLook
from survey.safeguarding.screening import finding_of
from survey.safeguarding.setup import meaning_reason
from survey.workspace.run import run_analysis

QID = "children-8-12"
FREE = "change_one_thing"
EXAMPLE = "he hits me when he is angry"
# As the meaning layer finds them: below the threshold (listed), and at it (flagged).
CLOSE = MeaningFlag(0.57, "physical_abuse", EXAMPLE, 0.71, True)
FLAG = MeaningFlag(0.834, "self_harm", "im hiding the marks under my sleeves again", 0.688)
ENGLISH_CLOSE = (
    "No rule matched; its meaning is close to an example of Physical abuse (probability 0.57; "
    f"nearest example, similarity 0.71: \u201c{EXAMPLE}\u201d)"
)
# A rule's match in a long answer that the layer set aside (``screener.SET_ASIDE_BELOW``).
ASIDE = MeaningFlag(
    0.04, "physical_abuse", "", 0.0, True, rule="en.physical.hit", words="dad used to hit me"
)
BEFORE = "f1e2d3c4b5a6"  # the second-look list, before the finding was kept as parts


@dataclass
class Result:
    status: str
    flag: bool = False
    categories: tuple = ()
    language: str = "en"
    error: str | None = None
    reason: str | None = None
    second_look: MeaningFlag | None = None
    meaning: MeaningFlag | None = None


def screen(text: str, *, locale=None, audience=None) -> Result:
    """``NEARLY`` is close to a disclosure (listed); ``MEANT`` is flagged by meaning alone."""
    if "MEANT" in text:
        return Result("flagged", True, (FLAG.category,), reason=FLAG.reason(), meaning=FLAG)
    if "NEARLY" in text:
        return Result("clear", second_look=CLOSE)
    if "LONG AGO" in text:
        return Result("clear", second_look=ASIDE)
    return Result("clear")


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    app, schema = make_app(
        tmp_path, request.param, SAFEGUARDING_SCREEN=screen, SAFEGUARDING_NOTIFY="lead@x.example"
    )
    yield app
    close_app(app, schema)


def _lead(app):
    lead = app.test_client()
    sign_in(lead, make_user(app, "safeguarding"))
    return lead


def _page(client, path: str, locale: str) -> str:
    return text_of(client.get(f"{path}?lang={locale}", follow_redirects=True))


def _in(app, locale: str, finding: dict | None, stored: str = "") -> str:
    with app.test_request_context(), force_locale(locale):
        return meaning_reason(finding, stored)


def _only(app, model):
    with app.app_context():
        return db.session.execute(db.select(model)).scalar_one()


def test_a_finding_is_kept_as_its_parts_and_a_partial_one_as_none():
    example = "they said \u201cdon't tell\u201d (or else)\nso i didn't"
    for category in CATEGORIES:
        assert finding_of(MeaningFlag(0.713, category, example, 0.642).summary()) == {
            "category": category,
            "probability": 0.713,
            "similarity": 0.642,
            "exemplar": example,
        }
    assert finding_of(None) is None
    assert finding_of({"category": "self_harm", "probability": 0.8}) is None  # an older summary
    assert finding_of({**FLAG.summary(), "probability": "high"}) is None


def test_a_listed_answer_s_reason_is_in_the_page_s_language(app):
    answer_everything(app.test_client(), QID, FREE, "NEARLY my step dad gets really angry")
    item = _only(app, SecondLook)
    assert item.meaning == {
        "category": "physical_abuse",
        "probability": 0.57,
        "similarity": 0.71,
        "exemplar": EXAMPLE,
    }
    assert item.reason == CLOSE.reason()  # the English sentence is kept as it was
    welsh = _in(app, "cy", item.meaning)
    assert "Cam-drin corfforol" in welsh and EXAMPLE in welsh and welsh != ENGLISH_CLOSE
    lead = _lead(app)
    page = _page(lead, "/staff/safeguarding/second-look", "cy")
    assert welsh in page and "No rule matched" not in page and "no rule matched" not in page
    assert "Przemoc fizyczna" in _page(lead, "/staff/safeguarding/second-look", "pl")
    assert "0,57" in _page(lead, "/staff/safeguarding/second-look", "pl")  # Polish decimals
    assert ENGLISH_CLOSE in _page(lead, "/staff/safeguarding/second-look", "en")


def test_a_rule_s_match_set_aside_is_listed_with_the_rule_in_the_page_s_language(app):
    answer_everything(app.test_client(), QID, FREE, "LONG AGO my dad used to hit me, fine now")
    item = _only(app, SecondLook)
    assert item.meaning["rule"] == "en.physical.hit"
    assert item.meaning["words"] == "dad used to hit me"
    assert item.reason == ASIDE.reason() and "en.physical.hit" in item.reason
    lead = _lead(app)
    english = _page(lead, "/staff/safeguarding/second-look", "en")
    assert "Rule en.physical.hit matched \u201cdad used to hit me\u201d" in english
    assert "No rule matched" not in english
    for locale in ("cy", "gd", "pl", "ar", "ur"):
        page = _page(lead, "/staff/safeguarding/second-look", locale)
        said = _in(app, locale, item.meaning)
        assert said in page and "en.physical.hit" in said and "dad used to hit me" in said
        assert "read as a whole" not in said  # worded in the page's language


def test_a_case_the_meaning_layer_flagged_reads_in_the_page_s_language(app):
    answer_everything(app.test_client(), QID, FREE, "MEANT i keep my sleeves down now")
    case = _only(app, SafeguardingCase)
    assert case.screen_error == FLAG.reason()
    assert case.meaning == {
        "category": "self_harm",
        "probability": 0.834,
        "similarity": 0.688,
        "exemplar": FLAG.exemplar,
    }
    welsh = _in(app, "cy", case.meaning)
    assert "Hunan-niweidio" in welsh and "0.83" in welsh and "0.69" in welsh
    lead = _lead(app)
    page = _page(lead, f"/staff/safeguarding/{case.id}", "cy")
    assert welsh in page and FLAG.reason() not in page
    english = _page(lead, f"/staff/safeguarding/{case.id}", "en")
    assert (
        "No rule matched; its meaning is close to an example of Self-harm (probability 0.83; "
        f"nearest example, similarity 0.69: \u201c{FLAG.exemplar}\u201d)"
    ) in english


def test_a_case_opened_from_the_list_in_welsh_keeps_the_parts_and_emails_in_english(app):
    answer_everything(app.test_client(), QID, FREE, "NEARLY my step dad gets really angry")
    item = _only(app, SecondLook)
    lead = _lead(app)
    listed = _page(lead, "/staff/safeguarding/second-look", "cy")
    opened = lead.post(
        f"/staff/safeguarding/second-look/{item.id}",
        data={"csrf_token": csrf(listed), "decision": "case"},
    )
    assert opened.status_code == 303
    case = _only(app, SafeguardingCase)
    assert case.meaning == item.meaning and case.screen_error == item.reason
    assert _in(app, "cy", case.meaning) in _page(lead, f"/staff/safeguarding/{case.id}", "cy")
    with app.app_context():
        body = db.session.execute(
            db.select(Notification.body).where(
                Notification.subject == f"New safeguarding case {case.id}"
            )
        ).scalar_one()
    assert "Possible concern: Physical abuse\n" in body
    assert "Cam-drin" not in body and EXAMPLE not in body  # English, and no example either


def test_rows_stored_before_the_parts_were_kept_show_their_sentence(app):
    old = "no rule matched; its meaning is close to a neglect example (probability 0.68; ...)"
    answer_everything(app.test_client(), QID, FREE, "NEARLY we never have tea")
    with app.app_context():
        item = db.session.execute(db.select(SecondLook)).scalar_one()
        item.meaning, item.reason = None, old + " listed"
        case = add_case(
            screen_status="flagged", categories=["neglect"], screen_error=old + " flagged"
        )
        db.session.commit()
        case_id = case.id
    assert _only(app, SafeguardingCase).meaning is None
    lead = _lead(app)
    assert old + " listed" in _page(lead, "/staff/safeguarding/second-look", "cy")
    assert old + " flagged" in _page(lead, f"/staff/safeguarding/{case_id}", "cy")
    # A finding missing a part is not worded with a gap: the stored sentence stands.
    assert _in(app, "cy", {"category": "neglect", "probability": 0.6}, old) == old


def test_the_example_is_quoted_as_written_and_never_read_as_markup(app):
    answer_everything(app.test_client(), QID, FREE, "NEARLY my step dad gets really angry")
    with app.app_context():
        item = db.session.execute(db.select(SecondLook)).scalar_one()
        item.meaning = {**item.meaning, "exemplar": "<b>mum</b> 100% said so"}
        db.session.commit()
    html = _lead(app).get("/staff/safeguarding/second-look?lang=en", follow_redirects=True)
    raw = html.get_data(as_text=True)
    assert "&lt;b&gt;mum&lt;/b&gt; 100% said so" in raw and "<b>mum</b>" not in raw


def test_the_migration_adds_the_parts_as_empty_and_goes_back(db_app):
    with db_app.app_context():
        downgrade(revision=BEFORE)
        for table in ("safeguarding_case", "second_look"):
            assert "meaning" not in {c["name"] for c in inspect(db.engine).get_columns(table)}
        db.session.execute(
            text(
                "INSERT INTO safeguarding_case (created_at, questionnaire_id, question_id, text,"
                " text_digest, categories, screen_status, screen_error, language, locale,"
                " audience, draft_code_hash, status, contact_method, contact_details,"
                " contact_times) VALUES ('2026-12-01', :q, 'q', 't', 'd', '[\"neglect\"]',"
                " 'flagged', 'no rule matched; old', 'en', 'en', 'child', 'h', 'new', '', '',"
                " '')"
            ),
            {"q": QID},
        )
        db.session.commit()
        upgrade()
        for table in ("safeguarding_case", "second_look"):
            assert "meaning" in {c["name"] for c in inspect(db.engine).get_columns(table)}
        case = db.session.execute(db.select(SafeguardingCase)).scalar_one()
        assert (case.meaning, case.screen_error) == (None, "no rule matched; old")
        case.meaning = {"category": "neglect", "probability": 0.7, "similarity": 0.6}
        db.session.commit()
        downgrade(revision=BEFORE)
        assert db.session.execute(text("SELECT screen_error FROM safeguarding_case")).scalar() == (
            "no rule matched; old"
        )
        db.session.commit()
        upgrade()
        db.session.remove()


def test_a_case_the_analysis_opens_for_a_meaning_flag_keeps_its_reason(app):
    """An answer clear on sending, flagged by the meaning layer when the answers are analysed
    (a retrained layer, say): its case words the finding as one found on sending does."""
    answer_everything(app.test_client(), QID, FREE, "LATER i keep my sleeves down now")
    with app.app_context():
        assert db.session.execute(db.select(SafeguardingCase)).first() is None

    def later(text: str, *, locale=None, audience=None) -> Result:
        return screen(text.replace("LATER", "MEANT"), locale=locale, audience=audience)

    app.config["SAFEGUARDING_SCREEN"] = later
    with app.app_context():
        run_analysis(QID)
    case = _only(app, SafeguardingCase)
    assert case.screen_error == FLAG.reason()
    assert case.meaning == finding_of(FLAG.summary())
    page = _page(_lead(app), f"/staff/safeguarding/{case.id}", "cy")
    assert _in(app, "cy", case.meaning) in page and FLAG.reason() not in page
