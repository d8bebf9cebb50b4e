"""The root command: global flags, error handling, and the command table.

The CLI is a shell: each command lives in `coach/commands/<module>.py`,
parses its flags, calls the domain, and renders. Command modules import
only light things at the top so that `coach --help` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from coach import __version__
from coach.commands import common
from coach.errors import CoachError, ExitCode
from coach.ui import console

# (command name, module under coach.commands, one example shown in `coach --help`)
COMMANDS: list[tuple[str, str, str]] = [
    ("practice", "practice", "coach practice twitter"),
    ("mock", "mock", "coach mock uber --minutes 45"),
    ("resume", "resume", "coach resume 3"),
    ("history", "history", "coach history --json"),
    ("export", "export", "coach export -o twitter.md"),
    ("list", "list_problems", "coach list --tag caching --difficulty medium"),
    ("show", "show", "coach show twitter"),
    ("validate", "validate", "coach validate my-problems/"),
    ("estimate", "estimate", "coach estimate twitter --set peak_factor=3"),
    ("calc", "calc", 'coach calc "500M/day * 10KB * 30 days"'),
    ("simulate", "simulate", "coach simulate twitter --rps 2000"),
    ("drill", "drill", "coach drill estimation --count 5"),
    ("stats", "stats", "coach stats"),
]


class CoachGroup(TyperGroup):
    """Turns every error into one line on stderr and a documented exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, _, _ in COMMANDS if name in self.commands]

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except CoachError as exc:
            _report(exc)
            sys.exit(int(exc.exit_code))
        except typer.Abort:
            console.error("interrupted")
            sys.exit(int(ExitCode.INTERRUPTED))
        except KeyboardInterrupt:
            console.error("interrupted")
            sys.exit(int(ExitCode.INTERRUPTED))
        except Exception as exc:
            from typer._click import ClickException

            if isinstance(exc, ClickException):
                console.error(_usage_message(exc))
                sys.exit(exc.exit_code)
            if os.environ.get("COACH_DEBUG"):
                raise
            console.error(
                f"unexpected {type(exc).__name__}: {exc} (set COACH_DEBUG=1 to see the traceback)"
            )
            sys.exit(int(ExitCode.UNEXPECTED))
        sys.exit(rv if isinstance(rv, int) else 0)


def _report(exc: CoachError) -> None:
    for line in str(exc).splitlines() or [exc.message]:
        console.error(line)


def _usage_message(exc: Exception) -> str:
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        return f"{message} (see '{ctx.command_path} --help')"
    return message


def _examples_epilog() -> str:
    width = max(len(example) for _, _, example in COMMANDS)
    lines = ["[bold]Examples[/bold]"]
    lines += [f"  {example.ljust(width)}" for _, _, example in COMMANDS]
    return "\n".join(lines)


app = typer.Typer(
    cls=CoachGroup,
    name="coach",
    help="An offline coach for system design interviews: practice, mock, estimate, simulate.",
    epilog=_examples_epilog(),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _hide_flag_types() -> None:
    """Show no `<bool>` type column beside on/off flags in help.

    Typer labels every option with its type; for a flag that label is noise,
    and passing `metavar=""` to every flag (including the built-in `--help`)
    is not possible, so the type display is adjusted once, here.
    """
    from typer.core import TyperOption

    original = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag and self.metavar is None:
            return None
        return original(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_hide_flag_types()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            help="Force colour on or off (default: auto; NO_COLOR honoured).",
        ),
    ] = None,
    problems_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--problems-dir",
            metavar="DIR",
            help="Extra directory of problem specs (repeatable; also COACH_PROBLEMS_PATH).",
        ),
    ] = None,
) -> None:
    """An offline coach for system design interviews."""
    console.configure(color)
    common.configure(problem_dirs=list(problems_dir or []))
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def _register_commands() -> None:
    for name, module_name, _example in COMMANDS:
        module = importlib.import_module(f"coach.commands.{module_name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app, name)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    import signal

    # A reader that closes the pipe (`coach list | head -1`) ends coach the way it
    # ends any Unix tool (exit status 141), instead of raising BrokenPipeError at
    # whichever write comes next. A failing command's status is never masked.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(prog_name="coach")
