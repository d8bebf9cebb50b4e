"""`coach mock`: a timed interview with a curveball and feedback only at the end."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.commands import common

DEFAULT_MINUTES = 45.0


def mock(
    problem_id: Annotated[str, typer.Argument(metavar="PROBLEM", help="Problem id (coach list).")],
    minutes: Annotated[
        float,
        typer.Option(
            "--minutes",
            metavar="MIN",
            min=1,
            max=240,
            help="The whole interview's length; phase budgets are scaled to it.",
        ),
    ] = DEFAULT_MINUTES,
) -> None:
    """A timed mock interview: countdown per phase, a curveball, a scorecard at the end."""
    problem = common.problem(problem_id)
    import random

    from coach.session.flow import new_session
    from coach.session.record import Mode
    from coach.storage.sessions import SessionStore
    from coach.ui.session_runner import mention_unfinished, run_session

    with SessionStore.open() as store:
        mention_unfinished(store)
        record = new_session(problem, Mode.MOCK, rng=random.Random(), minutes_total=minutes)
        store.save(record)
        run_session(problem, record, store)


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help="A timed mock interview: countdown per phase, a curveball, a scorecard at the end.",
        epilog="Example: coach mock uber --minutes 45",
    )(mock)
