"""Answers-file errors speak of answers files (found in QA)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()


def test_a_python_tag_in_an_answers_file_does_not_call_it_a_spec(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("clarify: !!python/object:os.system {}\n", encoding="utf-8")
    result = runner.invoke(app, ["practice", "url-shortener", "--answers", str(answers)])
    assert result.exit_code == 2
    assert "coach reads YAML as data, not code" in result.output
    assert "spec" not in result.output
