"""Spec text is shown as written: brackets and colons are not rich markup (found in QA)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()
SPEC = Path(__file__).parents[2] / "problems" / "url-shortener.yaml"


def _spec_with_markup(tmp_path: Path) -> Path:
    text = SPEC.read_text(encoding="utf-8").replace("id: url-shortener", "id: markup-test", 1)
    text = text.replace(
        "Creating a short link for a long URL", "Creating [bold]a[/] link [/x] for :x:URLs", 1
    )
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "markup.yaml").write_text(text, encoding="utf-8")
    return folder


def test_show_prints_brackets_and_emoji_codes_literally(tmp_path: Path) -> None:
    folder = _spec_with_markup(tmp_path)
    result = runner.invoke(app, ["--problems-dir", str(folder), "show", "markup-test"])
    assert result.exit_code == 0, result.output
    assert "Creating [bold]a[/] link [/x] for :x:URLs" in result.output


def test_an_error_quoting_a_file_keeps_its_colons(tmp_path: Path) -> None:
    spec = tmp_path / "passwd.yaml"
    spec.write_text("root:x:0:0:root:/root:/bin/bash " * 20 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(spec)])
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert "root:x:0" in first and "\u274c" not in first
    assert first.endswith("root...)"), first  # a long value is cut, not printed whole
    assert len(first) < 200


def test_further_reading_titles_wrap_under_their_text() -> None:
    result = runner.invoke(app, ["show", "twitter"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "High Scalability" in line)
    assert lines[at + 1].startswith("    ") and lines[at + 1].strip() == "users"
