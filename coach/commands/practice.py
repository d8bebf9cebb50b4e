"""`coach practice`: the interview with reference answers and feedback after each phase."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands import common
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.storage.sessions import SessionStore


def practice(
    problem_id: Annotated[str, typer.Argument(metavar="PROBLEM", help="Problem id (coach list).")],
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.yaml",
            help="Answer from a YAML file instead of prompting (keys: questions, clarify, "
            "estimates, components, high_level, deep_dive_topics, deep_dive, scaling, changes, "
            "curveball).",
        ),
    ] = None,
    json_output: common.JsonFlag = False,
) -> None:
    """Practise a problem: four phases, reference answers and feedback after each."""
    if json_output and answers is None:
        raise CoachError(
            "--json needs --answers FILE.yaml (an interactive session prints as it goes)"
        )
    problem = common.problem(problem_id)
    from coach.storage.sessions import SessionStore

    with SessionStore.open() as store:
        if answers is not None:
            _scripted(problem, answers, store, json_output)
            return
        import random

        from coach.session.flow import new_session
        from coach.session.record import Mode
        from coach.ui.session_runner import mention_unfinished, run_session

        mention_unfinished(store)
        record = new_session(problem, Mode.PRACTICE, rng=random.Random())
        store.save(record)
        run_session(problem, record, store)


def _scripted(problem: Problem, path: Path, store: SessionStore, json_output: bool) -> None:
    """The same flow from an answers file: no prompt, no pause."""
    import random
    import time

    from coach.session import estimating
    from coach.session.answers import FileAsker, load_answers
    from coach.session.events import RecordingView
    from coach.session.flow import Flow, new_session
    from coach.session.record import Mode
    from coach.session.result import result_json
    from coach.ui import console
    from coach.ui.render_session import SessionView

    script = load_answers(path, problem, estimating.resolve_name, estimating.names_for(problem))
    record = new_session(
        problem,
        Mode.PRACTICE,
        rng=random.Random(0),
        compact=True,
        curveball="first" if script.has_curveball else None,
    )
    view = RecordingView() if json_output else SessionView(console.out())
    flow = Flow(
        problem,
        record,
        asker=FileAsker(script),
        view=view,
        save=store.save,
        clock=time.monotonic,
    )
    flow.run()
    if json_output:
        console.print_json(result_json(record))


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help="Practise a problem: four phases, reference answers and feedback after each.",
        epilog="Example: coach practice twitter --answers answers.yaml --json",
    )(practice)
