"""practice, mock, resume and history through the CLI (CliRunner: stdin is not a terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = ["--problems-dir", str(FIXTURES)]
runner = CliRunner()

ANSWERS = """\
questions: [How many users?, how big are rooms]
clarify: send and read; delivery latency under one second
estimates: {write qps: 4.6K/s, storage: 1 TB}
components: [load_balancer, app_servers, cache, nosql_database]
high_level: websocket gateways; messages partitioned by room in a message store
deep_dive_topics: [ordering]
deep_dive: a sequence number per room
scaling: shard by room; monitoring and alerts on delivery latency
curveball: edit events with a version per message
"""

# every prompt of a practice session on mini-chat, one line each (plain prompts)
PLAIN = [
    "How many users?", "", "send and read", "4.6K/s", "", "", "",
    "2,3", "POST /messages", "messages(room, seq)", "websocket",
    "ordering", "sequence number per room",
    "the store", "", "consistency vs latency", "monitoring",
]  # fmt: skip


def _answers(tmp_path: Path, text: str = ANSWERS) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def test_answers_json_is_the_public_contract(tmp_path: Path) -> None:
    result = runner.invoke(
        app, [*ROOT, "practice", "mini-chat", "--answers", str(_answers(tmp_path)), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"problem", "mode", "score", "phases", "pitfalls", "session_id"} <= set(data)
    assert (data["problem"], data["mode"], data["session_id"]) == ("mini-chat", "practice", 1)
    assert list(data["phases"]) == ["clarify", "high_level", "deep_dive", "scaling"]
    assert set(data["phases"]["high_level"]) >= {"score", "covered", "missed"}
    assert data["phases"]["deep_dive"]["covered"] == ["ordering"]
    assert data["phases"]["scaling"]["covered"] == ["monitoring", "shard-by-room"]
    assert data["curveball"]["id"] == "edit-messages" and data["curveball"]["score"] == 100
    assert 0 < data["score"] <= 100


def test_answers_without_json_prints_the_same_feedback(tmp_path: Path) -> None:
    result = runner.invoke(
        app, [*ROOT, "practice", "mini-chat", "--answers", str(_answers(tmp_path))]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "Phase 1/4",
        "Review · Deep dive",
        "Reference answer",
        "Simulation of your design",
        "Scorecard",
        "coach export 1",
    ):
        assert text in out
    assert "Press any key" not in out


def test_an_empty_answers_file_scores_zero(tmp_path: Path) -> None:
    result = runner.invoke(
        app, [*ROOT, "practice", "mini-chat", "--answers", str(_answers(tmp_path, "")), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clarfy: x\n", "answers.yaml:1:1: unknown key 'clarfy' (did you mean 'clarify'?)"),
        ("components: [load_balancer, cach]\n",
         "answers.yaml:1:29: unknown component 'cach' (did you mean 'cache'?)"),
        ("estimates:\n  wirte qps: 5K/s\n",
         "answers.yaml:2:3: no estimate 'wirte qps' for this problem (did you mean 'write_qps'?)"),
        ("deep_dive_topics: [orderin]\n",
         "answers.yaml:1:20: unknown deep-dive topic 'orderin' (did you mean 'ordering'?)"),
        ("questions: What?\n", "answers.yaml:1:12: 'questions' should be a list, not str"),
        ("scaling: [a, b]\n", "answers.yaml:1:10: 'scaling' should be text, not a list"),
        ("- a\n- b\n", "answers.yaml:1:1: an answers file is a mapping of keys"),
        ("clarify: !!python/object:os.system x\n", "not allowed"),
        ("clarify: [unclosed\n", "answers.yaml:2:1: invalid YAML"),
    ],
)  # fmt: skip
def test_bad_answers_files_are_one_line_each_exit_2(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _answers(tmp_path, text)
    result = runner.invoke(app, [*ROOT, "practice", "mini-chat", "--answers", str(path), "--json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith("coach: error: ")


def test_a_missing_answers_file(tmp_path: Path) -> None:
    result = runner.invoke(app, [*ROOT, "practice", "mini-chat", "--answers", "nope.yaml"])
    assert result.exit_code == 2 and "nope.yaml: no such file" in result.stderr


def test_json_needs_answers() -> None:
    result = runner.invoke(app, [*ROOT, "practice", "mini-chat", "--json"])
    assert result.exit_code == 2 and "--json needs --answers" in result.stderr


def test_unknown_problem_is_exit_2() -> None:
    result = runner.invoke(app, [*ROOT, "practice", "mini-chta"])
    assert result.exit_code == 2 and "mini-chat" in result.stderr


def test_plain_prompts_run_a_whole_session_without_a_terminal() -> None:
    result = runner.invoke(app, [*ROOT, "practice", "mini-chat"], input="\n".join(PLAIN) + "\n")
    assert result.exit_code == 0, result.output
    assert "stdin is not a terminal" in result.stderr
    assert "? Question 1 for the interviewer" in result.stdout
    assert "Scorecard" in result.stdout
    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert history[0]["status"] == "completed" and history[0]["mode"] == "practice"


def test_input_ending_mid_session_saves_and_resume_goes_on() -> None:
    first = runner.invoke(app, [*ROOT, "practice", "mini-chat"], input="\n".join(PLAIN[:9]) + "\n")
    assert first.exit_code == 130
    assert "session 1 saved; `coach resume 1` to go on" in first.stderr
    second = runner.invoke(app, [*ROOT, "practice", "mini-chat"], input="")
    reminder = "you have an unfinished session 1 (mini-chat, practice): `coach resume 1`"
    assert reminder in second.stderr
    assert "saved" not in second.stderr
    assert second.exit_code == 130 and "stopped before the first answer" in second.stderr

    resumed = runner.invoke(app, [*ROOT, "resume"], input="\n".join(PLAIN[9:]) + "\n")
    assert resumed.exit_code == 0, resumed.output
    assert "resuming session 1" in resumed.stderr
    assert "? Sketch the data model" in resumed.stdout
    assert "? Sketch the API" not in resumed.stdout
    rows = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert [(r["id"], r["status"]) for r in rows] == [(1, "completed")]

    again = runner.invoke(app, [*ROOT, "resume", "1"])
    assert again.exit_code == 0 and "already finished" in again.stderr
    assert "Scorecard" in again.stdout


def test_history_table_and_json(tmp_path: Path) -> None:
    empty = runner.invoke(app, ["history"])
    assert empty.exit_code == 0 and "No sessions yet" in empty.stdout
    assert json.loads(runner.invoke(app, ["history", "--json"]).stdout) == []
    runner.invoke(
        app, [*ROOT, "practice", "mini-chat", "--answers", str(_answers(tmp_path)), "--json"]
    )
    table = runner.invoke(app, ["history"]).stdout
    assert "mini-chat" in table and "practice" in table and "completed" in table
    rows = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert rows[0]["id"] == 1 and rows[0]["score"] > 0


def test_resume_errors() -> None:
    none = runner.invoke(app, ["resume"])
    assert none.exit_code == 2 and "no unfinished session" in none.stderr
    missing = runner.invoke(app, ["resume", "9"])
    assert missing.exit_code == 2 and "no session 9" in missing.stderr


def test_mock_minutes_are_checked() -> None:
    result = runner.invoke(app, [*ROOT, "mock", "mini-chat", "--minutes", "0"])
    assert result.exit_code == 2 and "--minutes" in result.output
