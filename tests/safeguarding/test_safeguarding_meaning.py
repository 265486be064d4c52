"""The meaning layer's letter pieces (issue 15): words of languages the English model reads as
letters, and their misspellings and inflections, reach the model through their 3-5-letter
pieces; screening adds them as one remembered score per word, which must equal the model."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.safeguarding import meaning
from analysis.safeguarding.augment import dropped_copies
from analysis.safeguarding.evaluate import BLIND_DEV_PARTS
from analysis.safeguarding.meaning import (
    PIECE_MARK,
    PIECE_SIZES,
    Labelled,
    MeaningScreen,
    pieces,
)
from analysis.safeguarding.normalise import tokens
from analysis.safeguarding.training import labelled_sets, train
from analysis.semantic.logistic import Logistic

TRAINING = [
    Labelled("mae o'n fy nharo i bob nos", True, "physical_abuse", "cy"),
    Labelled("mae llystad yn fy nharo i", True, "physical_abuse", "cy"),
    Labelled("ojczym mnie bije i mowi ze mnie zabije", True, "physical_abuse", "pl"),
    Labelled("tata mnie bije pasem", True, "physical_abuse", "pl"),
    Labelled("dwi'n caru pel droed efo fy ffrindia", False, None, "cy"),
    Labelled("mae'r bws yn hwyr bob dydd", False, None, "cy"),
    Labelled("lubie grac w pilke z kolegami", False, None, "pl"),
    Labelled("autobus sie zawsze spoznia", False, None, "pl"),
]


@pytest.fixture(scope="module")
def screen(embedder) -> MeaningScreen:
    return train(embedder, TRAINING[:2], TRAINING[2:])


def test_pieces_are_marked_at_the_edges_of_the_word_in_every_size():
    found = pieces("bije")
    assert f"{PIECE_MARK}<bi" in found and f"{PIECE_MARK}je>" in found  # start and end
    assert f"{PIECE_MARK}<cut>" in pieces("cut")  # a short word is also a piece of its own
    assert {len(p) - len(PIECE_MARK) for p in found} == set(PIECE_SIZES)
    assert f"{PIECE_MARK}bij" in found and f"{PIECE_MARK}<bij" in found  # inside differs from start


def test_one_letter_words_have_no_pieces():
    assert pieces("u") == [] and pieces("r") == []


def test_a_misspelt_or_inflected_word_shares_pieces_with_the_word():
    (taro,) = tokens("nharo")
    (misspelt,) = tokens("nharrro")  # repeats squashed first, then cut into pieces
    assert set(pieces(taro)) == set(pieces(misspelt))
    (zabije,) = tokens("zabije")
    (zabijal,) = tokens("zabijał")
    assert set(pieces(zabije)) & set(pieces(zabijal))


def test_a_word_never_seen_still_reaches_the_model_through_its_pieces(screen):
    assert "zabijal" not in screen.vocabulary
    words_only = screen.features(["zabijal"], with_pieces=False)
    with_pieces = screen.features(["zabijal"])
    assert len(words_only.cols) == 0 and len(with_pieces.cols) > 0


def test_screening_adds_pieces_as_the_model_does(screen):
    texts = ["ojczym mnie zabijal", "mae o wedi fy nharo", "autobus jest fajny", "", "u r ok"]
    _, fast = screen.logits(texts)
    slow = screen.logistic.logits(screen.features(texts))[:, 0]
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-5)


def test_screening_weighs_pieces_past_the_cap_as_the_model_does(screen, monkeypatch):
    monkeypatch.setattr(meaning, "PIECE_CAP", 5)  # every text below has more known pieces
    texts = ["ojczym mnie zabijal i bije", "mae o wedi fy nharo i bob nos", "autobus jest fajny"]
    _, fast = screen.logits(texts)
    slow_x = screen.features(texts)
    slow = screen.logistic.logits(slow_x)[:, 0]
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-5)
    monkeypatch.setattr(meaning, "PIECE_CAP", None)
    _, uncapped = screen.logits(texts)
    assert not np.allclose(fast, uncapped)  # the cap took effect on both paths


def test_new_weights_are_not_scored_with_the_old_remembered_words(screen):
    texts = ["ojczym mnie zabijal", "lubie pilke"]
    screen.logits(texts)  # remembers each word's score under the trained weights
    trained = screen.logistic
    try:
        screen.logistic = Logistic(trained.dense, trained.sparse * 3.0, trained.bias)
        _, fast = screen.logits(texts)
        slow = screen.logistic.logits(screen.features(texts))[:, 0]
        np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-5)
    finally:
        screen.logistic = trained


def test_every_blind_development_set_is_learned_from_but_never_the_blind_test_set():
    parts = {row.text for row in labelled_sets(BLIND_DEV_PARTS)}
    assert parts <= {row.text for row in labelled_sets()}
    with pytest.raises(ValueError, match="never be learned from"):
        labelled_sets(("dev", "blind_test"))


def test_dropped_word_copies_keep_the_label_and_the_order_and_leave_short_answers_alone():
    long_one = Labelled(
        "my uncle comes in my room at night and i cant sleep", True, "sexual_abuse", "en"
    )
    short = Labelled("he hits me", True, "physical_abuse", "en")
    copies = dropped_copies([long_one, short], copies=3, rate=0.25)
    assert copies and all(c.text != short.text for c in copies)
    words = long_one.text.split()
    for copy in copies:
        kept = copy.text.split()
        assert 0 < len(kept) < len(words)
        rest = iter(words)
        assert all(w in rest for w in kept)  # a subsequence: the order kept
        assert (copy.disclosure, copy.category, copy.language) == (True, "sexual_abuse", "en")
    assert dropped_copies([long_one, short], copies=3, rate=0.25) == copies  # the same model
