"""The root command: global flags, error handling, and the command table.

The CLI is a shell: each command lives in `coach/commands/<module>.py`,
parses its flags, calls the domain, and renders. A command's module is
imported only when that command runs (or when `coach --help` lists it), and
help is drawn without rich (`coach.ui.help`), so that `coach --help` and
`coach list` start about as fast as typer itself.

The global flags (`--color/--no-color`, `--problems-dir`, `--version`) are
accepted after the command too: each command gets copies of the root's
options that apply the setting instead of passing it to the command.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coach import __version__
from coach.commands import common
from coach.commands.building import as_global, build_command, defer_coercion, registered
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
_MODULES = {name: module for name, module, _ in COMMANDS}

# The root's options that every command accepts too, and the help panel that shows them.
GLOBAL_OPTIONS = ("version", "color", "problems_dir")
GLOBAL_PANEL = "Global options"


def _help_screen(command: Any, ctx: Any, commands: list[tuple[str, str]] | None = None) -> str:
    from coach.ui import plain
    from coach.ui.help import render_help

    paint = plain.paint_for(sys.stdout)
    ctx.color = paint.color  # the help option echoes with ctx.color: keep forced colour in a pipe
    return render_help(command, ctx, paint=paint, width=plain.width(), commands=commands or ())


class CoachCommand(TyperCommand):
    """A command whose help is drawn by `coach.ui.help`."""

    def get_params(self, ctx: Any) -> list[Any]:
        return defer_coercion(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(_help_screen(self, ctx))


class CoachGroup(TyperGroup):
    """Loads commands on demand; turns every error into one line and a documented exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, _, _ in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _MODULES:
            command = build_command(_module(cmd_name), cmd_name, CoachCommand)
            shared = [p for p in self.params if p.name in GLOBAL_OPTIONS]
            command.params += [as_global(p, GLOBAL_PANEL) for p in shared]
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)

    def get_params(self, ctx: Any) -> list[Any]:
        return defer_coercion(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        summaries = [(name, self._summary(name)) for name in self.list_commands(ctx)]
        formatter.write(_help_screen(self, ctx, summaries))

    def _summary(self, name: str) -> str:
        """A command's line in `coach --help`, without building the command when it can."""
        from coach.ui.help import first_paragraph

        if name in self.commands:
            loaded = self.commands[name]
            return first_paragraph(loaded.short_help or loaded.help or "")
        module = _module(name)
        # A module whose full help is costly to build names its one-line summary.
        summary = getattr(module, "SUMMARY", None)
        if isinstance(summary, str):
            return summary
        info = registered(module, name)
        return first_paragraph(info.short_help or info.help or inspect.getdoc(info.callback) or "")

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        # The settings of the last run in this process must not leak into this one.
        console.configure(None)
        common.configure(problem_dirs=[])
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


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"coach.commands.{_MODULES[name]}")


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
    return "\n".join(["Examples", *(f"  {example}" for _, _, example in COMMANDS)])


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


def _color(value: bool | None) -> None:
    # Eager, so that `coach --no-color --help` draws the help without colour.
    if value is not None:
        console.configure(value)


def _problem_dirs(value: list[Path] | None) -> None:
    # Adds: the root's directories and then the command's, in the order given.
    common.STATE.problem_dirs += list(value or [])


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
            callback=_color,
            is_eager=True,
            help="Force colour on or off (default: auto; NO_COLOR honoured).",
        ),
    ] = None,
    problems_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--problems-dir",
            metavar="DIR",
            callback=_problem_dirs,
            help="Extra directory of problem specs (repeatable; also COACH_PROBLEMS_PATH).",
        ),
    ] = None,
) -> None:
    """An offline coach for system design interviews."""
    # The options' callbacks have applied them (a command's copies may add to them).
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help(), color=ctx.color)
        raise typer.Exit()


def main() -> None:
    """Console-script entry point."""
    import signal

    # A reader that closes the pipe (`coach list | head -1`) ends coach the way it
    # ends any Unix tool (exit status 141), instead of raising BrokenPipeError at
    # whichever write comes next. A failing command's status is never masked.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # numpy's OpenBLAS starts a thread per CPU when numpy is imported (60 ms of a
    # `coach simulate` on two CPUs); coach's matrices are a few dozen rows at most,
    # which OpenBLAS does in one thread anyway. A setting of the user's stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app(prog_name="coach")
    finally:
        # The process ends here, and Python's last act would be a collection over every
        # object left (40 ms after a `coach simulate`: numpy, pydantic and the design
        # models); frozen, they go with the process, as its memory does.
        gc.freeze()
