"""The realistic theme set and its second coding hold together: a row with a misspelt theme id
or a missing coding would quietly lower (or raise) a figure in docs/benchmarks.md."""

from __future__ import annotations

from analysis import load_codebook
from analysis.evalsets import (
    EVALUATION,
    TRAIN,
    check_rows,
    read_jsonl,
    real_rows,
    real_sources,
    training_rows,
)

THEMES = {theme.id for theme in load_codebook("standard").top_level()}
CODEBOOK = set(load_codebook("standard").themes)


def assert_coded(rows: list[dict]) -> None:
    """Each row once, with top-level themes and sub-themes the codebook has."""
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row["themes"]) <= THEMES, row["id"]
        assert set(row.get("subthemes") or []) <= CODEBOOK, row["id"]


def test_every_realistic_answer_is_coded_with_codebook_themes_from_a_known_report():
    rows = real_rows()
    assert len(rows) >= 600
    assert_coded(rows)


def test_the_split_keeps_each_report_on_one_side_and_both_sides_filled():
    sources = real_sources()
    rows = real_rows()
    for row in rows:
        assert row["split"] == sources[row["source"]].split
    assert {row["split"] for row in real_rows("test")} == {"test"}
    assert len(real_rows("test")) >= 250 and len(real_rows("dev")) >= 250


def test_the_second_coder_coded_every_answer_once_with_codebook_ids():
    coded = list(read_jsonl(EVALUATION / "second_coder" / "real.jsonl"))
    assert_coded(coded)
    assert {row["id"] for row in coded} == {row["id"] for row in real_rows()}
    assert all(set(row) == {"id", "themes", "subthemes"} for row in coded)


def test_the_check_set_is_coded_with_codebook_themes_and_shares_no_report_or_text_with_training():
    rows = check_rows()
    assert len(rows) >= 1500
    assert_coded(rows)
    mine = {row["source"] for row in rows}
    others = {
        source["id"]
        for folder in (TRAIN, EVALUATION / "real")
        for path in folder.glob("*.sources.jsonl")
        for source in read_jsonl(path)
    }
    assert len(mine) >= 80
    assert not mine & others
    assert not {row["text"] for row in rows} & {row["text"] for row in training_rows()}
