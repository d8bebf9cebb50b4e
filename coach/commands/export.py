"""`coach export`: a session's design write-up as Markdown (or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coach.commands import common


def export(
    session_id: Annotated[
        int | None,
        typer.Argument(metavar="ID", help="Session id (default: the latest session)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="File to write (default: <problem>-<date>-<id>.md).",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar="FILE", help="A Jinja2 template of your own (runs sandboxed)."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="markdown or json.", metavar="FORMAT")
    ] = "markdown",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the write-up instead of writing a file.")
    ] = False,
) -> None:
    """Write a session up as a Markdown design document (or JSON with --format json)."""
    from datetime import datetime, timezone

    from coach.errors import CoachError, did_you_mean
    from coach.export.writeup import Format, default_filename, export_text, write_writeup
    from coach.storage.sessions import SessionStore
    from coach.ui import console

    try:
        chosen = Format(fmt.lower())
    except ValueError:
        names = [f.value for f in Format]
        raise CoachError(
            f"unknown format '{fmt}' (choose {' or '.join(names)}){did_you_mean(fmt, names)}"
        ) from None
    if stdout and (output is not None or force):
        raise CoachError("--stdout prints the write-up: leave out -o/--output and --force")
    if template is not None and chosen is Format.JSON:
        raise CoachError("--template applies to Markdown, not to --format json")
    with SessionStore.open() as store:
        chosen_id = session_id if session_id is not None else store.latest_id()
        if chosen_id is None:
            raise CoachError("no sessions yet: run `coach practice PROBLEM` first")
        record = store.load(chosen_id)
    problem = common.problem(record.problem_id)
    now = datetime.now(timezone.utc)
    if stdout:
        text = export_text(record, problem, chosen, now=now, template=template)
        typer.echo(text, nl=False)
        return
    path = output or Path(default_filename(record, chosen))
    write_writeup(record, problem, path, now=now, fmt=chosen, template=template, force=force)
    console.out().print(f"Wrote {path} (session {record.id}, {record.problem_title}).")


def register(app: typer.Typer, name: str) -> None:
    app.command(name, epilog="Example: coach export 3 -o twitter.md")(export)
