"""The author's commands: validate and list."""

from __future__ import annotations

from questionnaires import load_directory


def test_validate_accepts_the_bundled_questionnaires(runner):
    result = runner.invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    assert f"{len(load_directory())} questionnaire(s) are valid" in result.output


def test_validate_names_file_line_place_and_fix(app, tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "id: broken\nversion: 1\ntitle: T\naudience: child\nage_band: '8-12'\nintro: I\n"
        "thank_you: T\npages:\n  - id: one\n    questions:\n"
        "      - id: q1\n        tpye: short_text\n        text: Hello\n"
    )
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 1
    assert "broken.yaml:12 at pages[0].questions[0].tpye" in result.output
    assert "unknown key 'tpye'" in result.output
    assert "did you mean 'type'?" in result.output


def test_list_shows_each_questionnaire_with_its_audience(runner):
    result = runner.invoke(args=["questionnaires", "list"])
    assert result.exit_code == 0
    for q in load_directory().values():
        line = next(line for line in result.output.splitlines() if line.startswith(q.id))
        assert q.audience in line and f"v{q.version}" in line
