"""docs/estimate.md shows real output: run every command in it and compare."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "estimate.md"


def _examples() -> list[tuple[str, str]]:
    """(command, expected output) for each `$ coach ...` line without a pipe."""
    examples = []
    for block in re.findall(r"```console\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            if "|" not in command:
                examples.append((command, output))
    return examples


@pytest.mark.parametrize(("command", "expected"), _examples(), ids=lambda v: v[:40])
def test_doc_output_is_real(command: str, expected: str) -> None:
    args = shlex.split(command)
    assert args[0] == "coach"
    ran = subprocess.run(
        [sys.executable, "-m", "coach", *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    actual = "\n".join(line.rstrip() for line in ran.stdout.rstrip().splitlines())
    assert actual == expected.rstrip()
