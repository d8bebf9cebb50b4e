"""Global flags work before and after the command; -h, --version and completion on every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach import __version__
from coach.cli import COMMANDS, app

runner = CliRunner()
NAMES = [name for name, _, _ in COMMANDS]
ANSI = "\x1b["
ROOT = Path(__file__).resolve().parent.parent


def user_dir(tmp_path: Path, name: str, problem_id: str, *, broken: bool = False) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    text = (ROOT / "problems" / "pastebin.yaml").read_text(encoding="utf-8")
    text = text.replace("id: pastebin", f"id: {problem_id}", 1)
    if broken:
        text = text.replace("summary:", "sumary:", 1)
    (folder / f"{problem_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def listed(*args: str) -> list[str]:
    result = runner.invoke(app, [*args, "--json"] if "--json" not in args else list(args))
    assert result.exit_code == 0, result.output
    return [p["id"] for p in json.loads(result.stdout)]


@pytest.mark.parametrize("name", NAMES)
def test_every_command_takes_the_global_flags_after_it(name: str, tmp_path: Path) -> None:
    for flags in (["--no-color"], ["--color"], ["--problems-dir", str(tmp_path)]):
        result = runner.invoke(app, [name, *flags, "--help"])
        assert result.exit_code == 0, (flags, result.output)
        assert re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).startswith(f"\n Usage: coach {name} ")
        assert (ANSI in result.stdout) is (flags == ["--color"])


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_short_help_and_version(name: str) -> None:
    short = runner.invoke(app, [name, "-h"])
    assert short.exit_code == 0
    assert short.stdout == runner.invoke(app, [name, "--help"]).stdout
    version = runner.invoke(app, [name, "--version"])
    assert (version.exit_code, version.stdout) == (0, f"coach {__version__}\n")


@pytest.mark.parametrize("name", NAMES)
def test_every_command_help_shows_the_global_options(name: str) -> None:
    out = runner.invoke(app, [name, "--help"]).stdout
    panel = out[out.index("Global options") :]
    assert "--color" in panel and "--no-color" in panel and "--problems-dir" in panel
    assert "--version" not in out  # it works there, and is said once, in coach --help


@pytest.mark.parametrize("name", NAMES)
def test_completion_offers_the_global_flags_after_every_command(name: str) -> None:
    words = complete(f"coach {name} --")
    assert {"--color", "--no-color", "--problems-dir", "--help"} <= set(words)


def complete(line: str) -> list[str]:
    env = {
        "_COACH_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=env, prog_name="coach")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_completion_of_command_names() -> None:
    assert complete("coach li") == ["list"]
    assert complete("coach s") == ["show", "simulate", "stats"]
    assert complete("coach list --no-") == ["--no-color"]


def test_show_completion_prints_a_script() -> None:
    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="coach")
    assert result.exit_code == 0, (result.output, result.exception)
    assert "_coach_completion" in result.stdout


def test_no_color_after_the_command_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI in runner.invoke(app, ["list"]).stdout
    for args in (["list", "--no-color"], ["--color", "list", "--no-color"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert ANSI not in result.stdout, args


@pytest.mark.parametrize("args", [["show", "twitter", "--color"], ["list", "--color"]])
def test_color_after_the_command_colours(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # NO_COLOR is set for every test: the flag overrides it, as before the command
    monkeypatch.setenv("TERM", "xterm-256color")  # rich colours no dumb terminal, even forced
    assert ANSI in runner.invoke(app, args).stdout
    assert ANSI in runner.invoke(app, ["--color", *args[:-1]]).stdout
    assert ANSI not in runner.invoke(app, args[:-1]).stdout


def test_problems_dir_after_the_command(tmp_path: Path) -> None:
    one, two = user_dir(tmp_path, "one", "zeta"), user_dir(tmp_path, "two", "omega")
    assert "zeta" in listed("list", "--problems-dir", str(one))
    assert "zeta" in listed("--problems-dir", str(one), "list")
    both = listed("--problems-dir", str(one), "list", "--problems-dir", str(two))
    assert {"zeta", "omega"} <= set(both)
    assert "zeta" not in listed("list")  # nothing carried over from the last run
    shown = runner.invoke(app, ["show", "zeta", "--json", "--problems-dir", str(one)])
    assert json.loads(shown.stdout)["source"] == str(one / "zeta.yaml")
    checked = runner.invoke(app, ["validate", "--problems-dir", str(one)])
    assert checked.exit_code == 0 and "(zeta)" in checked.stdout


def test_a_broken_user_spec_after_the_command_gives_its_place(tmp_path: Path) -> None:
    bad = user_dir(tmp_path, "bad", "zeta", broken=True)
    before = runner.invoke(app, ["--problems-dir", str(bad), "list"])
    after = runner.invoke(app, ["list", "--problems-dir", str(bad)])
    assert before.exit_code == after.exit_code == 2
    assert before.stderr == after.stderr
    assert after.stderr.startswith(f"coach: error: {bad / 'zeta.yaml'}:")
    assert "unknown key 'sumary' (did you mean 'summary'?)" in after.stderr


def test_given_values_are_still_checked_as_typer_checks_them() -> None:
    # the flags left out skip typer's coercion; the ones given still get it
    for args, flag in [
        (["drill", "--count", "0"], "--count"),
        (["mock", "twitter", "--minutes", "abc"], "--minutes"),
        (["simulate", "--example", "--seed", "-1"], "--seed"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("coach: error: Invalid value for") and flag in result.stderr
    assert listed("list", "-t", "caching", "-d", "medium") == ["twitter", "typeahead"]
