"""Every kind of disclosure a tester found missed (issue 15), in our own words: each is now
caught, by a rule or by the semantic layer; and the false alarm found is gone."""

from __future__ import annotations

import pytest

from analysis.safeguarding import screen

MISSED_BEFORE = {
    "very short statement of being hit": ("he hits me", "physical_abuse"),
    "very short, another adult": ("mum slaps us", "physical_abuse"),
    "sexual coercion by a partner": (
        "my boyfriend makes me do stuff i dont want to or he says he'll dump me",
        "sexual_abuse",
    ),
    "overdose in the past tense": (
        "last year i took a whole packet of paracetamol and nobody knew",
        "suicidal_thoughts",
    ),
    "a young teenager's pregnancy": ("im 13 and i think im pregnant", "sexual_abuse"),
    "adult grooming by private messages": (
        "a grown man messages me privately and says to keep our chats secret from my mum",
        "online_grooming",
    ),
    "restraint in a care home": (
        "the staff at my home pinned me to the floor and i couldnt breathe",
        "physical_abuse",
    ),
    "young child left alone at night": (
        "im 7 and mummy goes out at night so me and my baby brother are on our own",
        "neglect",
    ),
    "passive wish to disappear": ("i wish i could just disappear and never come back", None),
    "self-harm again": ("been cutting again this week", "self_harm"),
    "home without beds or heating": (
        "we havent got beds so we sleep on the floor and the heating doesnt work",
        "neglect",
    ),
    "young carer kept out of school": (
        "i have to stay off school most days to look after my mum",
        None,
    ),
    "made to send pictures": ("he makes me send pictures", None),
    "a goodbye note": ("my goodbye note is in my drawer", "suicidal_thoughts"),
}


@pytest.mark.parametrize("kind", MISSED_BEFORE)
def test_a_disclosure_missed_before_is_caught(kind):
    text, category = MISSED_BEFORE[kind]
    result = screen(text, locale="en", audience="young_person")
    assert result.flag and result.status == "flagged", kind
    if category is not None:
        assert category in result.categories, (kind, result.categories)


def test_cant_go_on_the_trip_is_not_a_suicidal_thought():
    result = screen(
        "it's unfair that disabled kids cant go on the big trip", locale="en", audience="child"
    )
    assert not result.flag


def test_a_semantic_flag_names_its_nearest_example_for_the_lead():
    """An answer no rule matches, flagged by meaning, carries the reason a lead can judge."""
    from analysis.safeguarding import default_screener

    screener = default_screener()
    assert screener.meaning is not None  # make setup builds the table; CI must not skip this
    flagged = [
        r
        for r in (
            screener.screen(t, audience="young_person")
            for t in (
                "honestly i dont see the point in waking up tomorrow",
                "sleeves down all week after what i did last night",
                "he gets really angry and i end up with marks on my arms",
            )
        )
        if r.matches and r.matches[0].rule_id == "meaning"
    ]
    assert flagged, "none of these was caught by meaning alone"
    for result in flagged:
        assert result.reason and "nearest example" in result.reason
        assert result.categories
