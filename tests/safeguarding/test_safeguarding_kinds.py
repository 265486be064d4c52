"""The kind of concern of an answer only the meaning layer flags comes from a model of its own
(round 19): the nearest exemplar named it rightly for about one disclosure in four, and told
the lead "close to a sexual abuse example" for a child cutting her legs. The texts are ours."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.safeguarding import default_screener, kinds
from analysis.safeguarding.meaning import Labelled, MeaningScreen
from analysis.safeguarding.training import train
from analysis.semantic.logistic import Logistic

EXEMPLARS = [
    Labelled("tata mnie bije pasem", True, "physical_abuse", "pl"),
    Labelled("nie ma jedzenia w domu od tygodnia", True, "neglect", "pl"),
]
LABELLED = [
    Labelled("ojczym mnie bije i kopie", True, "physical_abuse", "pl"),
    Labelled("mama mnie bije kablem", True, "physical_abuse", "pl"),
    Labelled("w lodowce nic nie ma i jestem glodny", True, "neglect", "pl"),
    Labelled("jestem glodny caly weekend sam w domu", True, "neglect", "pl"),
    Labelled("lubie grac w pilke z kolegami", False, None, "pl"),
    Labelled("autobus sie zawsze spoznia", False, None, "pl"),
]


@pytest.fixture(scope="module")
def small(embedder) -> MeaningScreen:
    return train(embedder, EXEMPLARS, LABELLED)


def _favouring(screen: MeaningScreen, kind: str) -> Logistic:
    """A kinds model that names every answer ``kind``, to see where the name goes."""
    assert screen.kinds is not None
    bias = np.full(len(kinds.KINDS), -5.0, np.float32)
    bias[kinds.KINDS.index(kind)] = 5.0
    return Logistic(np.zeros_like(screen.kinds.dense), np.zeros_like(screen.kinds.sparse), bias)


def test_the_kinds_model_learns_each_kind_from_labelled_disclosures(small):
    assert small.kinds is not None
    texts = ["tata mnie bije", "glodny w domu"]
    assert kinds.named(small.kinds, small.features(texts)) == ["physical_abuse", "neglect"]


def test_a_flag_takes_its_kind_from_the_model_and_its_reason_from_that_kinds_exemplar(small):
    (flag,) = small.explain(["tata mnie bije pasem"], [0.9])
    assert flag.category == "physical_abuse"
    learned = small.kinds
    small.kinds = _favouring(small, "neglect")
    try:
        (flag,) = small.explain(["tata mnie bije pasem"], [0.9])
        assert flag.category == "neglect"
        assert flag.exemplar == "nie ma jedzenia w domu od tygodnia"
    finally:
        small.kinds = learned


def test_a_kind_without_exemplars_falls_back_to_the_nearest_exemplars_kind(small):
    learned = small.kinds
    small.kinds = _favouring(small, "fgm")  # no FGM exemplar in this small layer
    try:
        (flag,) = small.explain(["nie ma jedzenia w domu"], [0.9])
        assert flag.category == "neglect"
        assert flag.exemplar == "nie ma jedzenia w domu od tygodnia"
        small.kinds = None  # without the model, the nearest exemplar names it, as before
        (flag,) = small.explain(["nie ma jedzenia w domu"], [0.9])
        assert flag.category == "neglect"
    finally:
        small.kinds = learned


def test_benchmarks_that_only_count_flags_can_leave_the_kinds_model_out(embedder):
    assert train(embedder, EXEMPLARS, LABELLED, kinds=False).kinds is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "nes i neud e eto neithiwr yn y toiledau, ma'r marciau ar fy nghoesau dal yn goch",
            "self_harm",
        ),
        (
            "older lads give me a bag to drop off after school and i get 50 quid",
            "criminal_exploitation",
        ),
        ("sa i di cael bwyd iawn ers dydd gwener, mam ddim yn codi o'r gwely", "neglect"),
        ("wujek przychodzi w nocy do mojego pokoju i kaze byc cicho", "sexual_abuse"),
    ],
)
def test_the_shipped_screen_names_the_kind_of_what_only_its_layer_flags(text, kind):
    screener = default_screener()
    assert screener.meaning is not None and screener.meaning.kinds is not None
    result = screener.screen(text)
    assert result.flag and result.meaning is not None  # no rule matched: the layer flagged it
    assert {m.rule_id for m in result.matches} == {"meaning"}
    assert result.categories == (kind,)
    assert result.meaning.category == kind
