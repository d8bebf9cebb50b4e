"""Help screens name their arguments and values plainly (found in QA)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("command", "usage"),
    [("resume", "coach resume [OPTIONS] [ID]"), ("export", "coach export [OPTIONS] [ID]")],
)
def test_optional_ids_are_bracketed_once(command: str, usage: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert usage in result.output
    assert "[[" not in result.output and "session_id" not in result.output


@pytest.mark.parametrize(
    ("command", "metavars"),
    [
        ("list", ["TAG", "LEVEL"]),
        ("mock", ["MIN [1<=x<=240]"]),
        ("export", ["FILE"]),
    ],
)
def test_options_show_a_word_not_a_python_type(command: str, metavars: list[str]) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    for word in metavars:
        assert word in result.output
    for python_type in ("<list[str]>", "<float range>", "<path>"):
        assert python_type not in result.output
