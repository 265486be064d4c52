from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python")
    if (ROOT / ".venv" / "bin" / "python").exists()
    else sys.executable
)
CONTRACT = {
    "id",
    "themes",
    "subthemes",
    "uncrc",
    "shanarri",
    "ecm",
    "outcomes",
    "sentiment",
    "language",
    "safeguarding",
}


def run_cli(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "PYTHON"))}
    return subprocess.run(
        [PYTHON, "-m", "analysis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_jsonl_in_jsonl_out_with_malformed_rows_reported(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps(
                    {"id": 1, "text": "I get bullied on the school bus", "audience": "child"}
                ),
                "{broken json",
                json.dumps({"id": 2}),
                json.dumps({"id": 3, "text": "Lubię moją szkołę", "locale": "pl"}),
                json.dumps({"id": 4, "text": "nothing really"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run_cli("themes", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        "line 2: not valid JSON" in result.stderr
        and "line 3: id 2: missing 'text'" in result.stderr
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["1", "3", "4"]
    assert all(set(r) >= CONTRACT for r in rows)
    assert "bullying" in rows[0]["themes"] and 19 in rows[0]["uncrc"]
    assert rows[1]["language"] == "pl" and rows[1]["themes"] == ["school"]
    assert rows[2]["themes"] == []
    assert set(rows[0]["safeguarding"]) >= {"flag", "categories"}


def test_csv_input_and_findings(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        'id,text,audience\nc1,the youth club is great,child\nc2,"too many, cells",child,extra\n',
        encoding="utf-8",
    )
    out, findings = tmp_path / "out.jsonl", tmp_path / "findings.json"
    result = run_cli("themes", str(source), "--out", str(out), "--findings", str(findings))
    assert result.returncode == 0, result.stderr
    assert "line 3" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["themes"][0] == "play" and rows[0]["sentiment"] > 0
    assert json.loads(findings.read_text())["themes"][0]["id"] == "play"


def test_bad_codebook_is_a_clear_error(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": 1, "text": "x"}\n')
    bad = tmp_path / "cb.yaml"
    bad.write_text("extends: standard\ndrop: [nope]\n")
    result = run_cli(
        "themes",
        str(tmp_path / "in.jsonl"),
        "--out",
        str(tmp_path / "o.jsonl"),
        "--codebook",
        str(bad),
    )
    assert result.returncode == 2
    assert "cb.yaml: drop[0]: unknown id 'nope'" in result.stderr


def test_framework_browser():
    result = run_cli("frameworks", "--article", "23")
    assert result.returncode == 0 and "disability" in result.stdout


OFFLINE = """
import socket

def refuse(*args, **kwargs):
    raise OSError("network blocked")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
from analysis import analyse
texts = ["the tombola at the fete was rigged", "the fete tombola was rigged again",
         "I get bullied at school", "Mae bwlio yn yr ysgol"]
run = analyse([{"id": str(i), "text": t} for i, t in enumerate(texts)])
assert run.reduced == [], run.reduced
assert run.findings.emerging, "TextBlob/NLTK key phrases did not run"
assert "bullying" in run.results[2].themes and run.results[3].language == "cy"
print("offline ok")
"""


def test_fresh_process_with_the_network_blocked_loads_everything_locally():
    """A fresh interpreter, so NLTK's tagger, Punkt and WordNet really load with no network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "PYTHON"))}
    result = subprocess.run(
        [PYTHON, "-W", "error", "-c", OFFLINE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "offline ok" in result.stdout
