"""`coach history`: the sessions you have saved."""

from __future__ import annotations

import typer

from coach.commands import common


def history(json_output: common.JsonFlag = False) -> None:
    """List saved sessions: id, problem, mode, date, score, status."""
    from coach.storage.sessions import SessionStore
    from coach.ui import console

    with SessionStore.open() as store:
        sessions = store.summaries()
    if json_output:
        console.print_json([s.to_json() for s in sessions])
        return
    if not sessions:
        console.out().print("No sessions yet: start one with `coach practice PROBLEM`.")
        return
    from rich.table import Table

    table = Table(pad_edge=False, box=None, padding=(0, 1))
    for column, justify in (
        ("id", "right"),
        ("problem", "left"),
        ("mode", "left"),
        ("date", "left"),
        ("score", "right"),
        ("status", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for s in sessions:
        score = "-" if s.score is None else f"{s.score:.0f}"
        table.add_row(
            str(s.id), s.problem, s.mode, _local(s.created_at), score, s.status.replace("_", " ")
        )
    console.out().print(table)


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help="List saved sessions: id, problem, mode, date, score, status.",
        epilog="Example: coach history --json",
    )(history)


def _local(stamp: str) -> str:
    """An ISO UTC time as the user's local `YYYY-MM-DD HH:MM`."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]
