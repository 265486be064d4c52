from __future__ import annotations

import re

import pytest

from analysis.codebook import load_codebook
from analysis.datafiles import DataFileError
from analysis.frameworks import load_folder, load_framework, load_frameworks, stage_for_age
from analysis.mapping import FrameworkIndex


def test_all_54_uncrc_articles_with_titles_and_plain_summaries():
    uncrc = load_framework("uncrc")
    assert uncrc.ids == tuple(range(1, 55))
    for item in uncrc.items:
        assert item.name and item.description
        assert len(item.description.split()) <= 30  # child-friendly: short
    assert uncrc.get(12).name == "Respect for the views of the child"


def test_shanarri_ecm_local_levels_and_stages():
    fw = load_frameworks()
    assert len(fw["shanarri"].items) == 8
    assert len(fw["ecm"].items) == 5
    assert [i.name for i in fw["outcomes"].items] == [
        "Safe and living in families",
        "Achieving potential",
        "Health and wellbeing",
        "Thriving communities",
    ]
    assert fw["levels_of_need"].ids == ("prevent", "reduce", "meet")
    assert fw["ages_stages"].ids == ("ready_for_school", "ready_to_choose", "ready_for_adulthood")


def test_council_can_drop_and_rename_a_level_of_need(tmp_path):
    path = tmp_path / "levels.yaml"
    path.write_text(
        "extends: levels_of_need\ndrop: [reduce]\nrename: {meet: {name: Specialist}}\n",
        encoding="utf-8",
    )
    fw = load_frameworks([path])
    assert fw["levels_of_need"].ids == ("prevent", "meet")
    assert fw["levels_of_need"].get("meet").name == "Specialist"


def test_framework_error_names_file_and_place(tmp_path):
    path = tmp_path / "levels.yaml"
    path.write_text("extends: levels_of_need\ndrop: [delay]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"levels\.yaml: drop\[0\]: unknown id 'delay'"):
        load_frameworks([path])


@pytest.mark.parametrize(
    ("band", "stage"),
    [
        ("0-5", "ready_for_school"),
        ("3", "ready_for_school"),
        ("5-10", "ready_to_choose"),
        ("11-13", "ready_to_choose"),
        ("14-16", "ready_for_adulthood"),
        ("20-25", "ready_for_adulthood"),
        ("25", "ready_for_adulthood"),
        (None, None),
        ("adult", None),
    ],
)
def test_age_bands_map_to_stages(band, stage):
    assert stage_for_age(load_frameworks(), band) == stage


def test_browse_both_ways():
    fw = load_frameworks()
    index = FrameworkIndex(load_codebook(frameworks=fw), fw)
    assert 19 in index.articles_for("bullying")
    names = [i.name for i in index.for_theme("bullying")["shanarri"]]
    assert "Safe" in names
    themes_for_12 = {link.theme for link in index.themes_for("uncrc", 12)}
    assert "voice" in themes_for_12 and "bullying" not in themes_for_12
    coverage = index.coverage("uncrc")
    assert set(coverage) == set(range(1, 55))
    assert "voice" in coverage[12]
    with pytest.raises(KeyError):
        index.themes_for("uncrc", 99)


@pytest.mark.parametrize(
    ("text", "not_articles"),
    [
        ("getting about is hard, there are only two buses a day", {23, 34}),
        ("the cars go too fast past our school, we need a crossing", {34, 23}),
        ("my mum takes me to football on saturdays", {9, 10}),
        ("my dad helps me with my homework", {9, 10}),
    ],
)
def test_articles_come_from_what_is_said_not_from_single_words(text, not_articles):
    """Getting about is not Article 23, road safety is not 34, a parent is not 9 and 10."""
    from analysis import analyse

    result = analyse([{"id": "1", "text": text}], emerging=False).results[0]
    assert result.themes
    assert not set(result.uncrc) & not_articles, (result.themes, result.subthemes, result.uncrc)


def test_contact_after_separation_still_maps_to_articles_9_and_10():
    from analysis import analyse

    result = analyse(
        [{"id": "1", "text": "since the divorce i only see my dad every other weekend"}],
        emerging=False,
    ).results[0]
    assert {9, 10} <= set(result.uncrc)


def test_a_folder_is_every_framework_in_it_named_by_its_files(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nname: Our outcomes\nkind: outcomes\nitems: [{id: a, name: A}]\n",
        encoding="utf-8",
    )
    (tmp_path / "levels.yml").write_text("extends: levels_of_need\ndrop: [reduce]\n", "utf-8")
    (tmp_path / "notes.txt").write_text("not a framework", encoding="utf-8")
    fw = load_folder(tmp_path)
    assert list(fw) == ["levels_of_need", "mine"]  # file-name order
    assert fw["mine"].name == "Our outcomes" and fw["levels_of_need"].ids == ("prevent", "meet")
    assert set(load_folder()) == set(load_frameworks())  # the bundled folder: the standard set


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a.yaml": "extends: ecm\n", "b.yaml": "extends: ecm\n"}, "b.yaml: id: 'ecm' is also"),
        ({"a.yaml": "id: name\nname: N\nitems: [{id: x, name: X}]\n"}, "a word the codebook"),
        ({}, "holds no .yaml files"),
    ],
)
def test_a_folder_with_a_mistake_is_refused_with_the_file(tmp_path, files, problem):
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(problem)):
        load_folder(tmp_path)
    with pytest.raises(DataFileError, match="is not a folder"):
        load_folder(tmp_path / "missing")


def test_a_council_maps_themes_to_its_own_framework_and_levels_of_need(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nname: Our outcomes\nitems: [{id: a, name: A}, {id: b, name: B}]\n", "utf-8"
    )
    (tmp_path / "uncrc.yaml").write_text("extends: uncrc\n", encoding="utf-8")
    (tmp_path / "levels.yaml").write_text("extends: levels_of_need\n", encoding="utf-8")
    council = tmp_path.parent / f"{tmp_path.name}-codebook.yml"  # not in the frameworks' folder
    council.write_text("extends: standard\nmap:\n  play: {mine: [a]}\n", encoding="utf-8")
    frameworks = load_folder(tmp_path)
    codebook = load_codebook(council, frameworks)
    play, sub = codebook.theme("play"), codebook.theme("play.after_school")
    assert play.mappings["mine"] == ("a",) and sub.mappings["mine"] == ("a",)  # inherited
    assert play.mappings["levels_of_need"] == ("prevent",)
    assert "shanarri" not in play.mappings  # not in the council's folder: not mapped
    assert all(t.mappings.get("levels_of_need") for t in codebook.top_level())
    index = FrameworkIndex(codebook, frameworks)
    assert [link.theme for link in index.themes_for("mine", "a", include_subthemes=False)] == [
        "play"
    ]
    council.write_text("extends: standard\nmap:\n  play: {mine: [z]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"'z' is not in Our outcomes"):
        load_codebook(council, frameworks)
