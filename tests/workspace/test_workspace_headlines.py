"""Headlines ("People were mostly positive about ...") say only what is true and safe."""

from __future__ import annotations

from survey.workspace.presenting import _headlines


def theme(name: str, n: int | None, scored: int, positive: int, negative: int = 0) -> dict:
    return {
        "id": name,
        "name": name,
        "n": n,
        "scored": scored,
        "positive": positive,
        "negative": negative,
    }


def test_mostly_positive_means_more_than_half_of_the_answers_and_says_how_many():
    found = _headlines([theme("Play", 30, 30, 20)], "positive", 10)
    assert [(x["name"], x["lean_share"], x["scored"]) for x in found] == [("Play", "67%", 30)]


def test_a_theme_whose_mean_leans_but_most_answers_do_not_is_no_headline():
    assert _headlines([theme("Play", 30, 30, 12, 3)], "positive", 10) == []


def test_no_headline_from_a_withheld_or_small_theme_or_a_small_count():
    themes = [
        theme("Withheld", None, 8, 8),
        theme("Below threshold", 9, 9, 9),
        theme("Few leaning", 30, 12, 9),
    ]
    assert _headlines(themes, "positive", 10) == []


def test_headlines_are_the_clearest_three():
    themes = [theme(f"T{i}", 40, 40, 21 + i, 0) for i in range(5)]
    assert [x["name"] for x in _headlines(themes, "positive", 10)] == ["T4", "T3", "T2"]
    assert _headlines([theme("Bad", 40, 40, 0, 30)], "negative", 10)[0]["lean_share"] == "75%"
