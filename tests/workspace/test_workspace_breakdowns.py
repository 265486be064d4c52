"""Breakdown tables and filters: the questionnaire's order and words, shares, every question.

Reproduces issue 14: multiple-choice answers used as breakdowns became about 220 columns
headed with Python lists; age bands and options came in whatever order the database kept
(PostgreSQL's JSONB sorts keys by length); counts had no shares; only breakdown questions
could be filters.
"""

from __future__ import annotations

import random

from survey.workspace import breakdowns, disclosure, presenting

T = 10
AGES = ["0-4", "5-10", "11-15", "16-18", "19-25", "prefer_not_to_say"]


def _jsonb(mapping: dict) -> dict:
    """A dict in the order PostgreSQL's JSONB gives its keys back: shorter keys first."""
    return {k: mapping[k] for k in sorted(mapping, key=lambda k: (len(k.encode()), k.encode()))}


def snapshot(seed: int = 4, people: int = 400) -> dict:
    """A snapshot of made-up parent carers: an age band, a multiple-choice needs question
    used as a breakdown, a district question, and a closed question that is none of those."""
    rng = random.Random(seed)
    questions = {
        "child_age": (AGES, False, "breakdown"),
        "child_needs": (["autism", "adhd", "physical", "sensory"], True, "breakdown"),
        "district": (["north", "south", "east", "west"], False, "district"),
        "needs_met": (["very_well", "fairly_well", "not_very_well"], False, None),
    }
    themes = ["services", "waiting", "family"]
    totals = {q: {} for q in questions}
    cells = {x: {q: {} for q in questions} for x in themes}
    raised = dict.fromkeys(themes, 0)
    for _ in range(people):
        said = [x for x in themes if rng.random() < 0.4]
        for x in said:
            raised[x] += 1
        for q, (values, multiple, _purpose) in questions.items():
            if rng.random() < 0.05:
                groups = ["not_answered"]
            elif multiple:
                groups = [v for v in values if rng.random() < 0.4] or ["not_answered"]
            else:
                groups = [rng.choice(values)]
            for v in groups:
                totals[q][v] = totals[q].get(v, 0) + 1
                for x in said:
                    cells[x][q][v] = cells[x][q].get(v, 0) + 1
    return {
        "respondents": people,
        "themes": [
            {
                "id": x,
                "name": x.title(),
                "respondents": raised[x],
                "sentiment": 0.0,
                "subthemes": [],
                "frameworks": {},
                "by_group": {q: _jsonb(c) for q, c in cells[x].items()},
                "by_wave": {},
                "by_audience": {},
            }
            for x in themes
        ],
        "groups": _jsonb(
            {
                q: {
                    "text": f"Question {q}",
                    "labels": _jsonb({v: f"Label {v}" for v in values if v != "prefer_not_to_say"}),
                    "multiple": multiple,
                    "order": list(values),
                    "breakdown": purpose is not None,
                    "district": purpose == "district",
                }
                for q, (values, multiple, purpose) in questions.items()
            }
        ),
        "group_totals": {q: _jsonb(t) for q, t in totals.items()},
        "closed": [
            {
                "id": q,
                "text": f"Question {q}",
                "type": "multiple_choice" if multiple else "single_choice",
                "purpose": purpose,
                "counts": _jsonb({v: totals[q].get(v, 0) for v in values}),
                "labels": {v: f"Label {v}" for v in values},
                "answered": people - totals[q].get("not_answered", 0),
                "skipped": totals[q].get("not_answered", 0),
                "multiple": multiple,
                "order": list(values),
            }
            for q, (values, multiple, purpose) in questions.items()
        ],
        "rankings": [],
        "waves": {},
        "emerging": [],
    }


def test_columns_follow_the_questionnaire_not_the_database():
    data = snapshot()
    assert list(data["group_totals"]["district"])[:2] == ["east", "west"]  # as JSONB keeps it
    view = presenting.findings_view(data, {}, T)
    tables = {t["question"]: t for t in view["breakdown"]}
    districts = [value for value, _label, _size in tables["district"]["columns"]]
    assert districts == ["north", "south", "east", "west", "not_answered"]
    ages = [value for value, _label, _size in tables["child_age"]["columns"]]
    assert ages == [*AGES, "not_answered"]
    labels = [label for _v, label, _size in tables["child_age"]["columns"]]
    assert labels[-2:] == ["Prefer not to say", "Not answered"]
    closed = {c["id"]: c for c in view["closed"]}
    assert list(closed["child_age"]["shown"]) == AGES
    assert list(closed["needs_met"]["shown"]) == ["very_well", "fairly_well", "not_very_well"]
    assert list(closed["district"]["shown"]) == ["north", "south", "east", "west"]


def test_a_multiple_choice_breakdown_is_one_column_per_option_under_its_label():
    view = presenting.findings_view(snapshot(), {}, T)
    (needs,) = [t for t in view["breakdown"] if t["question"] == "child_needs"]
    assert [label for _v, label, _s in needs["columns"]] == [
        "Label autism",
        "Label adhd",
        "Label physical",
        "Label sensory",
        "Not answered",
    ]
    for table in view["breakdown"]:
        for _value, label, _size in table["columns"]:
            assert "[" not in label and "'" not in label and "_" not in label


def test_each_count_has_its_share_of_its_group_only_when_both_are_shown():
    data = snapshot()
    view = presenting.findings_view(data, {}, T)
    rel = disclosure.release(data, T)
    shares = hidden = 0
    for table in view["breakdown"]:
        q = table["question"]
        for theme, cells in table["rows"]:
            for value, _label, size in table["columns"]:
                n, share = cells[value]
                assert n == rel.cells[q][theme["id"]][value] and size == rel.groups[q][value]
                if n is None or not size:
                    assert share is None
                    hidden += 1
                else:
                    assert share == round(100 * n / size, 1)
                    shares += 1
    assert shares > 20 and hidden  # both kinds are in the data


def test_only_breakdown_questions_get_tables_but_every_closed_question_is_a_filter():
    data = snapshot()
    view = presenting.findings_view(data, {}, T)
    assert [t["question"] for t in view["breakdown"]] == ["child_age", "child_needs", "district"]
    filters = view["filters"]
    assert filters[0]["question"] == "district"  # where it is asked, the district comes first
    assert {f["question"] for f in filters} == {"child_age", "child_needs", "district", "needs_met"}
    rel = disclosure.release(data, T)
    for f in filters:
        offered = [v for v, _label in f["options"]]
        assert offered == [v for v in breakdowns.ordered(data["groups"][f["question"]], offered)]
        assert all(rel.base(f["question"], v) for v in offered)
    filtered = presenting.findings_view(data, {"group": "needs_met:fairly_well"}, T)
    assert not filtered["refused"]
    assert filtered["base"] == data["group_totals"]["needs_met"]["fairly_well"]


def test_a_group_too_small_to_show_is_neither_offered_nor_shown():
    data = snapshot(people=200)
    data["group_totals"]["district"]["islands"] = 3
    data["groups"]["district"]["order"].append("islands")
    view = presenting.findings_view(data, {"group": "district:islands"}, T)
    assert view["refused"] == "small"
    (district,) = [f for f in view["filters"] if f["question"] == "district"]
    assert "islands" not in [v for v, _label in district["options"]]


def test_older_snapshots_without_an_order_keep_their_labels_order():
    data = snapshot()
    for meta in data["groups"].values():
        del meta["order"]
        meta["labels"] = {f"v{i}": f"V{i}" for i in range(3)}
    assert breakdowns.ordered(data["groups"]["district"], ["not_answered", "v2", "zz", "v0"]) == [
        "v0",
        "v2",
        "zz",
        "not_answered",
    ]
