"""A long answer a rule matched but the meaning layer, reading it whole, found unlike a
disclosure, end to end with the real screen: sending it opens no case and shows no help page,
and the lead's second-look list holds it with the rule and the words it matched. The same
words told as one's own still open a case. (How the screen decides is tested in
tests/safeguarding/test_safeguarding_set_aside.py.)"""

from __future__ import annotations

import pytest
from helpers import answer_everything, close_app, make_app, make_user, sign_in, text_of

from survey.db import db
from survey.safeguarding.models import SafeguardingCase, SecondLook

QID = "children-8-12"
FREE = "change_one_thing"
PAST = (
    "I'm 19 and I've got my own flat now through leaving care. When I was small my real dad "
    "used to hit me so I went into foster care, but that was years ago and I'm doing well now. "
    "I'd like housing benefit to be quicker."
)
OWN = (
    "I like English and I got a merit for my essay this term. My dad hits me and my brother "
    "with his belt when he gets in from the pub. I would like the library to open on Saturdays."
)


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    app, schema = make_app(tmp_path, request.param, SAFEGUARDING_NOTIFY="lead@x.example")
    yield app
    close_app(app, schema)


def _all(app, model):
    with app.app_context():
        return db.session.execute(db.select(model)).scalars().all()


def test_a_long_look_alike_is_listed_with_its_rule_and_opens_no_case(app):
    answer_everything(app.test_client(), QID, FREE, PAST)
    assert _all(app, SafeguardingCase) == []
    (item,) = _all(app, SecondLook)
    assert item.meaning["rule"].startswith("en.physical")
    assert item.meaning["words"] and item.meaning["words"].lower() in PAST.lower()
    lead = app.test_client()
    sign_in(lead, make_user(app, "safeguarding"))
    page = text_of(lead.get("/staff/safeguarding/second-look"))
    assert item.meaning["rule"] in page and "read as a whole" in page


def test_the_same_words_told_as_one_s_own_open_a_case(app):
    answer_everything(app.test_client(), QID, FREE, OWN)
    (case,) = _all(app, SafeguardingCase)
    assert "physical_abuse" in case.categories
    assert _all(app, SecondLook) == []
