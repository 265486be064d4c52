"""An adult's answer about one child is judged as any answer (issue 15, round 14).

Parent carers and partners are flagged only when they speak of themselves or a specific child,
so that "referrals for self-harm have doubled" is not a case. Blind-written workers' notes
showed the other side: a child named with an age in brackets, a year group, or an age told in
passing ("hes 13") was not recognised as a specific child, and disclosures the meaning layer
was sure of were let through. The texts here are ours."""

from __future__ import annotations

import pytest

from analysis.safeguarding import default_screener
from analysis.safeguarding.screener import _CHILD_AGE


@pytest.mark.parametrize(
    "text",
    [
        "Cai (8) came in",
        "Zuzia (12), która",
        "ليلى (٨ سنوات) عندنا",
        "بلال (۹) کے بازو",
        "Ruairidh (7 bliadhna)",
        "our lad (15 years old)",
    ],
)
def test_an_age_in_brackets_after_a_name_is_read_in_any_script(text):
    assert _CHILD_AGE.search(text)


@pytest.mark.parametrize(
    "text", ["children (5-11) and parents", "in the last year (2024)", "(8) items", "see point 3"]
)
def test_a_range_a_year_or_a_bare_number_is_not_an_age(text):
    assert not _CHILD_AGE.search(text)


def test_a_worker_naming_a_child_with_an_age_is_heard_and_without_it_the_gate_stays():
    screener = default_screener()
    assert screener.meaning is not None  # make setup builds the table; CI must not skip this
    told = "Mia (9) came to breakfast club with a burn on her arm and said mum did it with the iron"
    assert screener.screen(told, audience="partner").flag
    # The same words without the age name nobody the gate recognises: as before, not a case.
    assert not screener.screen(told.replace(" (9)", ""), audience="partner").flag


@pytest.mark.parametrize(
    ("audience", "text"),
    [
        (
            "partner",
            "Logan keeps going missing for days and comes back with cash and a new phone, hes 13",
        ),
        (
            "partner",
            "Year 6 pupil, Ellie, asks other kids for food every day and says there is nothing in at home",
        ),
        ("partner", "Kuba ma 11 lat, wraca z weekendu u taty z siniakami na plecach"),
    ],
)
def test_an_age_or_year_group_told_in_passing_names_a_specific_child(audience, text):
    assert default_screener().screen(text, audience=audience).flag


@pytest.mark.parametrize(
    "text",
    [
        "We ran online safety sessions for children (5-11) and their parents in six schools",
        "Referrals for year 9 students with self-harm concerns have doubled this term",
        "hes 15 and everything at the youth club is aimed at little ones",
    ],
)
def test_service_talk_and_plain_complaints_from_adults_stay_clear(text):
    assert not default_screener().screen(text, audience="partner").flag
