"""The demo generator answers as a respondent would: its findings must not mislead whoever
tries the workspace with it (issue 13: forum sizes never given, "none" beside services)."""

from __future__ import annotations

from questionnaires.model import chosen
from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.workspace.demo import fill


def _answers(app, qid: str, count: int) -> list[dict]:
    with app.app_context():
        fill(catalogue.all_questionnaires()[qid], count, seed=3)
        rows = db.session.execute(db.select(Response.answers)).scalars()
        return [dict(a) for a in rows]


def test_pages_shown_by_an_earlier_answer_are_answered_and_only_then(app):
    answers = _answers(app, "parent-carers", 120)
    forums = [a for a in answers if a.get("respondent") == "forum"]
    others = [a for a in answers if a.get("respondent") != "forum"]
    assert forums and others
    assert sum("forum_members" in a for a in forums) >= len(forums) * 0.9
    assert not any("forum_members" in a for a in others)
    sizes = [a["forum_members"] for a in forums if "forum_members" in a]
    assert all(1 <= s <= 100_000 for s in sizes)
    assert len(set(sizes)) > len(sizes) // 3  # sizes vary, as forums do


def _questionnaire(app, qid: str):
    with app.app_context():
        return catalogue.all_questionnaires()[qid]


def test_every_generated_response_is_one_the_questionnaire_would_keep(app):
    q = _questionnaire(app, "parent-carers")
    for answers in _answers(app, "parent-carers", 60):
        assert q.prune(answers) == answers


def test_none_of_these_is_never_ticked_beside_another_option(app):
    q = _questionnaire(app, "parent-carers")
    alone = {
        question.id: {o.value for o in question.options if o.exclusive}
        for question in q.questions
        if question.type == "multiple_choice" and any(o.exclusive for o in question.options)
    }
    assert alone, "the bundled parent carer questionnaire has an exclusive 'none' option"
    seen_alone = False
    for answers in _answers(app, "parent-carers", 150):
        for qid, exclusive in alone.items():
            picked = set(chosen(answers.get(qid)))
            if picked & exclusive:
                assert len(picked) == 1, picked
                seen_alone = True
    assert seen_alone


def test_a_matrix_is_rated_over_the_rows_ticked_earlier_and_only_those(app):
    q = _questionnaire(app, "parent-carers")
    rating = q.question("services_rating")
    scale = {o.value for o in rating.options}
    rated = asked_any = 0
    for answers in _answers(app, "parent-carers", 120):
        asked = {r.value for r in rating.matrix_rows(answers)}
        given = answers.get("services_rating", {})
        assert set(given) <= asked and set(given.values()) <= scale
        assert "none" not in given
        rated += bool(given)
        asked_any += bool(asked)
    assert asked_any < 120  # some ticked "none": their page was skipped
    assert rated > 0.8 * asked_any
