"""Disclosure control across views: no combination of views gives a withheld count away.

Reproduces issue 12 item 3. Before, a view filtered to one group showed its theme counts
with primary suppression only, beside the unfiltered counts (and a breakdown table that
suppressed the same cells differently), so subtracting views recovered small counts; a
filtered view kept the unfiltered total; secondary suppression said "fewer than 10" of
cells of 12 and 17. Here every view a reader can ask for (unfiltered, and filtered to each
group of each breakdown question) is made from generated data, and a reader combining any
two of them, or all of them, must not pin down any count of 1 to 9.

Issue 14 made every closed question a filter (and the district, where asked): the generated
data has closed questions that are not breakdown questions and a district question, each of
whose groups is a view the reader may ask for, and breakdown tables give shares of each group.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from typing import Any

import pytest
from disclosure_attack import observe, recovered

from analysis.reporting import suppression
from survey.workspace import disclosure, presenting

T = 10

# Closed questions: one group per respondent, except the multiple-choice ones. The first four
# are breakdown questions; "district" asks where they live; the last two are other closed
# questions, which can be filters too.
QUESTIONS = {
    "age": (["8-9", "10-11", "12"], [0.45, 0.5, 0.05], False),
    "gender": (["girl", "boy", "other", "prefer_not_to_say"], [0.47, 0.46, 0.04, 0.03], False),
    "care": (["yes", "no"], [0.08, 0.92], False),
    "needs": (["autism", "adhd", "hearing"], [0.3, 0.2, 0.04], True),
    "district": (["north", "south", "east", "islands"], [0.4, 0.35, 0.2, 0.05], False),
    "wait": (["short", "long", "very_long"], [0.6, 0.32, 0.08], False),
    "waiting_for": (["ot", "speech", "camhs"], [0.25, 0.15, 0.06], True),
}
BREAKDOWN = {"age", "gender", "care", "needs", "district"}
THEMES = [f"t{i}" for i in range(9)]


def generate(seed: int, people: int | None = None) -> dict[str, Any]:
    """A findings snapshot of made-up respondents, with plenty of small groups and cells."""
    rng = random.Random(seed)
    people = people or rng.randint(40, 160)
    weights = [rng.choice([0.02, 0.05, 0.1, 0.2, 0.4]) for _ in THEMES]
    rows = []
    for _ in range(people):
        answers: dict[str, tuple[str, ...]] = {}
        for q, (values, probs, multiple) in QUESTIONS.items():
            if rng.random() < 0.04:
                answers[q] = ("not_answered",)
            elif multiple:
                ticked = tuple(v for v, p in zip(values, probs, strict=True) if rng.random() < p)
                answers[q] = ticked or ("not_answered",)
            else:
                answers[q] = (rng.choices(values, probs)[0],)
        themes = [x for x, w in zip(THEMES, weights, strict=True) if rng.random() < w]
        rows.append((answers, themes))
    group_totals = {q: Counter() for q in QUESTIONS}
    by_theme: dict[str, dict[str, Counter]] = {x: {q: Counter() for q in QUESTIONS} for x in THEMES}
    counts = Counter()
    for answers, themes in rows:
        for q, values in answers.items():
            group_totals[q].update(values)
            for x in themes:
                by_theme[x][q].update(values)
        counts.update(themes)
    closed = []
    for q, (values, _probs, multiple) in QUESTIONS.items():
        options = {v: group_totals[q][v] for v in values}
        answered = people - group_totals[q]["not_answered"]
        closed.append(
            {
                "id": q,
                "text": q,
                "type": "multiple_choice" if multiple else "single_choice",
                "purpose": "district"
                if q == "district"
                else "breakdown"
                if q in BREAKDOWN
                else None,
                "counts": options,
                "percents": {},
                "labels": {v: v for v in values},
                "answered": answered,
                "skipped": people - answered,
                "multiple": multiple,
                "order": list(values),
            }
        )
    return {
        "respondents": people,
        "themes": [
            {
                "id": x,
                "name": x,
                "respondents": counts[x],
                "sentiment": 0.0,
                "subthemes": [],
                "frameworks": {},
                "by_group": {q: dict(c) for q, c in by_theme[x].items()},
                "by_wave": {"1": counts[x]},
                "by_audience": {},
            }
            for x in THEMES
            if counts[x]
        ],
        "groups": {
            q: {
                "text": q,
                "labels": {v: v for v in values},
                "multiple": multiple,
                "order": list(values),
                "breakdown": q in BREAKDOWN,
                "district": q == "district",
            }
            for q, (values, _p, multiple) in QUESTIONS.items()
        },
        "group_totals": {q: dict(c) for q, c in group_totals.items()},
        "closed": closed,
        "rankings": [],
        "waves": {"1": people},
        "emerging": [],
        "withheld": 0,
    }


def views(data: dict) -> dict[str, dict]:
    """What each view a reader can ask for shows, as the figures a reader notes down."""
    out = {}
    everyone = presenting.findings_view(data, {}, T)
    seen: dict = {}
    observe(seen, ("N",), everyone["respondents"])
    for theme in everyone["themes"]:
        observe(seen, ("theme", theme["id"]), theme["n"])
    for table in everyone["breakdown"] or []:
        for v, _label, size in table["columns"]:
            observe(seen, ("group", table["question"], v), size)
        for theme, cells in table["rows"]:
            for v, _label, size in table["columns"]:
                n, share = cells[v]
                observe(seen, ("cell", table["question"], theme["id"], v), n)
                if share is not None:  # a share with a withheld count or size gives it away
                    assert n is not None and size, (table["question"], v, n, size, share)
                    assert share == round(100 * n / size, 1)
    for question in everyone["closed"]:
        for v, n in question["shown"].items():
            observe(seen, ("group", question["id"], v), n)
        if any(share is not None for share in question["shares"].values()):
            # a share of those who answered gives away how many answered
            observe(seen, ("answered", question["id"]), question["answered"])
    out["everyone"] = seen
    for q, sizes in data["group_totals"].items():
        for v in sizes:
            view = presenting.findings_view(data, {"group": f"{q}:{v}"}, T)
            if view["refused"]:
                assert v not in view["group_options"].get(q, [])  # never offered either
                continue
            seen = {}
            observe(seen, ("group", q, v), view["base"])
            for theme in view["themes"]:
                observe(seen, ("cell", q, theme["id"], v), theme["n"])
            out[f"{q}:{v}"] = seen
    return out


def _merged(*parts: dict) -> dict:
    seen: dict = {}
    for part in parts:
        for key, value in part.items():
            observe(seen, key, value)
    return seen


def _leaks(data: dict) -> list:
    shown = views(data)
    themes = [("theme", t["id"]) for t in data["themes"]]
    found = []
    for a, b in itertools.combinations_with_replacement(shown, 2):
        found += recovered(data, _merged(shown[a], shown[b]), T, themes)
    found += recovered(data, _merged(*shown.values()), T, themes)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_no_pair_of_views_recovers_a_small_count(seed):
    data = generate(seed)
    assert _leaks(data) == []


def test_the_generated_data_is_hard_enough():
    """Small groups, small cells and secondary suppression: the brute force has work to do."""
    withheld = secondary = refused = 0
    for seed in range(40):
        data = generate(seed)
        rel = disclosure.release(data, T)
        for q, rows in rel.cells.items():
            for x, cells in rows.items():
                raw = next(t for t in data["themes"] if t["id"] == x)["by_group"][q]
                for v, n in cells.items():
                    withheld += n is None
                    secondary += n is None and raw.get(v, 0) >= T
        refused += sum(n is None for sizes in rel.groups.values() for n in sizes.values())
    assert withheld > 500 and secondary > 100 and refused > 40


def test_the_brute_force_catches_views_suppressed_one_at_a_time(monkeypatch):
    """Teeth: suppress each cell on its own (as filtered views did) and counts leak."""

    def primary_only(cells, total, overlapping, t):
        return suppression.suppress_counts(cells, None, t)

    monkeypatch.setattr(disclosure, "_line", primary_only)
    assert any(_leaks(generate(seed)) for seed in range(5))


def test_a_filtered_view_states_its_own_total_and_withholds_everyone_else():
    data = generate(3, people=150)
    everyone = presenting.findings_view(data, {}, T)
    q, v = "gender", "girl"
    view = presenting.findings_view(data, {"group": f"{q}:{v}"}, T)
    assert not view["refused"] and view["filtered"]
    assert view["base"] == data["group_totals"][q][v] != everyone["respondents"]
    for theme in view["themes"]:
        if theme["n"] is not None:
            assert theme["share"] == round(100 * theme["n"] / view["base"], 1)
    assert view["breakdown"] is None and view["closed"] == [] and view["emerging"] == []
    assert all(t["subthemes"] == [] and t["sentiment_shown"] is None for t in view["themes"])


def test_a_group_whose_size_is_withheld_cannot_be_chosen():
    data = generate(3, people=150)
    rel = disclosure.release(data, T)
    q, v = next((q, v) for q, sizes in rel.groups.items() for v, n in sizes.items() if n is None)
    view = presenting.findings_view(data, {"group": f"{q}:{v}"}, T)
    assert view["refused"] == "small"
    assert all(t["n"] is None for t in view["themes"])
    assert v not in view["group_options"][q]


def test_an_older_snapshot_with_combinations_as_groups_offers_no_such_groups():
    """Snapshots made before multiple-choice groups were by option keep whole combinations
    as groups (a list's text); they are not offered until the analysis runs again."""
    data = generate(3, people=150)
    del data["groups"]["needs"]["multiple"]
    data["group_totals"]["needs"] = {"['autism']": 40, "['autism', 'adhd']": 3, "not_answered": 107}
    view = presenting.findings_view(data, {"group": "needs:['autism']"}, T)
    assert view["refused"] == "unknown" and "needs" not in view["group_options"]
    everyone = presenting.findings_view(data, {}, T)
    assert "needs" not in {table["question"] for table in everyone["breakdown"]}
    (needs,) = [c for c in everyone["closed"] if c["id"] == "needs"]
    assert needs["shown"] == suppression.suppress_counts(needs["counts"], needs["answered"], T)
