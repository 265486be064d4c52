"""Change between fieldwork periods, from snapshot data: tested, withheld, wording flagged.

Reproduces issue 14: waves followed the YAML ``version:`` number, so an unchanged annual
survey could not be compared year on year and an edited question was pooled silently.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from survey.workspace.periods import PeriodTally, change_view, wording

T = 10


def _period(pid, name, n, themes, closed, words=None):
    return {
        "id": pid,
        "name": name,
        "starts_on": f"{2024 + pid}-10-01",
        "ends_on": f"{2024 + pid}-11-30",
        "respondents": n,
        "themes": themes,
        "closed": closed,
        "wording": words or {"likes": ['"Do you like it?"'], "why": ['"Why?"']},
    }


def _data(earlier, later, total=None):
    both = [earlier, later]
    return {
        "respondents": total if total is not None else sum(p["respondents"] for p in both),
        "themes": [
            {"id": "play", "name": "Play", "respondents": sum(p["themes"]["play"] for p in both)},
            {"id": "food", "name": "Food", "respondents": sum(p["themes"]["food"] for p in both)},
        ],
        "closed": [
            {
                "id": "likes",
                "text": "Do you like it?",
                "order": ["yes", "no"],
                "labels": {"yes": "Yes", "no": "No"},
                "counts": {
                    v: sum(p["closed"]["likes"]["counts"].get(v, 0) for p in both)
                    for v in ("yes", "no")
                },
            }
        ],
        "periods": both,
    }


def _likes(answered, yes, no):
    return {"likes": {"answered": answered, "counts": {"yes": yes, "no": no}}}


def test_the_latest_two_periods_are_compared_and_each_change_tested():
    earlier = _period(1, "Autumn 2025", 200, {"play": 40, "food": 50}, _likes(200, 100, 100))
    later = _period(2, "Autumn 2026", 200, {"play": 70, "food": 55}, _likes(200, 128, 72))
    view = change_view(_data(earlier, later), T)
    assert (view["before"]["name"], view["after"]["name"]) == ("Autumn 2025", "Autumn 2026")
    assert view["before"]["starts"] == dt.date(2025, 10, 1)
    play, food = view["themes"]
    # 20% -> 35%: z = 0.15 / sqrt(0.275 * 0.725 * 0.01) = 3.359, significant.
    assert (play["before"], play["after"], play["change"], play["significant"]) == (
        20.0,
        35.0,
        15.0,
        True,
    )
    # 25% -> 27.5%: z = 0.025 / sqrt(0.2625 * 0.7375 * 0.01) = 0.568, not significant.
    assert (food["change"], food["significant"]) == (2.5, False)
    yes, no = view["closed"][0]["rows"]
    # 50% -> 64%: z = 1.9996 (hand-worked in test_workspace_significance), just significant.
    assert (yes["label"], yes["change"], yes["significant"]) == ("Yes", 14.0, True)
    assert (no["change"], no["significant"]) == (-14.0, True)
    assert not view["closed"][0]["wording_changed"] and not view["open_wording_changed"]


def test_a_change_is_not_shown_where_either_side_is_withheld():
    earlier = _period(1, "Autumn 2025", 100, {"play": 9, "food": 30}, _likes(100, 95, 5))
    later = _period(2, "Autumn 2026", 100, {"play": 40, "food": 30}, _likes(100, 60, 40))
    view = change_view(_data(earlier, later), T)
    play, food = view["themes"]
    assert play == {"label": "Play", "withheld": True}  # 9 earlier: no share on either side
    assert not food["withheld"]
    yes, no = view["closed"][0]["rows"]
    assert not yes["withheld"] and no == {"label": "No", "withheld": True}  # 5 earlier


def test_a_small_number_outside_the_two_periods_withholds_what_would_give_it_away():
    earlier = _period(1, "Autumn 2025", 100, {"play": 30, "food": 30}, _likes(100, 50, 50))
    later = _period(2, "Autumn 2026", 100, {"play": 40, "food": 30}, _likes(100, 60, 40))
    data = _data(earlier, later)
    data["themes"][0]["respondents"] += 3  # 3 raised play in no period: 73 - 30 - 40 = 3
    assert change_view(data, T)["themes"][0]["withheld"]
    assert not change_view(data, T)["themes"][1]["withheld"]
    data["respondents"] += 4  # 4 responses outside both periods: the section is withheld
    assert change_view(data, T)["withheld"]
    data["respondents"] += 6  # 10 outside: as safe as any other count shown
    assert not change_view(data, T)["withheld"]


def test_wording_changed_between_the_periods_is_flagged_not_pooled_silently():
    earlier = _period(1, "Autumn 2025", 100, {"play": 30, "food": 30}, _likes(100, 50, 50))
    later = _period(
        2,
        "Autumn 2026",
        100,
        {"play": 40, "food": 30},
        _likes(100, 60, 40),
        {"likes": ['"Do you like it a lot?"'], "why": ['"Why?"']},
    )
    view = change_view(_data(earlier, later), T)
    assert view["closed"][0]["wording_changed"] and not view["open_wording_changed"]
    later["wording"]["why"] = ['"Why not?"']
    assert change_view(_data(earlier, later), T)["open_wording_changed"]


def test_one_period_or_none_means_no_comparison():
    only = _period(1, "Autumn 2025", 100, {"play": 30, "food": 30}, _likes(100, 50, 50))
    empty = _period(2, "Autumn 2026", 0, {"play": 0, "food": 0}, _likes(0, 0, 0))
    assert change_view(_data(only, empty), T) is None
    assert change_view({"themes": []}, T) is None  # a snapshot from before periods


def test_a_response_belongs_to_the_period_its_day_falls_in():
    periods = [
        SimpleNamespace(
            id=2, name="B", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 30)
        ),
        SimpleNamespace(
            id=1, name="A", starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2025, 11, 30)
        ),
    ]
    tally = PeriodTally(periods, ["likes"])
    tally.add(dt.date(2025, 11, 30), 7, {"likes": "yes"}, ["play"])  # last day counts
    tally.add(dt.date(2026, 10, 1), 8, {"likes": ["yes", "no"]}, ["play", "food"])
    tally.add(dt.date(2026, 6, 1), 8, {"likes": "no"}, ["food"])  # in no period
    tally.add(dt.date(2026, 10, 2), 8, {}, [])
    a, b = tally.snapshot({7: {"likes": "old"}, 8: {"likes": "new"}})
    assert [a["name"], b["name"]] == ["A", "B"]  # in date order, whatever order they came
    assert (a["respondents"], b["respondents"]) == (1, 2)
    assert a["themes"] == {"play": 1} and b["themes"] == {"play": 1, "food": 1}
    assert b["closed"]["likes"] == {"answered": 1, "counts": {"yes": 1, "no": 1}}
    assert (a["wording"], b["wording"]) == ({"likes": ["old"]}, {"likes": ["new"]})


def test_wording_covers_the_question_and_its_options():
    definition = {
        "pages": [
            {
                "questions": [
                    {"id": "likes", "text": "Do you like it?", "options": [{"label": "Yes"}]},
                    {"id": "why", "text": "Why?"},
                ]
            }
        ]
    }
    before = wording(definition)
    definition["pages"][0]["questions"][0]["options"][0]["label"] = "Yes, a lot"
    after = wording(definition)
    assert before["likes"] != after["likes"] and before["why"] == after["why"]


def test_wording_reads_options_written_as_bare_labels():
    """The format lets an author write options as plain labels; a changed one still counts."""
    before = wording({"pages": [{"questions": [{"id": "way", "options": ["Walk", "Bus"]}]}]})
    after = wording({"pages": [{"questions": [{"id": "way", "options": ["Walk", "Train"]}]}]})
    assert before["way"] != after["way"] and "Walk" in before["way"]
