from __future__ import annotations

import pytest

from analysis.codebook import load_codebook
from analysis.theming import Lexicon, inflections, score, stem, tokens


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def lexicon(codebook):
    return Lexicon.from_codebook(codebook)


def themes_of(text, lexicon, codebook):
    return score(lexicon.hits(text), codebook)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("bullied", "bully"),
        ("bullies", "bully"),
        ("bullying", "bully"),
        ("friends", "friend"),
        ("buses", "bus"),
        ("training", "training"),
        ("caring", "caring"),
        ("class", "class"),
    ],
)
def test_light_stemmer(word, expected):
    assert stem(word) == expected


def test_text_speak_and_apostrophes_are_normalised(codebook):
    assert tokens("ppl r mean coz I can't", codebook.spelling) == [
        "people",
        "are",
        "mean",
        "because",
        "i",
        "cant",
    ]


def test_multi_label_best_first(lexicon, codebook):
    result = themes_of("I get bullied on the bus to school", lexicon, codebook)
    assert {"bullying", "school", "transport"} <= set(result.themes)
    strong = themes_of(
        "bullied bullying picked on at school by bullies who call me names", lexicon, codebook
    )
    assert strong.themes[0] == "bullying"  # most evidence first


def test_no_theme_when_nothing_fits(lexicon, codebook):
    assert themes_of("I like dinosaurs", lexicon, codebook).themes == ()


def test_longest_match_wins(lexicon, codebook):
    result = themes_of("more after school clubs please", lexicon, codebook)
    assert "play" in result.themes and "school" not in result.themes
    assert "play.after_school" in result.subthemes
    mental = themes_of("mental health", lexicon, codebook)
    assert mental.themes == ("mental_health",)


def test_weak_keywords_need_company(lexicon, codebook):
    assert themes_of("my son", lexicon, codebook).themes == ()
    assert "family" in themes_of("my son and daughter", lexicon, codebook).themes


def test_subthemes_only_with_their_theme(lexicon, codebook):
    result = themes_of(
        "we have waited two years on the waiting list for speech and language", lexicon, codebook
    )
    assert "services.waiting_lists" in result.subthemes
    assert "services" in result.themes
    assert "health.therapy" in result.subthemes


def test_keyword_counts_once_however_often_it_appears(lexicon, codebook):
    once = themes_of("school", lexicon, codebook).matches[0]
    thrice = themes_of("school school schools", lexicon, codebook).matches[0]
    assert once.score == thrice.score


def test_welsh_mutations_and_polish_endings():
    assert "fws" in inflections("bws", "cy") and "dref" in inflections("tref", "cy")
    assert "nheulu" in inflections("teulu", "cy")
    assert "niepełnospraw*" in inflections("niepełnosprawny", "pl")


def test_other_language_lexicon_themes_welsh(codebook):
    cy = Lexicon.for_language(codebook, "cy")
    result = score(cy.hits("Mae angen mwy o fysiau i'r dref"), codebook)
    assert set(result.themes) == {"transport", "community"}
    assert Lexicon.for_language(codebook, "gd") is None
