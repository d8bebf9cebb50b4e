"""Running the console examples of the documentation and comparing their output.

A console example is a ```console block in a Markdown file. `$ ` lines are
commands; the lines after one, up to the next `$ ` line, are what it prints
(stdout and stderr together, as in a terminal). Each block runs as one bash
script, commands in order, in a fresh working directory with a fresh
COACH_HOME and the plain 80-column terminal of the tests (NO_COLOR=1), where
`coach` is this checkout's coach. Pipes, redirections and `echo $?` work as
they do in a terminal. Other fenced blocks are never run, so a `$ coach` line
must not appear in one (tests/test_docs.py checks).

Markers, as HTML comments on the lines just above a block (a rendered page
does not show them):

    <!-- console-setup: COMMAND -->   run COMMAND (bash, in the block's working
                                      directory) first; its output is not
                                      compared, a failure is. Files for it are
                                      in tests/doc_files/ ("$DOC_FILES"); the
                                      checkout's root is "$REPO".
    <!-- console-varies: REGEX -->    text matching REGEX (Python syntax) may
                                      differ from run to run, like a date or a
                                      time measured on this machine: it is
                                      masked in both outputs.

A line that is just `...` (indented or not) in the expected output stands for
any number of lines, for long output cut short in the document.

To see what the examples print now (to write or update a document), or to write
it into the document (examples cut short with `...` are left to you):

    python tests/doc_examples.py docs/simulate.md
    python tests/doc_examples.py --write docs/simulate.md
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = ROOT / "tests" / "doc_files"
DOC_GLOBS = ("*.md", "docs/*.md", "templates/*.md", "problems/*.md")
MASK = "<varies>"
_SEPARATOR = "\x1e-- next example --\x1e"
_FENCE = re.compile(r"^(```+|~~~+)(.*)$")
_MARKER = re.compile(r"^<!--\s*console-(setup|varies):\s*(.*?)\s*-->$")


@dataclass
class Example:
    command: str
    expected: list[str]


@dataclass
class Block:
    """One ```console block: where it is, its markers and its examples."""

    doc: Path
    line: int  # of the opening fence, 1-based
    setup: list[str] = field(default_factory=list)
    varies: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{_shown(self.doc)}:{self.line}"


def _shown(doc: Path) -> str:
    return str(doc.relative_to(ROOT)) if doc.is_relative_to(ROOT) else str(doc)


def documents() -> list[Path]:
    """Every Markdown document of the project (not the tests' own files)."""
    return sorted({p for pattern in DOC_GLOBS for p in ROOT.glob(pattern)})


def fenced_blocks(doc: Path) -> list[tuple[int, str, list[str], list[str]]]:
    """(fence line, info string, the block's lines, the lines just above it) per block."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        fence, start = opened.group(1), i
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            i += 1
        above, j = [], start - 1
        while j >= 0 and _MARKER.match(lines[j].strip()):
            above.insert(0, lines[j].strip())
            j -= 1
        blocks.append((start + 1, opened.group(2).strip(), lines[start + 1 : i], above))
        i += 1
    return blocks


def console_blocks(doc: Path) -> list[Block]:
    """The ```console blocks of `doc`, with their markers and examples."""
    found = []
    for line, info, body, above in fenced_blocks(doc):
        if info != "console":
            continue
        block = Block(doc, line)
        for marker in above:
            kind, value = _MARKER.match(marker).groups()  # type: ignore[union-attr]
            (block.setup if kind == "setup" else block.varies).append(value)
        for text in body:
            if text.startswith("$ "):
                block.examples.append(Example(text[2:], []))
            elif block.examples:
                block.examples[-1].expected.append(text)
            elif text.strip():
                raise ValueError(f"{block.name}: a console block must start with a `$ ` line")
        found.append(block)
    return found


def unrun_commands(doc: Path) -> list[str]:
    """`$ coach` lines in fenced blocks that are not ```console blocks (never run)."""
    return [
        f"{_shown(doc)}:{line}: {text}"
        for line, info, body, _ in fenced_blocks(doc)
        if info != "console"
        for text in body
        if re.match(r"\$ .*\bcoach\b", text)
    ]


def _environment(home: Path, bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    outer = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env.update(
        COACH_HOME=str(home),
        PYTHONPATH=os.pathsep.join([str(ROOT), *outer]),  # the checkout's coach
        PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]),
        DOC_FILES=str(DOC_FILES),
        REPO=str(ROOT),
        COLUMNS="80",
        LINES="24",
        TERM="dumb",
        NO_COLOR="1",
        PYTHONUNBUFFERED="1",  # stdout and stderr interleave as in a terminal
    )
    return env


def run_block(block: Block) -> list[list[str]]:
    """What each example of `block` prints now, lines without trailing spaces."""
    with tempfile.TemporaryDirectory(prefix="coach-doc-") as tmp:
        work, home, bin_dir = Path(tmp, "work"), Path(tmp, "home"), Path(tmp, "bin")
        for folder in (work, home, bin_dir):
            folder.mkdir()
        shim = bin_dir / "coach"
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m coach "$@"\n')
        shim.chmod(0o755)
        env = _environment(home, bin_dir)
        for command in block.setup:
            ran = _bash(command, work, env)
            if ran.returncode != 0:
                raise AssertionError(f"{block.name}: setup `{command}` failed:\n{ran.stdout}")
        script = ['__next() { __rc=$?; printf "\\n%s\\n" "$SEPARATOR"; return $__rc; }']
        for example in block.examples:
            script += ["__next", example.command]
        env["SEPARATOR"] = _SEPARATOR
        ran = _bash("\n".join(script), work, env)
    outputs = ran.stdout.split(f"\n{_SEPARATOR}\n")[1:]
    return [_lines(output) for output in outputs]


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _masked(lines: list[str], varies: list[str]) -> list[str]:
    for pattern in varies:
        lines = [re.sub(pattern, MASK, line) for line in lines]
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, where an expected `...` line stands for any number of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def differences(block: Block) -> list[str]:
    """A diff for each example whose output is not what the document shows."""
    problems = []
    outputs = run_block(block)
    if len(outputs) != len(block.examples):
        return [f"{block.name}: ran {len(outputs)} of {len(block.examples)} examples"]
    for example, output in zip(block.examples, outputs, strict=True):
        expected = _masked(_lines("\n".join(example.expected)), block.varies)
        actual = _masked(output, block.varies)
        if not matches(expected, actual):
            diff = difflib.unified_diff(expected, actual, "document", "real output", lineterm="")
            problems.append(f"{block.name}: $ {example.command}\n" + "\n".join(diff))
    return problems


# -- the simple runner of one command at a time (kept for the calculator's doc test) --


def console_examples(doc: Path) -> list[tuple[str, str]]:
    """(command, expected output) for each `$ coach ...` line without a pipe."""
    return [
        (example.command, "\n".join(example.expected))
        for block in console_blocks(doc)
        for example in block.examples
        if example.command.startswith("coach ") and "|" not in example.command
    ]


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


def rewrite(doc: Path) -> list[str]:
    """Write into `doc` what its examples print now, where they differ; an example
    cut short with `...` is left for a person to update. Returns what was done."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    done, shift = [], 0
    for block in console_blocks(doc):
        outputs = run_block(block)
        at = block.line + shift  # the first line of the block's body, 0-based
        for example, output in zip(block.examples, outputs, strict=True):
            while not lines[at].startswith(f"$ {example.command}"):
                at += 1
            expected = _masked(_lines("\n".join(example.expected)), block.varies)
            actual = _masked(output, block.varies)
            size = len(example.expected)
            if not matches(expected, actual):
                if any(line.strip() == "..." for line in example.expected):
                    done.append(f"{block.name}: $ {example.command}: cut short, update by hand")
                else:
                    lines[at + 1 : at + 1 + size] = actual
                    shift += len(actual) - size
                    size = len(actual)
                    done.append(f"{block.name}: $ {example.command}: rewritten")
            at += 1 + size
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return done


def main(argv: list[str]) -> int:
    """Print what each example of the given documents prints now; with --write,
    write it into them."""
    if argv[:1] == ["--write"]:
        for name in argv[1:]:
            print(*rewrite(ROOT / name), sep="\n")
        return 0
    for name in argv or [str(p.relative_to(ROOT)) for p in documents()]:
        for block in console_blocks(ROOT / name):
            print(f"== {block.name}")
            for example, output in zip(block.examples, run_block(block), strict=False):
                print(f"$ {example.command}", *output, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
