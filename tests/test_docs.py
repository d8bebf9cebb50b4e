"""The documentation tells the truth: README examples are real output, every
command has help and a README entry, and the README opens with the two set-up
commands that `.ci/run` runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_examples import console_examples, run_example
from typer.testing import CliRunner

from coach.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("command", "expected"), console_examples(ROOT / "README.md"))
def test_readme_output_is_real(command: str, expected: str) -> None:
    assert run_example(command) == expected.rstrip()


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
