"""Sections: a child's pages inside a parent's questionnaire, and translating one section.

Each loader error is shown on the smallest file that makes it, with its code and fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from questionnaire_builders import definition, load, only, problems_of, write

from questionnaires.lint import lint, untranslated_warnings
from questionnaires.loader import untranslated

HARD = "How would you describe the support your family receives?"  # reading age about 13


def _parent(sections: list | None = None, **top) -> dict:
    """A parent carer's questionnaire: two of the parent's pages, then two of the child's."""
    pages = [
        {"id": "start", "questions": [{"id": "q1", "type": "yes_no", "text": "Ready?"}]},
        {"id": "family", "questions": [{"id": "support", "type": "long_text", "text": HARD}]},
        {"id": "kid-1", "questions": [{"id": "likes", "type": "short_text", "text": "What?"}]},
        {"id": "kid-2", "questions": [{"id": "hard", "type": "long_text", "text": HARD}]},
    ]
    if sections is None:
        sections = [
            {
                "id": "child",
                "respondent": "child",
                "age_band": "8-12",
                "title": "Your turn",
                "intro": "Please hand the phone to your child.",
                "pages": ["kid-1", "kid-2"],
            }
        ]
    return definition(
        "pc", pages, audience="parent_carer", age_band="adult", sections=sections, **top
    )


def _with(**section) -> dict:
    base = {"id": "child", "respondent": "child", "age_band": "8-12", "pages": ["kid-1", "kid-2"]}
    return _parent([{**base, **section}])


def test_a_section_gives_its_pages_to_the_child(tmp_path: Path) -> None:
    q = load(tmp_path, _parent())
    assert [s.id for s in q.sections] == ["child"]
    assert q.respondent("likes") == ("child", "8-12")
    assert q.respondent("support") == ("parent_carer", "adult")
    assert q.section_of("kid-2").intro.default == "Please hand the phone to your child."
    assert q.section_of("family") is None
    assert q.answered_by({"q1": "yes", "likes": "football"}) == {
        "likes": {"audience": "child", "age_band": "8-12"}
    }


def test_the_childs_section_is_linted_at_the_childs_reading_age(tmp_path: Path) -> None:
    q = load(tmp_path, _parent())
    warned = [p.path for p in lint(q) if p.code == "HYS201"]
    # the same words: fine for the parent (12), too hard for a child of 8 (9)
    assert warned == ["pages[3].questions[0].text"]
    assert "above this audience's 9" in next(p.message for p in lint(q) if p.code == "HYS201")


@pytest.mark.parametrize(
    ("section", "code", "words"),
    [
        ({"respondent": "chlid"}, "HYS013", "did you mean 'child'?"),
        ({"age_band": "8-30"}, "HYS084", "outside the ages of a child"),
        ({"age_band": "young"}, "HYS084", "is not an age band"),
        ({"age_band": None}, "HYS084", "needs its own age band"),
        ({"respondent": "partner", "age_band": "8-12"}, "HYS084", "age band is 'adult'"),
        ({"pages": []}, "HYS080", "has no pages"),
        ({"pages": ["kid-1", "kid_2"]}, "HYS081", "did you mean 'kid-2'?"),
        ({"pages": ["kid-2", "family"]}, "HYS083", "[family, kid-2]"),
        ({"pages": ["start", "kid-2"]}, "HYS083", "not next to each other"),
        ({"respondnet": "child"}, "HYS010", "did you mean 'respondent'?"),
    ],
)
def test_each_section_mistake_is_told_with_its_fix(
    tmp_path: Path, section: dict, code: str, words: str
) -> None:
    data = _with(**section)
    entry = data["sections"][0]
    for key in [k for k, v in entry.items() if v is None]:
        del entry[key]
    if "respondnet" in entry:
        del entry["respondent"]
    problem = only(problems_of(write(tmp_path, data)), code)
    assert words in f"{problem.message} {problem.fix}"
    assert problem.path.startswith("sections[0]")
    assert problem.line is not None


def test_a_page_in_two_sections_and_an_id_used_twice(tmp_path: Path) -> None:
    first = {"id": "child", "respondent": "child", "age_band": "8-12", "pages": ["kid-1"]}
    second = {**first, "pages": ["kid-1", "kid-2"]}
    found = problems_of(write(tmp_path, _parent([first, second])))
    assert "in two sections ('child' and 'child')" in only(found, "HYS082").message
    assert only(found, "HYS021").path == "sections[1].id"


def test_no_sections_is_the_questionnaires_own_audience(tmp_path: Path) -> None:
    q = load(tmp_path, definition())
    assert q.sections == () and q.respondent("q1") == ("child", "8-12")


# --- a translation of one section ---------------------------------------------------------


def _welsh(tmp_path: Path, lines: str) -> Path:
    write(tmp_path, _parent())
    return write(tmp_path, lines, "pc.cy.yaml")


def test_a_translation_of_one_section_is_partial_not_broken(tmp_path: Path) -> None:
    _welsh(
        tmp_path,
        "section: child\n"
        "sections.child.title: Dy dro di\n"
        "questions.likes.text: Beth?\n"
        "questions.hard.text: Sut?\n",
    )
    q = load(tmp_path, _parent())
    assert dict(q.section_only) == {"cy": "child"}
    assert q.served_locale("kid-1", "cy") == "cy"
    assert q.served_locale("family", "cy") == "en"  # the parent's pages stay English
    assert q.served_locale("family", "pl") == "pl"  # only a section-only translation does this
    missing = untranslated(q)["cy"]
    assert "questions.support.text" in missing and "title" in missing
    assert not [k for k in missing if k.startswith(("questions.likes", "questions.hard"))]
    assert "sections.child.intro" in missing  # the section's own text left out is still told
    warnings = untranslated_warnings(q)
    assert warnings and all(w.warning and w.code == "HYS063" for w in warnings)
    assert "translates section 'child' only" in warnings[0].message


def test_a_section_translation_names_a_section_that_exists(tmp_path: Path) -> None:
    _welsh(tmp_path, "section: chld\nquestions.likes.text: Beth?\n")
    problem = only(problems_of(tmp_path / "pc.yaml"), "HYS064")
    assert problem.file.endswith("pc.cy.yaml") and "did you mean 'child'?" in problem.fix


def test_a_section_translation_keeps_to_its_section(tmp_path: Path) -> None:
    path = _welsh(tmp_path, "section: child\nquestions.likes.text: Beth?\ntitle: Teitl\n")
    problem = only(problems_of(tmp_path / "pc.yaml"), "HYS065")
    assert problem.path == "title" and problem.line == 3 and problem.file == str(path)
