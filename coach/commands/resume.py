"""`coach resume`: go on with a saved session where it stopped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands import common
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.session.record import SessionRecord


def resume(
    session_id: Annotated[
        int | None,
        typer.Argument(metavar="ID", help="Session id (default: the latest unfinished one)."),
    ] = None,
) -> None:
    """Go on with a saved session at the next unanswered step."""
    from coach.session.record import Status
    from coach.storage.sessions import SessionStore
    from coach.ui import console
    from coach.ui.session_runner import run_session

    with SessionStore.open() as store:
        if session_id is None:
            session_id = store.latest_unfinished()
            if session_id is None:
                raise CoachError("no unfinished session to resume (`coach history` lists sessions)")
        record = store.load(session_id)
        problem = common.problem(record.problem_id)
        if record.status is Status.COMPLETED:
            _show_finished(problem, record)
            return
        console.notice(f"resuming session {record.id} ({record.problem_id}, {record.mode.value})")
        run_session(problem, record, store)


def _show_finished(problem: Problem, record: SessionRecord) -> None:
    from coach.session.feedback import scorecard
    from coach.session.record import Mode
    from coach.ui import console
    from coach.ui.render_debrief import render_debrief
    from coach.ui.render_scorecard import render_scorecard

    card = scorecard(problem, record)
    mock = record.mode is Mode.MOCK
    console.notice(
        f"session {record.id} is already finished; its {'debrief and ' if mock else ''}scorecard:"
    )
    if mock:
        render_debrief(console.out(), problem, record, card)
    render_scorecard(console.out(), problem, record, card)


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help="Go on with a saved session at the next unanswered step.",
        epilog="Example: coach resume 3",
    )(resume)
