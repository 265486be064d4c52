"""The semantic layer: the model as published, distilled offline, and used beside the lexicon."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from analysis import analyse, load_codebook
from analysis.datafiles import DataFileError
from analysis.semantic import why_absent
from analysis.semantic.distil import ModelError, model_dir, verify
from analysis.semantic.minilm import MiniLM

REFERENCE = Path(__file__).with_name("data") / "minilm_reference.json"


def test_our_numpy_encoder_gives_what_sentence_transformers_gave():
    """The reference embeddings were made once with sentence-transformers and PyTorch, from
    our own sentences; our encoder (used to distil) must reproduce them and their tokens."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    model = MiniLM(model_dir())
    for text, ids in zip(reference["texts"], reference["token_ids"], strict=True):
        assert model.tokenizer.encode(text) == ids, text
    ours = model.encode(reference["texts"])
    cosine = (ours * np.array(reference["embeddings"])).sum(1)
    assert cosine.min() > 0.9999


def test_a_model_file_that_is_not_the_published_one_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    assert set(verify(copy)) == {"model.safetensors", "config.json", "vocab.txt"}
    config = copy / "config.json"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("384", "385"), encoding="utf-8")
    with pytest.raises(ModelError, match=r"config\.json.*not the published"):
        verify(copy)
    config.write_text(original, encoding="utf-8")
    (copy / "vocab.txt").unlink()
    with pytest.raises(ModelError, match=r"vocab\.txt is missing"):
        verify(copy)


def test_answers_that_mean_the_same_are_closer_than_answers_that_do_not(embedder):
    a, b, c = embedder.embed(
        [
            "my social worker keeps changing",
            "i have had five different workers this year",
            "the bus to town is always late",
        ]
    )
    assert a @ b > a @ c + 0.1


def test_a_theme_without_its_keywords_is_found_by_meaning_and_says_why():
    text = "older kids take my stuff and say they will get me if i tell"
    result = analyse([{"id": "1", "text": text}], emerging=False).results[0]
    assert "bullying" in result.themes
    why = result.reasons["bullying"]
    assert why["keywords"] == []  # no keyword of the codebook: meaning alone
    assert why["exemplar"] and 0 < why["similarity"] <= 1 and why["probability"] >= 0.3


def test_a_phrase_wins_over_a_word_inside_it():
    """ "make fun of" is bullying, and its "fun" is not play."""
    text = "nobody in my class will be my partner for anything and they make fun of my clothes"
    result = analyse([{"id": "1", "text": text}], emerging=False).results[0]
    assert "bullying" in result.themes and "play" not in result.themes
    assert "make fun of" in result.reasons["bullying"]["keywords"]


def test_the_question_context_is_used_as_a_human_coder_would():
    text = "i want to see my mum more than once a month"
    plain = analyse([{"id": "1", "text": text}], emerging=False).results[0]
    framed = analyse([{"id": "1", "text": text, "context": ["care"]}], emerging=False).results[0]
    assert "care" not in plain.themes and "care" in framed.themes


def test_an_unknown_context_theme_is_reported_not_used():
    run = analyse([{"id": "1", "text": "more buses please", "context": ["nope"]}], emerging=False)
    assert any(p.reason == "unknown_context" for p in run.not_processed)
    assert "transport" in run.results[0].themes


def test_without_the_table_the_lexicon_alone_themes_and_the_run_says_so(monkeypatch):
    monkeypatch.setattr("analysis.pipeline.load_embedder", lambda: None)
    run = analyse([{"id": "1", "text": "I get bullied at school"}], emerging=False)
    assert run.results[0].themes[:1] == ["bullying"] and run.results[0].reasons == {}
    assert any("semantic" in why and "lexicon" in why for why in run.reduced)
    assert "make setup" in why_absent()


def test_answers_about_nothing_are_left_unthemed():
    texts = ["no", "idk", "the tombola stall at the fete was rigged"]
    run = analyse([{"id": str(i), "text": t} for i, t in enumerate(texts)], emerging=False)
    assert [r.themes for r in run.results] == [[], [], []]


def test_an_exemplar_for_an_unknown_theme_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "council.yaml").write_text(
        "extends: standard\nexemplars: council.exemplars.yaml\n", encoding="utf-8"
    )
    (tmp_path / "council.exemplars.yaml").write_text(
        "playy:\n  - there is nothing to do\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"council\.exemplars\.yaml.*playy"):
        load_codebook(tmp_path / "council.yaml")
