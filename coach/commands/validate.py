"""`coach validate [PATH ...]`: check problem specs and report every error."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands.common import STATE
from coach.errors import CoachError, CoachErrors

if TYPE_CHECKING:
    from coach.problems.loader import LoadedSpec


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Spec files, or directories of *.yaml/*.yml specs (default: the whole bank).",
        ),
    ] = None,
) -> None:
    """Check problem specs: YAML, schema, and cross references, every error at its line."""
    from coach.problems.bank import collect, collect_bank
    from coach.problems.checks import run_checks
    from coach.ui import console

    if paths:
        specs, errors = collect(paths)
    else:
        loaded, errors = collect_bank(STATE.problem_dirs)
        for message in loaded.notices:
            console.notice(message)
        specs = [loaded.specs[key] for key in sorted(loaded.specs)]
    from coach.problems.lexicon import shared_errors

    errors = shared_errors() + errors
    for spec in specs:
        found = run_checks(spec.problem, spec.doc)
        errors += found
        if not found:
            _report_ok(spec)
    if errors:
        raise CoachErrors([*errors, _summary(errors)])
    count = len(specs)
    console.out().print(f"{count} problem spec{'s' if count != 1 else ''} valid.")


def _report_ok(spec: LoadedSpec) -> None:
    from rich.markup import escape

    from coach.ui.console import out

    out().print(f"[green]ok[/]  {escape(str(spec.path))}  ({spec.problem.id})", soft_wrap=True)


def _summary(errors: list[CoachError]) -> CoachError:
    files = len({e.path for e in errors})
    count = len(errors)
    return CoachError(
        f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )


def register(app: typer.Typer, name: str) -> None:
    app.command(name, help=validate.__doc__, epilog="Example: coach validate my-problems/")(
        validate
    )
