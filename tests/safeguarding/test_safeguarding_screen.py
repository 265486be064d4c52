"""The screen's behaviour on the kinds of answer children, parents and partners give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.safeguarding import CATEGORIES, ScreenResult, screen, screen_safely

EVERY_CATEGORY = {
    "suicidal_thoughts": "i dont want to be here anymore",
    "self_harm": "i cut myself when im upset",
    "physical_abuse": "my stepdad punches me",
    "sexual_abuse": "my uncle touches me and says its our secret",
    "emotional_abuse": "my mum says im worthless and locks me in my room",
    "neglect": "there is never any food at home",
    "domestic_abuse": "dad hits mum when he is drunk",
    "criminal_exploitation": "older lads make me carry packages for them",
    "sexual_exploitation": "an older man buys me vodka and i have to do stuff with his mates",
    "online_grooming": "a man on snapchat keeps asking for nudes",
    "forced_marriage": "my parents are forcing me to marry my cousin",
    "fgm": "my aunty says i am going to be cut when we go abroad",
    "radicalisation": "he keeps sending me videos saying we should attack the kuffar",
    "running_away": "i ran away and have nowhere to sleep tonight",
    "severe_bullying": "they beat me up every day and tell me to kys",
    "scared_to_go_home": "please dont make me go home",
}


def test_categories_are_exactly_the_agreed_ids_in_order_of_seriousness():
    assert list(CATEGORIES) == list(EVERY_CATEGORY)
    assert all(isinstance(label, str) and label for label in CATEGORIES.values())


@pytest.mark.parametrize(("category", "text"), EVERY_CATEGORY.items())
def test_every_category_is_caught_in_english(category, text):
    result = screen(text, locale="en", audience="child")
    assert result.status == "flagged"
    assert result.flag is True
    assert category in result.categories
    assert result.language == "en"


SERIOUS_IN_EVERY_LANGUAGE = [
    ("cy", "suicidal_thoughts", "dw i eisiau marw"),
    ("cy", "self_harm", "dw i'n torri fy hun"),
    ("cy", "physical_abuse", "mae dad yn fy nharo i"),
    ("cy", "sexual_abuse", "mae e'n fy nghyffwrdd i"),
    ("cy", "scared_to_go_home", "dw i ddim eisiau mynd adref"),
    ("cy", "running_away", "does gen i ddim lle i gysgu"),
    ("gd", "suicidal_thoughts", "tha mi airson bàsachadh"),
    ("gd", "self_harm", "bidh mi a' gearradh mi fhìn"),
    ("gd", "physical_abuse", "tha e gam bhualadh"),
    ("gd", "sexual_abuse", "bidh e a' beantainn rium"),
    ("gd", "scared_to_go_home", "tha eagal orm a dhol dhachaigh"),
    ("gd", "running_away", "ruith mi air falbh"),
    ("pl", "suicidal_thoughts", "chcę się zabić"),
    ("pl", "self_harm", "tnę się"),
    ("pl", "physical_abuse", "ojczym mnie bije"),
    ("pl", "sexual_abuse", "wujek mnie dotyka"),
    ("pl", "scared_to_go_home", "boję się wracać do domu"),
    ("pl", "running_away", "nie mam gdzie spać"),
    ("ar", "suicidal_thoughts", "أريد أن أموت"),
    ("ar", "self_harm", "أجرح نفسي"),
    ("ar", "physical_abuse", "أبي يضربني"),
    ("ar", "sexual_abuse", "عمي يلمسني"),
    ("ar", "scared_to_go_home", "أخاف أرجع البيت"),
    ("ar", "running_away", "هربت من البيت"),
    ("ur", "suicidal_thoughts", "میں مرنا چاہتی ہوں"),
    ("ur", "self_harm", "میں اپنے آپ کو نقصان پہنچاتی ہوں"),
    ("ur", "physical_abuse", "ابو مجھے مارتے ہیں"),
    ("ur", "sexual_abuse", "چچا مجھے غلط طریقے سے چھوتے ہیں"),
    ("ur", "scared_to_go_home", "مجھے گھر جانے سے ڈر لگتا ہے"),
    ("ur", "running_away", "میں گھر سے بھاگ گئی"),
]


@pytest.mark.parametrize(("language", "category", "text"), SERIOUS_IN_EVERY_LANGUAGE)
def test_serious_categories_are_caught_in_every_language(language, category, text):
    result = screen(text, audience="child")  # no locale: any language is screened
    assert category in result.categories
    assert result.language == language


@pytest.mark.parametrize(
    ("urdu_keyboard", "arabic_keyboard"),
    [
        ("ابو مجھے مارتے ہیں", "ابو مجهي مارتي هين"),
        ("مجھے گھر جانے سے ڈر لگتا ہے", "مجهي گهر جاني سي ڈر لگتا هي"),
    ],
)
def test_urdu_typed_on_an_arabic_keyboard_is_the_same(urdu_keyboard, arabic_keyboard):
    # No ے, ں or ہ on an Arabic keyboard: ي, ن and ه are typed instead.
    assert screen(arabic_keyboard).categories == screen(urdu_keyboard).categories != ()


def test_polish_without_polish_letters_is_the_same():
    assert screen("chce sie zabic").categories == screen("Chcę się zabić").categories != ()


def test_locale_is_only_a_hint_an_english_answer_on_a_welsh_form_is_screened():
    result = screen("i want to kill myself", locale="cy")
    assert result.flag and result.language == "en"


@pytest.mark.parametrize(
    "text",
    [
        "sucide is all i think about",
        "i wana kil myself",
        "kms",
        "I WANT TO DIE",
        "i want to dieeeee",
        "k i l l myself",
        "i think about s.u.i.c.i.d.e",
        "k1ll mys3lf",
        "i don’t want to be here anymore",
        "nobody would notice if i was gone",
        "he hits me n mum",
        "wanna die",
    ],
)
def test_misspelling_text_speak_caps_and_odd_spacing_are_caught(text):
    assert screen(text, audience="young_person").status == "flagged"


@pytest.mark.parametrize(
    "text",
    [
        "this survey is killing me",
        "I'd die for a skate park",
        "my mum will kill me if I'm late",
        "I'm dying to go to the new youth club",
        "the bus is so slow I want to die lol",
        "maths homework makes me want to kill myself haha",
        "I feel sad when my friends are mean",
        "I don't like my stepdad's cooking",
        "my brother kills me in fortnite every time",
        "i got my hair cut",
        "we learned about suicide in PSHE",
        "i want to go home early on fridays",
    ],
)
def test_figures_of_speech_and_ordinary_complaints_are_not_flagged(text):
    assert screen(text, audience="child").status == "clear"


@pytest.mark.parametrize("audience", ["partner", "parent_carer"])
@pytest.mark.parametrize(
    "text",
    [
        "referrals for self-harm have doubled",
        "we run a group for young people who self-harm",
        "waiting lists for CAMHS mean children at risk of suicide wait months",
        "Our charity supports children affected by domestic abuse",
    ],
)
def test_adults_describing_services_or_statistics_are_not_flagged(text, audience):
    assert screen(text, audience=audience).flag is False


def test_a_parent_reporting_what_their_child_said_is_flagged():
    result = screen("my daughter told me her stepdad hurts her", audience="parent_carer")
    assert result.flag and "physical_abuse" in result.categories


def test_a_partner_reporting_a_specific_child_is_flagged():
    text = "a girl in our youth group told a worker her mum's boyfriend touches her"
    assert "sexual_abuse" in screen(text, audience="partner").categories


def test_a_parent_at_risk_themselves_is_flagged():
    assert screen("I think about taking all my tablets", audience="parent_carer").flag


def test_categories_and_matches_are_ordered_by_seriousness():
    result = screen("they beat me up at school and i want to die. i ran away", audience="child")
    order = list(CATEGORIES)
    assert result.categories[0] == "suicidal_thoughts"
    assert list(result.categories) == sorted(result.categories, key=order.index)
    assert [m.category for m in result.matches] == sorted(
        (m.category for m in result.matches), key=order.index
    )
    assert result.matches[0].category == "suicidal_thoughts"


def test_matches_point_at_what_the_child_wrote():
    text = "School is OK.   But honestly I wanna KILLLL myself!!"
    match = screen(text).matches[0]
    assert text[match.start : match.end] == "KILLLL myself"
    assert match.span == (match.start, match.end)
    assert match.rule_id.startswith("en.")


def test_clear_result_shape():
    result = screen("I like the youth club")
    assert result == ScreenResult(status="clear", flag=False)
    assert result.as_dict() == {"flag": False, "categories": []}


def test_text_in_a_script_we_have_no_rules_for_is_unscreened_so_a_person_reads_it():
    result = screen("আমি মরতে চাই")  # Bengali
    assert result.status == "unscreened" and result.flag is True and result.error


def test_empty_text_is_clear():
    assert screen("").status == "clear"
    assert screen("   \n ").status == "clear"


def test_bad_arguments_raise_from_screen_but_not_from_screen_safely():
    with pytest.raises(ValueError, match="audience"):
        screen("hello", audience="teacher")
    with pytest.raises(TypeError):
        screen(None)  # type: ignore[arg-type]
    result = screen_safely(None)  # type: ignore[arg-type]
    assert result.status == "unscreened" and result.flag and "TypeError" in result.error


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_screen_safely_never_raises_and_always_answers(text):
    result = screen_safely(text, audience="child")
    assert result.status in {"clear", "flagged", "unscreened"}
    assert result.flag == (result.status != "clear")
    for match in result.matches:
        assert 0 <= match.start < match.end <= len(text)


@pytest.mark.parametrize("n", [148, 1489, 999, 100, 22])
def test_numbers_keep_their_digits(n):
    """Repeated digits are not squashed like repeated letters: "148 buses" is not a code."""
    from analysis.safeguarding.normalise import tokens

    assert tokens(f"more buses after school {n}")[-1] == str(n)
    assert not screen(f"More buses after school {n}", locale="en", audience="child").flag
