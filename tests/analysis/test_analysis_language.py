from __future__ import annotations

import pytest

from analysis.codebook import load_codebook
from analysis.language import LanguageDetector
from analysis.theming import Lexicon


@pytest.fixture(scope="module")
def detector():
    codebook = load_codebook()
    extra = {
        lang: [w for ws in t.values() for k in ws for w in k.split()]
        for lang, t in codebook.other_languages.items()
    }
    return LanguageDetector(Lexicon.from_codebook(codebook).vocabulary, extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dw i ddim yn hoffi'r ysgol achos mae'r athrawon yn gweiddi", "cy"),
        ("Nie lubię szkoły, nauczyciele ciągle krzyczą", "pl"),
        ("Tha mi toilichte aig an sgoil agus tha caraidean agam", "gd"),
        ("I like my school but the dinners are cold", "en"),
        ("bullying", "en"),
        ("exams", "en"),
        ("ysgol", "cy"),
        ("szkoła", "pl"),
    ],
)
def test_detects_languages_including_one_word_answers(detector, text, expected):
    assert detector.detect(text).language == expected


@pytest.mark.parametrize("text", ["lol", "xyzzy", "hmm ok qwerty", "!!!", "   "])
def test_short_unclear_answers_are_undetermined_not_guessed(detector, text):
    assert detector.detect(text).language == "und"


def test_english_answers_skip_the_statistical_model(detector):
    found = detector.detect("we need more things to do in the holidays for my little brother")
    assert (found.language, found.method) == ("en", "words")


def test_locale_hint_breaks_a_tie_for_an_ambiguous_short_answer(detector):
    # "plant" is a Welsh word (children) and an English one
    assert detector.detect("plant", "cy").language in {"cy", "en"}
    assert detector.detect("da iawn", "cy").language == "cy"


def test_other_scripts_go_to_py3langid(detector):
    found = detector.detect("انا احب المدرسة والأصدقاء كثيرا")
    assert found.language == "ar" and found.method == "langid"
