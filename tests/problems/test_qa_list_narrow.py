"""`coach list` in a narrow terminal keeps every problem's minutes (found in QA: at 60
columns rich dropped the Min column and cut the headers)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()


@pytest.mark.parametrize("width", ["60", "72"])
def test_narrow_list_drops_tags_not_minutes(width: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", width)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Min"]
    assert "…" not in result.output
    assert all(len(line) <= int(width) for line in lines[:-1])  # the closing hint may wrap
    chat = next(line for line in lines if line.startswith("chat "))
    assert chat.split()[-2:] == ["hard", "48"]


def test_eighty_columns_still_show_tags() -> None:
    result = runner.invoke(app, ["list"])
    assert result.output.splitlines()[0].split() == ["ID", "Title", "Difficulty", "Tags", "Min"]
