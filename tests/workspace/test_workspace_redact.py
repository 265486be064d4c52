"""Redaction of quotes: identifying details out, ordinary words left alone."""

from __future__ import annotations

import pytest

from analysis.reporting import redact as r
from analysis.reporting.redact import redact, representative_quotes

POSITIVE = [
    ("My name is Zyrah and I like art", "My name is [name] and I like art"),
    ("my name's tom and school is ok", "my name's [name] and school is ok"),
    ("Hi I'm Kacper, I live with my nan", "Hi I'm [name], I live with my nan"),
    ("There is a boy called Dexter who hits me", "There is a boy called [name] who hits me"),
    ("Mohammed and Olivia are my best friends", "[name] and [name] are my best friends"),
    ("Me and Siobhan Kelly walk home", "Me and [name] walk home"),
    ("my friend Grace helps me", "my friend [name] helps me"),
    ("Will said I could come", "[name] said I could come"),
    ("me and aisha go to the club", "me and [name] go to the club"),
    ("I go to Oakfield Primary School", "I go to [school]"),
    ("At St Mary's Catholic Academy they listen", "At [school] they listen"),
    ("Hinckley Road Community College is big", "[school] is big"),
    ("I live at 12 Acacia Road near the shop", "I live at [place] near the shop"),
    ("we live on Elm Grove", "we live on [place]"),
    ("my postcode is LE1 6AB", "my postcode is [place]"),
    ("postcode le1 6ab", "postcode [place]"),
    ("We moved to Inverness last year", "We moved to [place] last year"),
    ("there's nothing to do in Beaumont Leys estate", "there's nothing to do in [place]"),
    ("ring me on 07700 900123", "ring me on [phone]"),
    ("call +44 7700 900 123 please", "call [phone] please"),
    ("our number is (0116) 496 0000", "our number is [phone]"),
    ("text 020 7946 0018", "text [phone]"),
    ("email me at sam.jones99@example.co.uk ok", "email me at [email] ok"),
    ("see https://example.com/my-page?x=1.", "see [link]."),
    ("follow me on insta @tilly_b.2010", "follow me on insta [username]"),
    ("I was born on 3rd March 2012", "I was born on [date]"),
    ("DOB: 03/03/2012", "DOB: [date]"),
    ("my birthday is 14 February", "my birthday is [date]"),
    ("my brother Tom, 9, gets bullied", "my brother [name], [age], gets bullied"),
    ("Ayaan (7) has autism", "[name] ([age]) has autism"),
    ("Amira is 15 and I'm 12", "[name] is [age] and I'm [age]"),
    ("Mr Patel is my teacher", "Mr [name] is my teacher"),
    ("I'm Zyrah and I'm 12", "I'm [name] and I'm [age]"),
    ("I live in Leicester", "I live in [place]"),
    ("We go to The Grange School", "We go to The [school]"),
    ("Bronwyn Jones", "Bronwyn Jones"),  # not a listed name: only extra_names can catch it
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_redacts(text, expected):
    assert redact(text).text == expected


NEGATIVE = [
    "Sometimes I feel sad",
    "School is ok but the bus is late",
    "Secondary School is harder than Primary",
    "Sometimes School is boring",
    "I will go in May if I can",
    "We had hope and joy at the party",
    "In June we went to the park",
    "The Park near us is closed",
    "Road safety matters",
    "I called Childline and they helped",
    "I'm happy most days",
    "I'm Happy most days",
    "I'm OK",
    "Call Childline on 0800 1111 any time",
    "I scored 100 in 2023",
    "Year 7 was hard",
    "I am 12 years old",
    "I miss Home and Away on telly",
    "Our Family Hub is good",
    "The Youth Club is the best thing",
    "My social worker is nice",
    "Max 5 people in the room",
    "Mark my words it is unfair",
    "We need more money for basic items",
    "Family and friends matter most",
    "Sixth Form is stressful",
    "I feel 50% better",
    "Gwasanaeth da iawn, diolch",
    "الخدمة جيدة",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_ordinary_words(text):
    result = redact(text)
    assert result.text == text, result.replaced
    assert result.replaced == ()


def test_extra_names_any_case():
    out = redact(
        "bronwyn from the Riverside Project helped", extra_names=["Bronwyn", "Riverside Project"]
    )
    assert out.text == "[name] from the [name] helped"


def test_replaced_records_kind_and_original_span():
    text = "My name is Zyrah, ring 07700 900123"
    out = redact(text)
    assert [(x.kind, x.original) for x in out.replaced] == [
        ("name", "Zyrah"),
        ("phone", "07700 900123"),
    ]
    for x in out.replaced:
        assert text[x.start : x.end] == x.original


def test_redaction_is_idempotent():
    once = redact("Mohammed from Oakfield Academy, 07700 900123").text
    assert redact(once).text == once


def test_names_list_is_broad():
    assert len(r.NAMES) >= 300
    for name in ("muhammad", "aisha", "oliver", "siobhan", "cerys", "eilidh", "kwame", "zofia"):
        assert name in r.NAMES


# --- representative quotes ------------------------------------------------------

LONG = "word " * 70


def test_representative_quotes_pick_close_to_mean_medium_length_no_duplicates():
    items = [
        ("1", "The youth club is really good because the staff listen to us", 0.5),
        ("2", "The youth club is really good because the staff listen to us!", 0.5),
        ("3", "It is amazing, the best thing ever, I love every single minute there", 0.95),
        ("4", "ok", 0.5),
        ("5", LONG, 0.5),
        ("6", "The staff are kind and the sessions help me feel calmer after school", 0.3),
        ("7", "Sometimes it is fine but the bus home is late and I get worried", 0.1),
    ]
    chosen = representative_quotes(items, 0.45, 3)
    ids = [c.id for c in chosen]
    assert ids == ["1", "6", "7"]
    assert all(isinstance(c.text, str) for c in chosen)
    rid, _text = chosen[0]  # unpacks as (id, text)
    assert rid == "1"


def test_representative_quotes_are_redacted_and_skip_mostly_redacted():
    items = [
        ("1", "Mohammed at Oakfield Academy helped me a lot with my reading this year", 0.3),
        ("2", "Tom Sam Jo Amira Zara Omar Kwame Cerys Eilidh", 0.3),
    ]
    chosen = representative_quotes(items, 0.3, 5)
    assert [c.id for c in chosen] == ["1"]
    assert chosen[0].text.startswith("[name] at [school] helped")


def test_representative_quotes_use_a_scorer_for_plain_pairs():
    items = [
        ("a", "the club is brilliant and the staff are great fun"),
        ("b", "the club is awful and the staff are always rude to us"),
    ]
    chosen = representative_quotes(items, -0.8, 1, score=lambda t: -0.8 if "awful" in t else 0.8)
    assert [c.id for c in chosen] == ["b"]


def test_representative_quotes_default_scorer_is_the_analysis_sentiment():
    items = [
        ("happy", "the youth club is really good and the staff are great and kind"),
        ("cross", "the bus is always late and the driver is horrible and rude to us"),
    ]
    assert [c.id for c in representative_quotes(items, 0.6, 1)] == ["happy"]
    assert [c.id for c in representative_quotes(items, -0.6, 1)] == ["cross"]
