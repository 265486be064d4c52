"""A matrix's ratings in findings: each row a closed question of its own, suppressed so."""

from __future__ import annotations

from pathlib import Path

from questionnaires import load_directory
from survey.workspace import presenting
from survey.workspace.ratings import MatrixTally


def _rating():
    return load_directory(Path("questionnaires/definitions"))["parent-carers"].question(
        "services_rating"
    )


def _respondent(used: list[str], ratings: dict[str, str]) -> dict:
    return {"services_used": used, "services_rating": ratings}


def test_each_row_counts_the_scale_among_those_who_rated_it() -> None:
    tally = MatrixTally(_rating())
    tally.add(_respondent(["ot", "camhs"], {"ot": "good", "camhs": "poor"}))
    tally.add(_respondent(["ot"], {"ot": "good"}))
    tally.add(_respondent(["ot", "short_breaks"], {"ot": "very_poor"}))  # one row skipped
    tally.add(_respondent(["none"], {}))
    entries = {e["row"]: e for e in tally.entries()}
    ot = entries["ot"]
    assert ot["counts"]["good"] == 2 and ot["counts"]["very_poor"] == 1
    assert ot["answered"] == 3 and ot["skipped"] == 0
    assert ot["percents"]["good"] == round(100 * 2 / 3, 1)
    assert entries["short_breaks"]["answered"] == 0 and entries["short_breaks"]["skipped"] == 1
    assert ot["order"][:2] == ["very_good", "good"]  # the scale's own order
    assert ot["text"].endswith("– Occupational therapy") and ot["id"] == "services_rating.ot"
    assert "none" not in entries and list(entries)[-1] == "other"  # the rows' own order


def _view(entry: dict) -> dict:
    data = {"respondents": 200, "themes": [], "groups": {}, "closed": [entry]}
    return presenting.findings_view(data, {}, None)


def test_a_rows_small_counts_are_withheld_and_so_is_the_next_smallest() -> None:
    tally = MatrixTally(_rating())
    for rating, people in (("very_good", 30), ("good", 12), ("poor", 4)):
        for _ in range(people):
            tally.add(_respondent(["ot"], {"ot": rating}))
    ot = next(e for e in tally.entries() if e["row"] == "ot")
    (shown,) = _view(ot)["closed"]
    assert shown["shown"]["very_good"] == 30
    assert shown["shown"]["poor"] is None  # 4 people: too few to show
    assert shown["shown"]["good"] is None  # else 46 - 30 - 12 would give the 4 away
    assert shown["shown"]["neither"] == 0 and shown["shares"]["poor"] is None


def test_a_row_rated_by_fewer_than_ten_shows_nothing() -> None:
    tally = MatrixTally(_rating())
    for _ in range(6):
        tally.add(_respondent(["camhs"], {"camhs": "good"}))
    camhs = next(e for e in tally.entries() if e["row"] == "camhs")
    (shown,) = _view(camhs)["closed"]
    assert set(shown["shown"].values()) == {None}
