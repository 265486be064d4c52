"""Findings' framework mappings: a closed question's own, and snapshots made before they
were stored as ``mappings``, which must still show their frameworks."""

from __future__ import annotations

from types import SimpleNamespace

from analysis.frameworks import load_frameworks
from analysis.reporting import findings_export
from survey.workspace import mapped


def test_a_closed_questions_outcomes_find_their_frameworks():
    question = SimpleNamespace(
        uncrc=(19, 99),
        outcomes=("local:safe_in_families", "brightwater:x", "be_healthy", "shanarri:nope"),
    )
    found = mapped.question_mappings(question, load_frameworks())
    # 99 is no article, brightwater is not configured, nope is not a SHANARRI indicator;
    # "local" is the local outcome framework, and a bare id is looked for in every framework.
    assert found == {"uncrc": [19], "outcomes": ["safe_in_families"], "ecm": ["be_healthy"]}


def test_a_snapshot_from_before_keeps_its_frameworks_and_names():
    old = {
        "themes": [
            {"id": "voice", "frameworks": {"uncrc": [{"id": 12, "name": "Views of the child"}]}},
            {"id": "play", "frameworks": {"uncrc": [{"id": 31, "name": "Leisure"}], "ecm": []}},
        ]
    }
    cols = mapped.columns(old)
    assert [(c["id"], c["kind"]) for c in cols] == [("uncrc", "articles")]  # ecm: mapped by none
    (voice,) = mapped.attach(old["themes"][0], cols)
    assert voice["name"] == "UN Convention on the Rights of the Child"
    assert voice["items"] == [{"id": 12, "name": "Views of the child"}]
    assert findings_export.cell(voice) == "Views of the child (12)"


def test_a_snapshot_lists_every_framework_and_a_finding_carries_each():
    data = {
        "frameworks": mapped.describe(load_frameworks()),
        "themes": [{"id": "play", "mappings": {"uncrc": [31], "levels_of_need": ["prevent"]}}],
        "closed": [{"id": "q", "mappings": {"ecm": ["stay_safe"]}}],
    }
    cols = mapped.columns(data)
    assert [c["id"] for c in cols] == ["uncrc", "ecm", "levels_of_need"]
    play = mapped.attach(data["themes"][0], cols)
    assert [fw["items"] for fw in play] == [
        [{"id": 31, "name": "Leisure"}],
        [],
        [{"id": "prevent", "name": "Prevent"}],
    ]
    assert cols[2]["kind"] == mapped.LEVELS
