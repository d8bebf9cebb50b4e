"""Help screens: typer's content and layout, drawn without rich, readable at any width."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest
import typer
from typer.testing import CliRunner

from coach.cli import COMMANDS, app
from coach.ui.help import first_paragraph

runner = CliRunner()
NAMES = [name for name, _, _ in COMMANDS]
BOX = str.maketrans("", "", "│╭╮╰╯─")


def words(text: str) -> set[str]:
    return set(text.translate(BOX).split())


def typer_rich_help(args: list[str]) -> str:
    """The help typer itself draws with rich, for comparison."""
    from typer import rich_utils

    group = typer.main.get_command(app)
    with group.make_context("coach", list(args[:0]), resilient_parsing=True) as ctx:
        command, sub = group, ctx
        if args:
            command = group.get_command(ctx, args[0])
            sub = command.make_context(args[0], [], parent=ctx, resilient_parsing=True)
        out = io.StringIO()
        with redirect_stdout(out):
            rich_utils.rich_format_help(obj=command, ctx=sub, markup_mode="rich")
    return out.getvalue()


@pytest.mark.parametrize("args", [[], *[[name] for name in NAMES]], ids=["root", *NAMES])
def test_help_says_all_that_typer_says(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # nothing wraps: the words compare one to one
    ours = runner.invoke(app, [*args, "--help"])
    assert ours.exit_code == 0
    theirs = typer_rich_help(args)
    assert words(theirs) - words(ours.stdout) == set()
    assert ours.stdout.splitlines()[1].strip() == theirs.splitlines()[1].strip()  # the usage


@pytest.mark.parametrize("width", [100, 80, 60, 40])
@pytest.mark.parametrize("args", [[], *[[name] for name in NAMES]], ids=["root", *NAMES])
def test_help_fits_the_terminal(
    args: list[str], width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = runner.invoke(app, [*args, "--help"]).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    boxes = [line for line in lines if line.startswith(("│", "╭", "╰"))]
    assert all(len(line) == width for line in boxes)  # every panel closed at the edge


def test_narrow_help_stacks_each_option() -> None:
    out = runner.invoke(app, ["drill", "--help"], env={"COLUMNS": "40"}).stdout
    assert "│ --count -n N [1<=x<=100]             │" in out
    assert "│     Questions to ask. [default: 5]   │" in out
    assert "│ --color/--no-color                   │" in out


def test_wide_help_aligns_columns() -> None:
    out = runner.invoke(app, ["drill", "--help"]).stdout
    assert "│ --count  -n  N [1<=x<=100]  Questions to ask. [default: 5]" in out


def test_the_root_help_lists_each_command_with_its_own_summary() -> None:
    group = typer.main.get_command(app)
    listed = {name: group._summary(name) for name in NAMES}  # without building the commands
    with group.make_context("coach", [], resilient_parsing=True) as ctx:
        for name in NAMES:
            command = group.get_command(ctx, name)
            assert listed[name] == first_paragraph(command.short_help or command.help or "")
    out = runner.invoke(app, ["--help"], env={"COLUMNS": "250"}).stdout
    for name, summary in listed.items():
        assert re.search(rf"│ {name} +{re.escape(summary)} +│", out), name


def test_help_is_plain_without_colour_and_coloured_with_it() -> None:
    assert "\x1b[" not in runner.invoke(app, ["--help"]).stdout  # NO_COLOR is set
    coloured = runner.invoke(app, ["--color", "--help"]).stdout
    assert "\x1b[1;36m--problems-dir\x1b[0m" in coloured
    assert "\x1b[1;36mlist\x1b[0m" in coloured


def test_no_arguments_prints_the_root_help() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert result.stdout == runner.invoke(app, ["--help"]).stdout
