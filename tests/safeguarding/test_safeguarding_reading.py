"""How the semantic layer reads a long answer: each sentence is weighed beside its neighbours,
so a sentence that sounds alarming alone but not in its place ("he beats the boy every night"
after "we're reading a book") does not decide the answer, while a sentence that is alarming
wherever it sits still does."""

from __future__ import annotations

from analysis.safeguarding import reading
from analysis.safeguarding.reading import judged, parts_of, pieces_of

BOOK = "In English we are reading a novel about a family on a farm"
ALARM = "The dad hits the boy every night with his belt"
AFTER = "It is sad but I got a merit for my essay"
BUSES = "Please make the buses run later on Saturdays"
ANSWER = f"{BOOK}. {ALARM}. {AFTER}. {BUSES}."


def _judge(text: str, probability_of: dict[str, float]) -> tuple[float, str]:
    pieces, (found,) = pieces_of([text])
    p, where = judged(found, [probability_of.get(piece, 0.0) for piece in pieces])
    return p, pieces[where]


def test_a_long_answer_is_read_whole_by_sentence_and_by_neighbouring_pairs():
    pieces, (found,) = pieces_of([ANSWER])
    assert (found.owner, found.start, found.sentences, found.windows) == (0, 0, 4, 3)
    assert pieces[0] == ANSWER
    assert pieces[1:5] == [f"{BOOK}.", f"{ALARM}.", f"{AFTER}.", f"{BUSES}."]
    assert pieces[5:] == [f"{BOOK}. {ALARM}.", f"{ALARM}. {AFTER}.", f"{AFTER}. {BUSES}."]
    assert parts_of(ANSWER) == pieces[1:]
    assert parts_of(ANSWER, windows=False) == pieces[1:5]


def test_a_sentence_alarming_only_alone_is_capped_by_its_neighbourhood():
    p, piece = _judge(
        ANSWER,
        {f"{ALARM}.": 0.95, f"{BOOK}. {ALARM}.": 0.1, f"{ALARM}. {AFTER}.": 0.3, ANSWER: 0.05},
    )
    assert piece == f"{ALARM}." and p == 0.3  # the likelier of its two windows, not 0.95


def test_a_sentence_alarming_beside_one_neighbour_keeps_its_probability():
    """Read beside the book it is a plot; beside the essay it still alarms: it counts."""
    p, piece = _judge(
        ANSWER,
        {f"{ALARM}.": 0.9, f"{BOOK}. {ALARM}.": 0.1, f"{ALARM}. {AFTER}.": 0.93, ANSWER: 0.3},
    )
    assert piece == f"{ALARM}." and p == 0.9


def test_the_whole_answer_still_decides_when_it_is_likelier():
    p, piece = _judge(ANSWER, {ANSWER: 0.8, f"{ALARM}.": 0.9})
    assert (p, piece) == (0.8, ANSWER)


def test_a_first_or_last_sentence_has_one_window():
    p, piece = _judge(ANSWER, {f"{BUSES}.": 0.9, f"{AFTER}. {BUSES}.": 0.6})
    assert (p, piece) == (0.6, f"{BUSES}.")


def test_two_sentences_are_read_as_before_and_one_word_not_at_all():
    """A two-sentence answer's one window would be the answer itself."""
    two = f"{BOOK}. {ALARM}."
    pieces, (found,) = pieces_of([two])
    assert found.windows == 0 and len(pieces) == 3
    assert _judge(two, {f"{ALARM}.": 0.9, two: 0.2}) == (0.9, f"{ALARM}.")
    assert pieces_of(["home"]) == ([], [])


def test_without_windows_each_sentence_counts_alone(monkeypatch):
    monkeypatch.setattr(reading, "WINDOWS", False)
    assert _judge(ANSWER, {f"{ALARM}.": 0.95, f"{BOOK}. {ALARM}.": 0.1}) == (0.95, f"{ALARM}.")
