"""The documentation tells the truth: every console example in every document
is real output (tests/doc_examples.py says how they run), every command has
help and a README entry, and the README opens with the two set-up commands
that `.ci/run` runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_examples import (
    Block,
    console_blocks,
    differences,
    documents,
    matches,
    run_example,
    unrun_commands,
)
from typer.testing import CliRunner

from coach.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


BLOCKS = [block for doc in documents() for block in console_blocks(doc)]


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_console_examples_print_what_the_docs_show(block: Block) -> None:
    problems = differences(block)
    assert not problems, "\n\n".join(problems)


def test_every_shown_coach_command_is_a_run_example() -> None:
    unrun = [line for doc in documents() for line in unrun_commands(doc)]
    assert not unrun, "a `$ coach` line outside a ```console block is never run:\n" + "\n".join(
        unrun
    )


def test_the_docs_have_console_examples() -> None:
    """The runner finds what it should: a parser that found nothing would pass everything."""
    shown = {block.doc.relative_to(ROOT).as_posix() for block in BLOCKS}
    assert {"README.md", "docs/problems.md", "docs/simulate.md", "docs/estimate.md"} <= shown


def test_the_runner_fails_a_wrong_example_and_honours_its_markers(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "<!-- console-setup: echo 2K/s > rate.txt -->\n"
        "<!-- console-varies: at \\d+ -->\n"
        "```console\n"
        "$ cat rate.txt\n"
        "2K/s\n"
        "$ echo at $RANDOM; coach calc 1+\n"
        "at 7\n"
        "...\n"
        "$ echo $?\n"
        "2\n"
        "$ coach calc 2^10\n"
        "1000\n"
        "```\n"
    )
    [block] = console_blocks(doc)
    problems = differences(block)  # only the last example is wrong
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{doc}:3: $ coach calc 2^10")
    assert f"-1000\n+{run_example('coach calc 2^10')}" in problems[0]
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert matches(["a", "  ...", "z"], ["a", "z"])
    assert not matches(["a", "z"], ["a", "b", "z"])
    assert not matches(["a", "...", "z"], ["a", "b"])


def test_readme_opens_with_the_two_setup_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    install_and_run, install_and_test = blocks[0], blocks[1]
    assert "pip install ." in install_and_run and "coach practice" in install_and_run
    assert "pip install '.[test]'" in install_and_test and install_and_test.endswith("pytest")
    assert README.index("```sh") < README.index("## ")


@pytest.mark.parametrize("name", [name for name, _, _ in COMMANDS])
def test_every_command_has_help_and_a_readme_entry(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert f"| `coach {name}" in README, f"README's command table has no row for {name}"


def test_the_design_example_in_the_readme_is_the_one_coach_prints() -> None:
    printed = CliRunner().invoke(app, ["simulate", "--example"]).stdout.strip()
    assert printed in README


def test_the_history_example_runs_the_answers_file_the_doc_shows() -> None:
    sessions = (ROOT / "docs" / "sessions.md").read_text(encoding="utf-8")
    shown = re.findall(r"```yaml\n(.*?)```", sessions, re.S)[0]
    assert (ROOT / "tests" / "doc_files" / "sessions" / "answers.yaml").read_text() == shown
