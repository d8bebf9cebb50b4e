"""`coach export` refuses confusing flag mixes and directories plainly (found in QA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()
ANSWERS = "clarify: short links, 100:1 reads\ncomponents: [load_balancer, app_servers]\n"


@pytest.fixture
def session(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = runner.invoke(app, ["practice", "url-shortener", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output


@pytest.mark.usefixtures("session")
def test_a_directory_as_output_is_named_as_such(tmp_path: Path) -> None:
    for extra in ([], ["--force"]):
        result = runner.invoke(app, ["export", "-o", str(tmp_path), *extra])
        assert result.exit_code == 2
        assert result.output.strip() == f"coach: error: {tmp_path} is a directory: give a file name"


@pytest.mark.usefixtures("session")
def test_stdout_with_an_output_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    result = runner.invoke(app, ["export", "--stdout", "-o", str(target)])
    assert result.exit_code == 2
    assert "--stdout prints the write-up: leave out -o/--output" in result.output
    assert not target.exists()


@pytest.mark.usefixtures("session")
def test_an_unknown_format_lists_the_formats() -> None:
    result = runner.invoke(app, ["export", "--format", "pdf"])
    assert result.exit_code == 2
    assert "unknown format 'pdf' (choose markdown or json)" in result.output


@pytest.mark.usefixtures("session")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_an_exported_file_gets_the_permissions_of_the_umask(
    tmp_path: Path, umask: int, mode: int
) -> None:
    """The write goes through a private temporary file; the result must not stay private."""
    import os
    import stat

    target = tmp_path / "out.md"
    old = os.umask(umask)
    try:
        result = runner.invoke(app, ["export", "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == mode
