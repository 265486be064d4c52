"""The questionnaires we ship: they load, they keep our promises to respondents, and
their translations are complete; and a definition's version follows its content.

The promises (optional equality questions with a reason, a privacy note on every
free-text box, prefer-not-to-say on sensitive choices) are duties to children,
so they are checked here rather than left to review.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from questionnaires import Question, Questionnaire, load_directory, load_file
from questionnaires.loader import DEFINITIONS, translation_keys
from questionnaires.sections import SECTION_KEY, section_text_keys

SHIPPED = {
    "children-8-12",
    "young-people-13-18",
    "care-experienced",
    "parent-carers",
    "partners",
}
THEMES = {
    "family", "friends", "school", "health", "mental_health", "safety", "bullying", "play",
    "voice", "money", "care", "disability", "future", "services", "housing", "transport",
    "environment", "online", "equality", "community", "caring",
}  # fmt: skip
FRAMEWORKS = Path(__file__).resolve().parents[2] / "analysis" / "frameworks"
FRAMEWORK_FILES = {"shanarri": "shanarri.yaml", "ecm": "ecm.yaml", "local": "local_example.yaml"}


@pytest.fixture(scope="module")
def bundled() -> dict[str, Questionnaire]:
    return load_directory()


def _live(bundled: dict[str, Questionnaire]) -> list[Questionnaire]:
    """Questionnaires a respondent can meet (the gallery is a draft for authors)."""
    return [q for q in bundled.values() if q.status != "draft"]


def _questions(bundled: dict[str, Questionnaire]) -> list[tuple[str, Question]]:
    return [(q.id, x) for q in _live(bundled) for x in q.questions]


def test_all_bundled_definitions_load(bundled: dict[str, Questionnaire]) -> None:
    assert set(bundled) >= SHIPPED | {"question-gallery"}


@pytest.mark.parametrize(
    ("qid", "audience", "age_band"),
    [
        ("children-8-12", "child", "8-12"),
        ("young-people-13-18", "young_person", "13-18"),
        ("care-experienced", "young_person", "8-25"),
        ("parent-carers", "parent_carer", "adult"),
        ("partners", "partner", "adult"),
    ],
)
def test_audiences(bundled: dict[str, Questionnaire], qid: str, audience: str, age_band: str):
    q = bundled[qid]
    assert (q.audience, q.age_band, q.status) == (audience, age_band, "open")
    assert q.privacy is not None and "code" in q.privacy.default  # how to withdraw
    assert "You said, we did" in q.thank_you.default


def test_children_see_one_question_per_page(bundled: dict[str, Questionnaire]) -> None:
    q = bundled["children-8-12"]
    assert 10 <= len(q.pages) <= 16
    assert all(len(p.questions) == 1 for p in q.pages)
    assert any(x.type == "age_band" for x in q.questions)


def test_only_taking_part_is_required(bundled: dict[str, Questionnaire]) -> None:
    """Every question is optional unless it truly must be answered: agreeing to take part."""
    required = [(qid, x.id) for qid, x in _questions(bundled) if x.required]
    assert required and all(x == "take_part" for _, x in required), required


def test_equality_questions_are_optional_explained_and_escapable(bundled) -> None:
    equality = [(qid, x) for qid, x in _questions(bundled) if x.purpose == "equality"]
    assert {qid for qid, _ in equality} == SHIPPED - {"partners"}
    for qid, x in equality:
        assert not x.required, (qid, x.id)
        assert x.privacy_note is not None, (qid, x.id)
        assert x.prefer_not_to_say, (qid, x.id)


def test_free_text_asks_people_not_to_write_names(bundled: dict[str, Questionnaire]) -> None:
    for qid, x in _questions(bundled):
        if x.type in ("short_text", "long_text"):
            assert x.privacy_note is not None, (qid, x.id)
            assert "name" in x.privacy_note.default, (qid, x.id)


def test_young_people_monitoring_covers_the_named_groups(bundled) -> None:
    ids = {x.id for x in bundled["young-people-13-18"].questions if x.purpose == "equality"}
    assert ids == {"gender", "ethnicity", "disability_send", "young_carer", "care_experience"}


def test_care_leaver_pages_show_only_for_care_leavers(bundled) -> None:
    q = bundled["care-experienced"]
    leaver = [p.id for p in q.visible_pages({"care_status": "care_leaver"})]
    in_care = [p.id for p in q.visible_pages({"care_status": "in_care"})]
    assert {"pathway-plan", "leaving-care", "home-leaver"} <= set(leaver)
    assert not {"pathway-plan", "leaving-care", "home-leaver"} & set(in_care)
    assert {"reviews", "home-in-care"} <= set(in_care) - set(leaver)


def test_parent_carer_forum_size_is_asked_only_of_forums(bundled) -> None:
    q = bundled["parent-carers"]
    size = [x for x in q.questions if x.purpose == "group_size"]
    assert [x.type for x in size] == ["number"]
    names = [x for x in q.questions if x.purpose == "forum_name"]  # matched to the council's list
    assert [x.type for x in names] == ["short_text"]
    page = next(p for p in q.pages if size[0] in p.questions)
    assert names[0] in page.questions
    assert page not in q.visible_pages({"respondent": "myself"})
    assert page in q.visible_pages({"respondent": "forum"})
    assert q.prune({"respondent": "myself", size[0].id: 40}) == {"respondent": "myself"}
    ranking = q.question("priorities")
    assert ranking.type == "ranking" and ranking.settings["other"] is True
    assert {"short_breaks", "bereavement", "mental_health_without_camhs"} <= {
        o.value for o in ranking.options
    }


def test_themes_are_from_the_agreed_list(bundled: dict[str, Questionnaire]) -> None:
    for qid, x in _questions(bundled):
        assert set(x.themes) <= THEMES, (qid, x.id, set(x.themes) - THEMES)


def test_outcomes_name_real_framework_items(bundled: dict[str, Questionnaire]) -> None:
    """A typo such as 'ecm:stay-safe' would silently drop a finding from a report."""
    known: dict[str, set[str]] = {}
    for prefix, name in FRAMEWORK_FILES.items():
        data = yaml.safe_load((FRAMEWORKS / name).read_text(encoding="utf-8"))
        known[prefix] = {item["id"] for item in data["items"]}
    used = [(qid, x.id, o) for qid, x in _questions(bundled) for o in x.outcomes]
    assert used
    for qid, question_id, outcome in used:
        prefix, _, item = outcome.partition(":")
        assert item in known.get(prefix, set()), (qid, question_id, outcome)


def test_sensitive_choices_offer_prefer_not_to_say(bundled) -> None:
    sensitive = {"safety", "bullying", "equality", "mental_health"}
    for qid, x in _questions(bundled):
        if x.purpose == "equality" or (
            x.type in ("single_choice", "yes_no") and {"safety", "bullying"} & set(x.themes)
        ):
            assert x.prefer_not_to_say, (qid, x.id, sensitive & set(x.themes))


# --- translations --------------------------------------------------------------------


def _translation(q: Questionnaire, locale: str) -> dict[str, str]:
    path = Path(q.source).with_name(f"{q.id}.{locale}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_children_8_12_is_translated_into_welsh_and_arabic(bundled) -> None:
    assert {"cy", "ar"} <= set(bundled["children-8-12"].locales)


@pytest.mark.parametrize(
    ("qid", "locale"),
    [(q.stem.split(".")[0], q.stem.split(".")[1]) for q in sorted(DEFINITIONS.glob("*.*.yaml"))],
)
def test_every_bundled_translation_is_complete(bundled, qid: str, locale: str) -> None:
    """A missing key shows English to a child who chose Welsh or Arabic."""
    q = bundled[qid]
    entries = _translation(q, locale)
    wanted = translation_keys(q)
    if SECTION_KEY in entries:  # a translation of one section: complete for that section
        section = next(s for s in q.sections if s.id == entries.pop(SECTION_KEY))
        wanted = section_text_keys(section, list(q.pages), wanted)
        assert q.section_only[locale] == section.id
    assert set(entries) == wanted
    assert all(v.strip() for v in entries.values())
    for key in entries:  # the loader attached every entry
        assert key in translation_keys(q)


def test_arabic_texts_are_in_arabic_script(bundled) -> None:
    entries = _translation(bundled["children-8-12"], "ar")
    for key, words in entries.items():
        assert any("ARABIC" in unicodedata.name(c, "") for c in words), key


def test_welsh_texts_are_not_copies_of_the_english(bundled) -> None:
    q = bundled["children-8-12"]
    english = {x.text.default for x in q.questions} | {q.title.default, q.intro.default}
    entries = _translation(q, "cy")
    assert not english & set(entries.values())


def test_translations_reach_the_objects(bundled) -> None:
    q = bundled["children-8-12"]
    welsh = _translation(q, "cy")
    assert (
        q.question("feel_friends").options[0].label.get("cy")
        == welsh["questions.feel_friends.labels.1"]
    )
    consent_label = q.question("take_part").settings["label"]
    assert consent_label.get("ar") == _translation(q, "ar")["questions.take_part.label"]


# --- versions --------------------------------------------------------------------------


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """children-8-12 and its translations, copied so a test can edit them."""
    for path in DEFINITIONS.glob("children-8-12*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "children-8-12.yaml"


def test_content_hash_is_stable(copied: Path) -> None:
    assert load_file(copied).content_hash == load_file(copied).content_hash


def test_editing_a_definition_makes_a_new_version(copied: Path) -> None:
    """Responses keep the hash they answered, so an edit must never reuse it."""
    before = load_file(copied).content_hash
    text = copied.read_text(encoding="utf-8")
    copied.write_text(text.replace("How do you feel about school?", "How is school?"), "utf-8")
    after = load_file(copied)
    assert after.content_hash != before
    assert after.question("feel_school").text.default == "How is school?"


def test_editing_a_translation_keeps_the_version(copied: Path) -> None:
    """Fixing a Welsh word does not change what was asked, so answers stay comparable."""
    before = load_file(copied)
    welsh = copied.with_name("children-8-12.cy.yaml")
    text = welsh.read_text(encoding="utf-8")
    welsh.write_text(text.replace('"Ysgol"', '"Yr ysgol"'), encoding="utf-8")
    after = load_file(copied)
    assert after.page("school").title.get("cy") == "Yr ysgol"
    assert after.content_hash == before.content_hash


def test_a_comment_is_not_a_new_version(copied: Path) -> None:
    before = load_file(copied).content_hash
    copied.write_text("# reviewed\n" + copied.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_file(copied).content_hash == before
