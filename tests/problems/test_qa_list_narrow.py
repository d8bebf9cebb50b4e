"""`coach list` in a narrow terminal keeps every problem's id and minutes whole (found in
QA: at 60 columns rich dropped the Min column and cut the headers; at 80 the table wrapped
to 53 lines)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()


@pytest.mark.parametrize("width", [40, 60, 72])
def test_narrow_list_keeps_ids_and_minutes(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "…" not in result.output
    assert all(len(line) <= width for line in lines)
    chat = next(line for line in lines if line.startswith("chat "))
    if width <= 60:  # stacked: a block per problem
        assert chat == "chat · hard · 48 min"
    else:  # a table whose titles wrap
        assert lines[0].split() == ["ID", "Title", "Difficulty", "Min"]
        assert chat.split()[-2:] == ["hard", "48"]


def test_eighty_columns_show_every_title_on_its_row() -> None:
    result = runner.invoke(app, ["list"])
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Min"]
    assert any(line.startswith("chat ") and "like WhatsApp" in line for line in lines)
