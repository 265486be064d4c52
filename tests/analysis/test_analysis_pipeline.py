from __future__ import annotations

import socket

import pytest

from analysis import analyse
from analysis.stages import SafeguardingStage

ANSWERS = [
    {"id": "a1", "text": "I get bullied at school", "audience": "child", "age_band": "11-13"},
    {
        "id": "a2",
        "text": "My step dad hurts me when mum is out",
        "audience": "child",
        "age_band": "5-10",
    },
    {"id": "a3", "text": "Mae bwlio yn yr ysgol yn ofnadwy", "audience": "child", "locale": "cy"},
    {
        "id": "a4",
        "text": "Tha mi toilichte aig an sgoil agus tha caraidean agam",
        "audience": "young_person",
    },
    {"id": "a5", "text": "", "audience": "parent_carer"},
    # About nothing in the codebook: these two become an emerging theme.
    {"id": "a6", "text": "the tombola at the fete was rigged"},
    {"id": "a7", "text": "the fete tombola was rigged again"},
    {
        "id": "a8",
        "text": "The short breaks service is brilliant but the waiting list is too long",
        "audience": "parent_carer",
    },
]


def test_every_response_comes_back_in_order(screen):
    run = analyse(ANSWERS, screen=screen)
    assert [r.id for r in run.results] == [a["id"] for a in ANSWERS]
    assert len(screen.calls) == len(ANSWERS)  # even the empty and the Gaelic one are screened


def test_screen_is_pluggable_and_its_result_kept(screen):
    run = analyse(ANSWERS, screen=screen)
    by_id = {r.id: r for r in run.results}
    assert by_id["a2"].safeguarding_flag and by_id["a2"].safeguarding_categories == (
        "physical_abuse",
    )
    assert not by_id["a1"].safeguarding_flag
    assert by_id["a2"].row()["safeguarding"] == {
        "flag": True,
        "status": "flagged",
        "categories": ["physical_abuse"],
        "second_look": None,
    }
    assert screen.calls[2][1] == "cy" and screen.calls[0][2] == "child"


def test_broken_screen_fails_closed_and_is_reported():
    def broken(text, **_):
        raise RuntimeError("rules missing")

    run = analyse(ANSWERS[:2], screen=broken)
    assert all(r.safeguarding_flag and r.safeguarding_status == "unscreened" for r in run.results)
    reasons = {(n.id, n.reason) for n in run.not_processed if n.stage == "safeguarding"}
    assert reasons == {("a1", "screen_error"), ("a2", "screen_error")}


def test_missing_screen_module_fails_closed(monkeypatch):
    monkeypatch.setattr("analysis.stages._default_screen", lambda: None)
    run = analyse(ANSWERS[:1])
    assert run.results[0].safeguarding_flag is True
    assert run.not_processed[0].reason == "screen_unavailable"


def test_non_english_is_marked_not_silently_themed(screen):
    run = analyse(ANSWERS, screen=screen)
    by_id = {r.id: r for r in run.results}
    welsh, gaelic = by_id["a3"], by_id["a4"]
    assert welsh.language == "cy" and set(welsh.themes) == {"bullying", "school"}
    assert welsh.theming == "keywords_only" and welsh.sentiment is None
    assert gaelic.language == "gd" and gaelic.themes == [] and gaelic.theming == "none"
    marked = {(n.id, n.reason) for n in run.not_processed if n.stage == "themes"}
    assert ("a3", "not_supported_language") in marked
    assert ("a4", "not_supported_language") in marked
    assert any(n.id == "a5" and n.reason == "empty_text" for n in run.not_processed)


def test_mapping_follows_themes(screen):
    run = analyse(ANSWERS, screen=screen)
    a8 = next(r for r in run.results if r.id == "a8")
    assert {"disability", "services"} <= set(a8.themes)
    assert "disability.short_breaks" in a8.subthemes
    assert 23 in a8.uncrc and 31 in a8.uncrc  # 31 from the short breaks sub-theme
    assert "included" in a8.shanarri
    assert a8.sentiment_label == "mixed"


def test_findings_counts_shares_and_emerging_themes(screen):
    run = analyse(ANSWERS, screen=screen)
    findings = {f["id"]: f for f in run.findings.themes}
    bullying = findings["bullying"]
    assert run.findings.respondents == len(ANSWERS)
    assert bullying["respondents"] == 2
    assert bullying["share"] == pytest.approx(round(100 * 2 / len(ANSWERS), 1))
    assert set(bullying["representative_ids"]) == {"a1", "a3"}
    assert bullying["by_group"]["stage"].get("ready_to_choose") == 1
    assert 19 in bullying["mappings"]["uncrc"]
    groups = run.findings.emerging
    assert groups and set(groups[0].ids) == {"a6", "a7"}
    assert any("fete" in p or "tombola" in p for p in groups[0].key_phrases)


def test_findings_leave_out_flagged_answers(screen):
    """A disclosure is withheld from the findings, as the workspace withholds it: in no count,
    no representative answer and no emerging theme."""
    run = analyse(ANSWERS, screen=screen)
    assert run.findings.withheld == 1  # a2, flagged by the recording screen
    assert all("a2" not in f["representative_ids"] for f in run.findings.themes)
    assert run.findings.respondents == len(ANSWERS)  # still a respondent


def test_findings_count_people_not_answers(screen):
    two_answers = [
        {"id": "p1:q1", "respondent": "p1", "text": "I get bullied at school"},
        {"id": "p1:q2", "respondent": "p1", "text": "the bullies at school pick on me"},
        {"id": "p2:q1", "respondent": "p2", "text": "people bully me on the bus"},
    ]
    run = analyse(two_answers, screen=screen)
    bullying = {f["id"]: f for f in run.findings.themes}["bullying"]
    assert run.findings.respondents == 2
    assert bullying["respondents"] == 2 and bullying["share"] == 100.0
    assert bullying["scored"] == 3  # every answer's feeling counts in the theme's mean


def test_bad_records_are_rejected_not_raised(screen):
    run = analyse(
        [{"id": "x"}, "nonsense", {"id": "y", "text": "school"}, {"id": "y", "text": "again"}],
        screen=screen,
    )
    assert [r.id for r in run.results] == ["y"]
    assert len(run.rejected) == 3


def test_runs_with_the_network_blocked(monkeypatch, screen):
    def refuse(*args, **kwargs):
        raise OSError("network blocked by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    run = analyse(ANSWERS, screen=screen)
    assert run.findings.emerging  # TextBlob tagging and lemmas ran from local data
    assert run.reduced == []


def test_real_safeguarding_screen_integration():
    """The default stage calls analysis.safeguarding.screen_safely; whatever its rules, a
    disclosure must come back flagged (flagged or unscreened both carry flag=True)."""
    pytest.importorskip("analysis.safeguarding")
    run = analyse(ANSWERS[:2])
    statuses = {r.safeguarding_status for r in run.results}
    assert statuses <= {"clear", "flagged", "unscreened"}
    disclosure = run.results[1]
    assert disclosure.safeguarding_flag is True
    for r in run.results:
        assert r.safeguarding_flag == (r.safeguarding_status != "clear")
    assert isinstance(SafeguardingStage().run([]).processed, int)
