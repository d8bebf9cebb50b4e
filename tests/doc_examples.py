"""Running the `$ coach ...` examples of a Markdown document and comparing their output."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path


def console_examples(doc: Path) -> list[tuple[str, str]]:
    """(command, expected output) for each `$ coach ...` line in ```console blocks."""
    examples = []
    for block in re.findall(r"```console\n(.*?)\n```", doc.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            if "|" not in command:
                examples.append((command, output))
    return examples


def run_example(command: str) -> str:
    """The command's output (stdout and stderr), trailing spaces removed."""
    args = shlex.split(command)
    assert args[0] == "coach", command
    ran = subprocess.run(
        [sys.executable, "-m", "coach", *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return "\n".join(line.rstrip() for line in ran.stdout.rstrip().splitlines())
