"""Rules files: the bundled ones hold their own examples, and broken ones fail loudly."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import analysis.safeguarding.screener as screener_module
from analysis.safeguarding import RulesError, Screener, default_screener, screen_safely
from analysis.safeguarding.screener import RULES_DIR

GOOD_RULE = """
language: en
rules:
  - id: test.one
    category: self_harm
    phrases: ["cut myself"]
"""


def _write(tmp_path: Path, text: str, name: str = "xx.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_bundled_rules_cover_six_languages():
    languages = {rule.language for rule in default_screener().rules}
    assert languages == {"en", "cy", "gd", "pl", "ar", "ur"}


def test_every_rule_catches_its_examples_and_not_its_not_examples():
    screener = default_screener()
    failures = []
    for rule in screener.rules:
        for text in rule.examples:
            if rule.id not in {m.rule_id for m in screener.screen(text).matches}:
                failures.append(f"{rule.id} misses its example {text!r}")
        for text in rule.not_examples:
            if rule.id in {m.rule_id for m in screener.screen(text).matches}:
                failures.append(f"{rule.id} catches its not_example {text!r}")
    assert not failures, "\n".join(failures)
    assert sum(len(rule.examples) for rule in screener.rules) >= 60


def test_phrases_hash_by_identity_so_rules_with_many_examples_stay_fast(tmp_path):
    # The screener puts candidate phrases in a dict for every answer; hashing a phrase must not
    # hash its rule's examples.
    rule = GOOD_RULE + '    examples: ["i cut myself", "cut myself again"]\n'
    phrase = Screener.from_directory(_write(tmp_path, rule)).ruleset.phrases[0]
    twin = dataclasses.replace(phrase)
    assert len({phrase, twin}) == 2
    assert hash(phrase) == object.__hash__(phrase)


def test_a_minimal_rules_folder_loads_and_screens(tmp_path):
    screener = Screener.from_directory(_write(tmp_path, GOOD_RULE))
    assert screener.screen("i CUT myself").categories == ("self_harm",)
    assert screener.screen("i cut my hair").flag is False


@pytest.mark.parametrize(
    ("broken", "place", "fix"),
    [
        (GOOD_RULE.replace("self_harm", "selfharm"), "line 4", "use one of: suicidal_thoughts"),
        (GOOD_RULE.replace('["cut myself"]', '["cut {me}"]'), "line 4", "under 'words:'"),
        (GOOD_RULE.replace("phrases:", "phrase:"), "line 4", "check the spelling"),
        (GOOD_RULE.replace('["cut myself"]', '["... cut"]'), "line 4", "move it"),
        (GOOD_RULE.replace('["cut myself"]', '["cu* myself"]'), "line 4", "at least 3 letters"),
        (GOOD_RULE.replace("    phrases", "  phrases"), "line 6, column", "indentation"),
        (GOOD_RULE.replace("language: en\n", ""), "xx.yaml", "language: cy"),
        (
            GOOD_RULE + "  - id: test.one\n    category: fgm\n    phrases: [fgm]\n",
            "line 7",
            "rename one",
        ),
    ],
)
def test_a_broken_rules_file_names_the_file_the_place_and_the_fix(tmp_path, broken, place, fix):
    folder = _write(tmp_path, broken)
    with pytest.raises(RulesError) as caught:
        Screener.from_directory(folder)
    message = str(caught.value)
    assert str(folder / "xx.yaml") in message
    assert place in message
    assert "Fix:" in message and fix in message


def test_an_empty_folder_is_an_error_not_a_screen_that_flags_nothing(tmp_path):
    with pytest.raises(RulesError, match="no rules files"):
        Screener.from_directory(tmp_path)


def test_one_broken_file_among_the_bundled_ones_stops_loading(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "pl.yaml").write_text("language: pl\nrules: [\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"pl\.yaml"):
        Screener.from_directory(folder)


def test_screen_safely_returns_unscreened_when_the_rules_are_broken(monkeypatch, tmp_path):
    folder = _write(tmp_path, GOOD_RULE.replace("self_harm", "nope"))
    monkeypatch.setattr(screener_module, "RULES_DIR", folder)
    default_screener.cache_clear()
    try:
        result = screen_safely("i want to die", audience="child")
    finally:
        monkeypatch.undo()
        default_screener.cache_clear()
    assert result.status == "unscreened"
    assert result.flag is True
    assert "RulesError" in result.error and "nope" in result.error


def test_screen_safely_returns_unscreened_when_the_screener_has_a_bug(monkeypatch):
    def broken(self, text, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(Screener, "screen", broken)
    result = screen_safely("anything")
    assert (result.status, result.flag, result.error) == ("unscreened", True, "RuntimeError: bug")
