from __future__ import annotations

import textwrap

import pytest

from analysis.codebook import load_codebook
from analysis.datafiles import DataFileError

TOP = [
    "family",
    "friends",
    "school",
    "health",
    "mental_health",
    "safety",
    "bullying",
    "play",
    "voice",
    "money",
    "care",
    "disability",
    "future",
    "services",
    "housing",
    "transport",
    "environment",
    "online",
    "equality",
    "community",
    "caring",
]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_standard_codebook_has_exactly_the_agreed_top_level_themes():
    codebook = load_codebook()
    assert [t.id for t in codebook.top_level()] == TOP


def test_every_theme_and_subtheme_maps_to_uncrc_with_a_rationale():
    codebook = load_codebook()
    for theme in codebook.themes.values():
        assert theme.uncrc, theme.id
        assert all(1 <= a <= 54 for a in theme.uncrc)
        assert theme.rationale.strip(), theme.id


def test_parent_carer_and_partner_subthemes_exist():
    ids = set(load_codebook().themes)
    for sub in [
        "disability.short_breaks",
        "caring.respite",
        "family.parent_support",
        "health.sensory",
        "play.after_school",
        "services.commissioning",
        "services.capacity",
        "voice.coproduction",
        "services.waiting_lists",
    ]:
        assert sub in ids


def test_subthemes_inherit_their_theme_mappings():
    codebook = load_codebook()
    parent, sub = codebook.theme("disability"), codebook.theme("disability.short_breaks")
    assert set(parent.uncrc) <= set(sub.uncrc)
    assert 31 in sub.uncrc and 31 not in parent.uncrc
    assert sub.shanarri == parent.shanarri


def test_council_codebook_extends_drops_renames_and_adds(tmp_path):
    path = write(
        tmp_path,
        "council.yaml",
        """
        extends: standard
        id: council
        drop: [environment, play.after_school]
        rename:
          play: {name: Things to do}
        add:
          - id: faith
            name: Faith and belief
            keywords: [church, mosque, temple]
            uncrc: [14]
            rationale: Freedom of thought and religion.
          - id: play.holiday_hunger
            parent: play
            name: Holiday food and fun
            keywords: [holiday hunger]
            uncrc: [27]
        """,
    )
    codebook = load_codebook(path)
    ids = set(codebook.themes)
    assert "environment" not in ids and "play.after_school" not in ids
    assert "environment" not in codebook.other_languages["cy"]
    assert codebook.theme("play").name == "Things to do"
    assert codebook.theme("faith").uncrc == (14,)
    assert codebook.theme("play.holiday_hunger").parent == "play"
    assert 31 in codebook.theme("play.holiday_hunger").uncrc  # inherited


@pytest.mark.parametrize(
    ("body", "place", "fix"),
    [
        ("extends: standard\ndrop: [nonsense]\n", "drop[0]", "use one of"),
        ("extends: standard\nrename: {nope: {name: X}}\n", "rename.nope", "use one of"),
        (
            "id: x\nname: x\nthemes:\n  - id: a\n    name: A\n    keywords: [a]\n    uncrc: [99]\n",
            "themes[0] (id: a).uncrc[0]",
            "use one of",
        ),
        (
            "id: x\nname: x\nthemes:\n  - id: a\n    name: A\n    keywords: [a]\n    uncrc: [1]\n"
            "    shanarri: [happy]\n",
            "themes[0] (id: a).shanarri[0]",
            "safe",
        ),
        (
            "id: x\nname: x\nthemes:\n  - id: a\n    name: A\n    keywords: [a]\n",
            "uncrc",
            "add uncrc",
        ),
        ("id: x\nthemes: [\n", "line", "indentation"),
    ],
)
def test_errors_name_the_file_the_place_and_the_fix(tmp_path, body, place, fix):
    path = write(tmp_path, "bad.yaml", body)
    with pytest.raises(DataFileError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert str(path) in message
    assert place in message
    assert "Fix:" in message and fix in message


def test_duplicate_theme_ids_are_refused(tmp_path):
    path = write(
        tmp_path,
        "dup.yaml",
        """
        id: x
        name: x
        themes:
          - {id: a, name: A, keywords: [a], uncrc: [1]}
          - {id: a, name: A again, keywords: [b], uncrc: [1]}
        """,
    )
    with pytest.raises(DataFileError, match="duplicate id 'a'"):
        load_codebook(path)
