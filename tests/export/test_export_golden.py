"""The golden write-up: a fixed answers file through `coach practice --answers`, then
`coach export`, compared with tests/export/golden/mini-writeup.md (dates and ids
normalised). After a deliberate change, `python -m pytest tests/export
--update-golden` rewrites the stored document and fails, so the run cannot
pass as a check: review the diff, then run again without the flag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from coach.cli import app

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden" / "mini-writeup.md"


def _normalised(text: str) -> str:
    text = re.sub(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD", text)
    text = re.sub(r"coach \d+\.\d+\.\d+\S*", "coach X.Y.Z", text)
    return re.sub(r"(session) \d+", r"\1 N", text)


def _export(tmp_path: Path) -> str:
    problems = tmp_path / "problems"
    problems.mkdir()
    (problems / "mini-shortener.yaml").write_text((FIXTURES / "mini-problem.yaml").read_text())
    runner = CliRunner()
    base = ["--problems-dir", str(problems)]
    answers = str(FIXTURES / "mini-answers.yaml")
    ran = runner.invoke(app, [*base, "practice", "mini-shortener", "--answers", answers, "--json"])
    assert ran.exit_code == 0, ran.output
    out = tmp_path / "writeup.md"
    exported = runner.invoke(app, [*base, "export", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    return out.read_text()


def test_the_writeup_matches_the_golden_document(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    text = _normalised(_export(tmp_path))
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text)
        pytest.fail(f"rewrote {GOLDEN.name}: review the diff, then run without --update-golden")
    assert text == GOLDEN.read_text()


def test_hostile_answers_stay_text(tmp_path: Path) -> None:
    text = _export(tmp_path)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "not a heading: 100M links a month, reads 100x writes" not in headings
    assert [t.info for t in tokens if t.type == "fence"] == ["mermaid"]
    inline = [t for t in tokens if t.type == "inline"]
    shown = " ".join(c.content for t in inline for c in t.children or [] if c.type == "text")
    for verbatim in ("{{ 7*7 }}", "# not a heading", "| a | pipe | table | attempt |", "```"):
        assert verbatim in shown
