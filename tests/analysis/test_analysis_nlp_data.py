from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import nlp, nlp_data

ROOT = Path(__file__).resolve().parents[2]


def test_lexnames_has_45_rows_in_man_page_format():
    rows = [line.split("\t") for line in nlp_data.lexnames_text().splitlines()]
    assert len(rows) == 45
    assert rows[0] == ["00", "adj.all", "3"] and rows[3] == ["03", "noun.Tops", "1"]
    assert rows[29] == ["29", "verb.body", "2"] and rows[44] == ["44", "adj.ppl", "3"]


def test_build_then_check_in_a_fresh_root(tmp_path):
    lines: list[str] = []
    status = nlp_data.build(tmp_path, out=lines.append)
    assert status["sentences"] and status["pos_tags"]
    wordnet = Path("/usr/share/wordnet/index.sense").exists()
    assert status["lemmas"] is wordnet
    assert nlp_data.check(tmp_path, out=lines.append) is wordnet
    for name in nlp_data.TAGGER_FILES:
        assert not (tmp_path / nlp_data.TAGGER_DIR / name).is_symlink()


def test_missing_source_reduces_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setitem(
        nlp_data.BUILDERS, "lemmas", lambda root: nlp_data.build_wordnet(root, tmp_path / "none")
    )
    lines: list[str] = []
    status = nlp_data.build(tmp_path / "data", out=lines.append)
    assert status["lemmas"] is False
    text = "\n".join(lines)
    assert "REDUCED   lemmas" in text and "apt-get install" in text


def test_cli_exit_codes(tmp_path):
    empty = tmp_path / "empty"
    strict = subprocess.run(
        [sys.executable, "-m", "analysis.nlp_data", "check", "--strict", "--root", str(empty)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert strict.returncode == 1 and "MISSING" in strict.stdout
    lenient = subprocess.run(
        [sys.executable, "-m", "analysis.nlp_data", "check", "--root", str(empty)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert lenient.returncode == 0


def test_reduced_key_phrases_still_work_without_data(tmp_path):
    feats = nlp.Features(tmp_path, sentences=False, pos_tags=False, lemmas=False)
    assert nlp.key_phrases("The swimming pools closed", feats) == ["swimming", "pool", "closed"]
    assert len(feats.reduced()) == 3


def test_built_data_gives_lemmas_and_noun_phrases():
    feats = nlp.features()
    if not (feats.lemmas and feats.pos_tags):
        pytest.fail("run: python -m analysis.nlp_data build (CI builds it before tests)")
    assert nlp.lemma("children") == "child"
    assert "dog walker" in nlp.key_phrases("dog walkers leave mess")
