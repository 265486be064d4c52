"""An adult's answer about one child is judged as any answer (issue 15, round 14).

Parent carers and partners are flagged only when they speak of themselves or a specific child,
so that "referrals for self-harm have doubled" is not a case. Blind-written workers' notes
showed the other side: a child named with an age in brackets, a year group, or an age told in
passing ("hes 13") was not recognised as a specific child, and disclosures the meaning layer
was sure of were let through. The texts here are ours."""

from __future__ import annotations

import pytest
from stub_layer import StubLayer

from analysis.safeguarding import adults, default_screener
from analysis.safeguarding.adults import CHILD_AGE
from analysis.safeguarding.meaning import SECOND_LOOK, THRESHOLD, MeaningFlag
from analysis.safeguarding.normalise import tokens
from analysis.safeguarding.rules import load_directory
from analysis.safeguarding.screener import RULES_DIR, Screener


@pytest.mark.parametrize(
    "text",
    [
        "Cai (8) came in",
        "Zuzia (12), która",
        "Ola (13 l.) chowa",
        "ليلى (٨ سنوات) عندنا",
        "بلال (۹) کے بازو",
        "Ruairidh (7 bliadhna)",
        "our lad (15 years old)",
    ],
)
def test_an_age_in_brackets_after_a_name_is_read_in_any_script(text):
    assert CHILD_AGE.search(text)


@pytest.mark.parametrize(
    "text", ["children (5-11) and parents", "in the last year (2024)", "(8) items", "see point 3"]
)
def test_a_range_a_year_or_a_bare_number_is_not_an_age(text):
    assert not CHILD_AGE.search(text)


def test_a_worker_naming_a_child_with_an_age_is_heard_and_without_it_the_gate_stays(monkeypatch):
    monkeypatch.setattr(adults, "ADULT_SURE", 1.01)  # only the age can let it through
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
            "Year 6 pupil, Ellie, comes in hungry most days and says there is no food at home",
        ),
        ("partner", "Kuba ma 11 lat, wraca z weekendu u taty z siniakami na plecach"),
    ],
)
def test_an_age_or_year_group_told_in_passing_names_a_specific_child(monkeypatch, audience, text):
    monkeypatch.setattr(adults, "ADULT_SURE", 1.01)  # only the context lists count
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


@pytest.mark.parametrize(
    "text",
    [
        "Our Kayden came to the club with finger marks on his neck and said his uncle grabbed him",
        "Charlie came to youth club with a black eye again and said dad threw a mug at him",
    ],
)
def test_an_adult_answer_the_layer_is_sure_of_is_flagged_though_it_names_no_child(
    monkeypatch, text
):
    """A name alone is not on the context lists, so only the layer's certainty lets it through:
    with the bar out of reach the same answer is held back as before."""
    screener = default_screener()
    assert screener.screen(text, audience="partner").flag
    monkeypatch.setattr(adults, "ADULT_SURE", 1.01)
    assert not screener.screen(text, audience="partner").flag


def test_welsh_who_is_is_not_polish_son():
    """Without its apostrophe Welsh "sy'n" (who is) was Polish "syn" (son), so every Welsh
    adult's answer read as speaking of a specific child (round 16)."""
    assert tokens("Sy'n sy’n") == tokens("sydd sydd")
    assert tokens("syn") == ["syn"]


# Each case: a worker's statistics that must stay clear, then an adult's answer naming a child
# (a case) and the same answer with the child's marker taken out (clear again).
COLLISIONS = [
    pytest.param(
        "Eleni mae ein gwasanaeth wedi gweld mwy o bobl ifanc sy'n hunan-niweidio, "
        "ac mae'r rhestr aros yn rhy hir",
        "parent_carer",
        "Syn mowi ze tata go bije pasem jak wraca pijany",
        ("Syn", "Ktos"),
        id="Welsh sy'n is not Polish syn (son), round 16",
    ),
    # The screen squashes doubled letters, so Welsh "oedd" (was) became "oed" (age), and any
    # Welsh adult's "o blant oedd wedi ..." read as speaking of a specific child: a service's
    # count of children who had lived with domestic abuse became a case (round 19).
    pytest.param(
        "Llynedd fe wnaeth ein tim weithio gyda 90 o blant oedd wedi gweld cam-drin domestig "
        "gartref, ac mae angen mwy o staff arnom",
        "partner",
        "Mae Elis yn 9 oed ac wedi gweld cam-drin domestig gartref, mae ei fam yn ofnus",
        ("yn 9 oed ac ", ""),
        id="Welsh oedd (was) is not oed (age), round 19",
    ),
]


@pytest.mark.parametrize(("statistics", "audience", "named", "unnamed"), COLLISIONS)
def test_a_word_that_reads_as_a_child_in_another_sense_does_not_make_statistics_a_case(
    statistics, audience, named, unnamed
):
    screener = default_screener()
    assert not screener.screen(statistics, audience="partner", meaning=False).flag
    assert screener.screen(named, audience=audience, meaning=False).flag
    someone = named.replace(*unnamed)
    assert not screener.screen(someone, audience=audience, meaning=False).flag


@pytest.fixture(scope="module")
def rules_only():
    return Screener.from_directory(RULES_DIR)


@pytest.mark.parametrize(
    "text",
    [
        "our eldest has started cutting her arms again",
        "lad at the boxing club keeps turning up with bruises",
        "one of them is only 13 and gets picked up by older men",
        "the neighbours kids have been left on their own since Friday",
        "T in Year 3 said daddy hits mummy",
        "ولد في Year 4 يجي جوعان كل يوم",
        "ولاد الجيران لحالهم من امبارح",
        "واحدة منهم عمرها ١٢ وبيركبوها بسيارات",
        "ابوه بيضربه بالحزام",
        "te dhiubh dìreach 12 agus bidh fir nas sine ga togail",
        "tha aon phaiste a' tighinn gun bhiadh gach latha",
        "tha bhalach beag ann am P3 le bruthaidhean air a ghàirdean",
        "un ohonynt ond 12 ac mae dynion hŷn yn ei chasglu",
        "beti 13 saal ki hai aur uska sautela baap usko marta hai",
        "شوہر روز رات کو مارتا ہے اور بچے ڈر جاتے ہیں",
    ],
)
def test_a_child_told_by_relation_year_group_place_or_number_is_someone_in_particular(
    rules_only, text
):
    """Round 20: adults' answers written blind (dev 21, check 13 measured first at 84.9%
    recall) named one child as adults do, by "our eldest", "lad at the club", "one of them is
    only 13", an initial and a year group, the neighbours' children, or the child's own father,
    and the gate read them as talk about nobody in particular, for rules and layer alike."""
    assert rules_only.meaning_counts(text, "partner", 0.0)


@pytest.mark.parametrize(
    "text",
    [
        "كمرشدة، نص الحالات عندي هالسنة فيها عنف اسري ونحتاج تمويل اكثر",
        "w mojej pracy widze coraz wiecej zgloszen o przemocy domowej, potrzebujemy szkolen",
    ],
)
def test_service_talk_in_other_languages_is_not_a_case_though_the_writer_says_i(rules_only, text):
    """Only English and Urdu had service talk listed, so a worker's "the cases I have" in Arabic
    or "in my work I see more referrals" in Polish read as the writer speaking of herself."""
    assert not rules_only.screen(text, audience="partner", meaning=False).flag
    assert rules_only.screen(text, meaning=False).flag  # the words themselves still match


def test_a_gamer_who_says_he_is_bored_is_not_an_adult_claiming_an_age(rules_only):
    assert not rules_only.screen("he games online all day and says hes bored").flag
    for claim in ("a man on fortnite says hes 13", "someone on snapchat said she is 14"):
        assert rules_only.screen(claim).flag


def test_the_layer_at_its_threshold_flags_an_adult_whoever_the_answer_names():
    """Round 20: the gate holds back keyword matches in talk about nobody in particular, not
    the layer's flags, since no list knows every way an adult names a child. Below the
    threshold the gate still keeps such an answer off the second-look list."""
    at = MeaningFlag(THRESHOLD, "sexual_exploitation", "x", 0.5)
    named = "Callum has a new older boyfriend who picks him up from the gates in a car"
    layer = StubLayer(lambda _: at)
    result = Screener(load_directory(RULES_DIR), layer).screen(named, audience="partner")  # type: ignore[arg-type]
    assert result.flag and result.categories == ("sexual_exploitation",)
    below = MeaningFlag(SECOND_LOOK, "neglect", "x", 0.5, True)
    services = "families round here struggle to afford food at the end of the month"
    layer = StubLayer(lambda _: below)
    listed = Screener(load_directory(RULES_DIR), layer).screen(services, audience="partner")  # type: ignore[arg-type]
    assert not listed.flag and listed.second_look is None
