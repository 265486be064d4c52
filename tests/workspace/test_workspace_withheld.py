"""Finding words copied from a withheld answer in what an analyst wrote."""

from __future__ import annotations

from survey.workspace.withheld import STRUCK, strike

ANSWER = "My step dad locks me in the shed when mum is at work"


def test_a_copied_passage_is_struck_whatever_its_case_and_punctuation():
    text = "You said: my step-dad LOCKS me in the shed, when mum is out. We listened."
    assert strike(text, [ANSWER]) == f"You said: {STRUCK} out. We listened."


def test_a_redacted_quote_is_found_by_its_other_words():
    quote = "My step dad locks me in the shed when [name] is at work"
    assert STRUCK in strike("He said my step dad locks me in the shed", [quote])


def test_ordinary_words_in_common_are_not_struck():
    # five words in a row in common is not copying
    text = "Children told us that when mum is at work they have nowhere to go."
    assert strike(text, [ANSWER]) == text
    assert strike("I want more buses", [ANSWER]) == "I want more buses"


def test_a_short_answer_is_struck_only_as_a_whole():
    assert strike("You said he hits me daily", ["he hits me"]) == f"You said {STRUCK} daily"
    assert strike("hits", ["hits"]) == "hits"  # one or two words: too short to tell
