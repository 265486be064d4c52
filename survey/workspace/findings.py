"""Precomputing a questionnaire's findings into one snapshot.

Counts here are raw; every page, chart, export and report applies small-number
suppression when it shows them (``analysis.reporting.suppression``), so the
threshold can be raised without re-running the analysis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from analysis.findings import ThemeCounts, ThemedAnswer
from analysis.reporting import stats
from questionnaires import Question, Questionnaire
from questionnaires.model import EMPTY, chosen
from questionnaires.types import PREFER_NOT_TO_SAY
from survey.db import db
from survey.models import QuestionnaireVersion, Response
from survey.workspace import mapped, periods
from survey.workspace.audiences import AudienceTally
from survey.workspace.models import AnalysisRecord, FieldworkPeriod
from survey.workspace.priorities import PriorityTally
from survey.workspace.ratings import MatrixTally

BREAKDOWN_PURPOSES = ("equality", "breakdown", "district")
STREAM_BATCH = 5000


def is_breakdown(question: Question) -> bool:
    """Questions whose groups get a breakdown table of their own (age band, equality
    questions, district); every closed question can still be chosen as a filter."""
    return question.purpose in BREAKDOWN_PURPOSES or question.kind.respondent_band


def group_order(question: Question) -> list[str]:
    """A question's groups in the order the questionnaire asks them: its options, then
    "prefer not to say" when offered; "not answered" and retired values come after."""
    order = [o.value for o in question.options]
    if question.prefer_not_to_say and PREFER_NOT_TO_SAY not in order:
        order.append(PREFER_NOT_TO_SAY)
    return order


class _ClosedTally:
    """One closed question's counts, added to one response at a time.

    The same counting as :func:`stats.closed_question_counts` (which needs every answer
    dict in a list at once), so a million responses can be counted while they stream
    past; :meth:`counts` hands the result to the same formatting.
    """

    def __init__(self, question: Question) -> None:
        self.question = question
        self.tally: Counter[str] = Counter()
        self.answered = 0

    def add(self, value: Any) -> None:
        if value in EMPTY:
            return
        self.answered += 1
        if isinstance(value, list | dict):  # a dict: "Other" ticked, with its words
            for picked in set(chosen(value)):  # a set: one person counts once
                self.tally[picked] += 1
        else:
            self.tally[str(value)] += 1

    def counts(self, seen: int) -> stats.Counts:
        """The counts once all ``seen`` responses have been added."""
        return stats.tally_counts(self.question, self.tally, self.answered, seen)


def _stream(query: Any) -> Iterator[Any]:
    """Rows a few thousand at a time (a server-side cursor on PostgreSQL), never all at once."""
    return iter(db.session.execute(query.execution_options(yield_per=STREAM_BATCH)))


def build_snapshot(
    q: Questionnaire, emerging: Sequence[Any] = (), reduced: Sequence[str] = ()
) -> dict[str, Any]:
    """Everything the findings pages show, as plain JSON-able data.

    ``emerging`` are the analysis's emerging-theme groups, made from answers that are not
    withheld; ``reduced`` says which NLP features ran reduced.

    Runs in the background analysis job. Responses (ordered by id) and their analysis
    records (ordered by response) are streamed side by side and counted as they pass, so
    memory stays flat however many responses there are: a million responses used to mean
    a million answer dicts and 1.6 million ORM records held at once, several GB.
    """
    frameworks, codebook = mapped.configured()

    # Every closed question's groups are counted, so an analyst can filter by any of them;
    # all of them go through one disclosure release (disclosure.py).
    group_questions = [x for x in q.questions if x.kind.tally == "closed"]
    closed = [_ClosedTally(x) for x in q.questions if x.kind.tally == "closed"]
    matrices = [MatrixTally(x) for x in q.questions if x.kind.tally == "matrix"]
    priorities = PriorityTally(q)
    by_period = periods.PeriodTally(
        db.session.execute(
            db.select(FieldworkPeriod).where(FieldworkPeriod.questionnaire_id == q.id)
        ).scalars(),
        [x.id for x in group_questions],
    )

    responses = _stream(
        db.select(
            Response.id,
            Response.answers,
            Response.audience,
            Response.answered_by,
            Response.submitted_on,
            Response.version_id,
            QuestionnaireVersion.version,
        )
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.version_id)
        .where(Response.questionnaire_id == q.id, Response.quarantine == "")
        .order_by(Response.id)
    )
    records = _stream(
        db.select(
            AnalysisRecord.id,
            AnalysisRecord.response_id,
            AnalysisRecord.question_id,
            AnalysisRecord.themes,
            AnalysisRecord.subthemes,
            AnalysisRecord.sentiment,
            AnalysisRecord.withheld,
        )
        .where(AnalysisRecord.questionnaire_id == q.id)
        .order_by(AnalysisRecord.response_id, AnalysisRecord.id)
    )

    total = withheld = 0
    waves: Counter[str] = Counter()
    audiences = AudienceTally(q)  # who answered: a child's section counts under children
    group_totals: dict[str, Counter[str]] = {gq.id: Counter() for gq in group_questions}
    theme_counts = ThemeCounts()
    record = next(records, None)
    for response in responses:
        answers = response.answers
        total += 1
        waves[str(response.version)] += 1
        by = response.answered_by or {}
        audiences.add(response.audience, by)
        groups = {gq.id: group_values(gq, answers.get(gq.id)) for gq in group_questions}
        for gq_id, values in groups.items():
            group_totals[gq_id].update(values)
        for tally in closed:
            tally.add(answers.get(tally.question.id))
        for matrix in matrices:
            matrix.add(answers)
        priorities.add(answers)

        # Records of responses before this one have no counted response (quarantined):
        # only their withheld flag counts, as it always did.
        while record is not None and record.response_id < response.id:
            withheld += bool(record.withheld)
            record = next(records, None)
        answered: list[ThemedAnswer] = []
        while record is not None and record.response_id == response.id:
            if record.withheld:
                withheld += 1
            else:
                who = by.get(record.question_id, {}).get("audience", response.audience)
                answered.append(
                    ThemedAnswer(record.id, record.themes, record.subthemes, record.sentiment, who)
                )
            record = next(records, None)
        themes = theme_counts.add(answered, groups, str(response.version))
        for theme_id, who_raised in themes.items():
            audiences.add_theme(theme_id, who_raised)
        by_period.add(response.submitted_on, response.version_id, answers, themes)
    while record is not None:
        withheld += bool(record.withheld)
        record = next(records, None)

    themes_out = theme_counts.entries(codebook)
    for theme in themes_out:  # a child's section of a parent's form counts under children
        theme["by_group"] |= audiences.theme_groups(theme["id"])

    return {
        "questionnaire": q.id,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "respondents": total,
        "withheld": withheld,
        "waves": dict(waves),
        "group_totals": {
            **{gq_id: dict(counts) for gq_id, counts in group_totals.items()},
            **audiences.group_totals(),
        },
        "groups": {
            gq.id: {
                "text": str(gq.text),
                "labels": {o.value: str(o.label) for o in gq.options},
                "multiple": gq.kind.several,  # groups overlap: see disclosure.py
                # A list, because PostgreSQL's JSONB does not keep the keys' order.
                "order": group_order(gq),
                "breakdown": is_breakdown(gq),
                "district": gq.purpose == "district",
            }
            for gq in group_questions
        }
        | audiences.group(),
        "themes": themes_out,
        # Emerging themes from answers that are not withheld; a snapshot without this mark
        # was made before that rule, and its emerging themes are never shown.
        "emerging_checked": True,
        "emerging": [
            {
                "label": g.label,
                "key_phrases": list(g.key_phrases),
                "respondents": len({i.split(":")[0] for i in g.ids}),
            }
            for g in emerging
        ],
        "closed": _closed_entries(
            q, closed, matrices, total, lambda question: _about(question, codebook, frameworks)
        ),
        # The frameworks as configured for this run, names from their files (mapped.py).
        "frameworks": mapped.describe(frameworks),
        **priorities.snapshot(),
        "reduced": list(reduced),
        # Counts per fieldwork period, for "Change since <period>" (periods.change_view).
        "periods": by_period.snapshot(_wordings(q.id)),
    }


def _wordings(qid: str) -> dict[int, dict[str, str]]:
    """Each stored version's question wording, to flag a question asked in other words."""
    rows = db.session.execute(
        db.select(QuestionnaireVersion.id, QuestionnaireVersion.definition).where(
            QuestionnaireVersion.questionnaire_id == qid
        )
    )
    return {row.id: periods.wording(row.definition) for row in rows}


def group_values(question: Question, value: Any) -> tuple[str, ...]:
    """The groups an answer puts a respondent in, for breakdowns and filters.

    One group per respondent ("not_answered" when skipped), except for a multiple-choice
    question, where each option ticked is a group of its own (so "autism" holds everyone
    who ticked it, whatever else they ticked) and the groups overlap.
    """
    if value in EMPTY:
        return (stats.NOT_ANSWERED,)
    if question.kind.several and isinstance(value, list | dict):
        return tuple(dict.fromkeys(chosen(value))) or (stats.NOT_ANSWERED,)
    if isinstance(value, list):  # an earlier version asked it as multiple choice
        return (str(value[0]),) if len(value) == 1 else (stats.SEVERAL,)
    if isinstance(value, dict):  # nothing a closed question stores: never a group's name
        return (stats.NOT_ANSWERED,)
    return (str(value),)


def _closed_entries(
    q: Questionnaire,
    closed: list[_ClosedTally],
    matrices: list[MatrixTally],
    total: int,
    about: Callable[[Question], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Each closed question's counts and each matrix row's, in the questionnaire's order, with
    what the question is mapped to (``about``)."""
    found = {
        t.question.id: [_closed_entry(t.question, t.counts(total)) | about(t.question)]
        for t in closed
    }
    found |= {m.question.id: [e | about(m.question) for e in m.entries()] for m in matrices}
    return [entry for x in q.questions for entry in found.get(x.id, [])]


def _about(question: Question, codebook: Any, frameworks: Any) -> dict[str, Any]:
    """The themes and framework items a question's author mapped it to."""
    return {
        "themes": [
            {"id": t, "name": codebook.themes[t].name if t in codebook.themes else t}
            for t in question.themes
        ],
        "mappings": mapped.question_mappings(question, frameworks),
    }


def _closed_entry(question: Question, counts: stats.Counts) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": str(question.text),
        "type": question.type,
        "purpose": question.purpose,
        **stats.counts_as_dict(counts),
        "order": [o.value for o in counts.options],  # the questionnaire's order (JSONB loses it)
    }
