"""The root command: version, help, errors as one line with the right exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import coach
from coach import __version__
from coach.cli import app

runner = CliRunner()


def test_a_process_the_tests_start_runs_the_same_coach(tmp_path: Path) -> None:
    """conftest.py's rule: from any directory, a child imports the coach the tests import."""
    child = subprocess.run(
        [sys.executable, "-c", "import coach; print(coach.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == coach.__file__


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"coach {__version__}"


def test_help_lists_every_command_with_an_example() -> None:
    from coach.cli import COMMANDS

    result = runner.invoke(app, ["-h"])
    assert result.exit_code == 0
    for name, _module, example in COMMANDS:
        assert name in result.output
        assert example in result.output


def test_unknown_option_is_one_line_exit_2() -> None:
    result = runner.invoke(app, ["--no-such-flag"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "coach: error:" in result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; sys.argv=['coach','--help']\n"
        "from coach.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy','jinja2','pint','pydantic','questionary','yaml')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert "HEAVY []" in result.stderr, result.stderr


def test_a_reader_closing_the_pipe_ends_coach_like_any_unix_tool() -> None:
    import signal

    for args in (["list"], ["list", "--json"], ["simulate", "--example"], ["validate", "x.yaml"]):
        child = subprocess.Popen(
            [sys.executable, "-m", "coach", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # like `coach list | head -0`: nobody reads
        code = child.wait(timeout=30)
        errors = child.stderr.read()
        child.stderr.close()
        if args[0] == "validate":  # nothing for stdout: the error and exit 2 stand
            assert code == 2 and b"x.yaml" in errors
        else:  # killed by SIGPIPE, as `seq 100000 | head -1` is: no traceback
            assert code == -signal.SIGPIPE and b"Traceback" not in errors, (args, errors)
