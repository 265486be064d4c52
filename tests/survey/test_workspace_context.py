"""An analysis run themes a free-text answer in the light of its question's first theme."""

from __future__ import annotations

from survey import catalogue
from survey.db import db
from survey.models import Response
from survey.respond.submit import response_row, version_row
from survey.workspace.models import AnalysisRecord
from survey.workspace.run import run_analysis

QID = "care-experienced"
TEXT = "i want to see my mum more than once a month"


def test_an_answer_is_themed_with_its_questions_context(app):
    with app.app_context():
        q = catalogue.all_questionnaires()[QID]
        assert q.question("change_one_thing").themes[0] == "care"
        answers = {"change_one_thing": TEXT}
        db.session.add(Response(**response_row(q, answers, "t-context", version_row(q).id)))
        db.session.commit()
        run_analysis(QID)
        record = db.session.execute(db.select(AnalysisRecord)).scalar_one()
        assert "care" in record.themes and "family" in record.themes
