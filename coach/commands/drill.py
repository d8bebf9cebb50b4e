"""`coach drill`: five-minute estimation, latency and unit drills."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.commands import common
from coach.errors import ExitCode

KINDS_HELP = (
    "estimation (napkin math), latency (the latency table), units (powers of two, rates), or mixed."
)


def drill(
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", help=f"What to drill: {KINDS_HELP}", show_default=False),
    ] = "mixed",
    count: Annotated[
        int, typer.Option("--count", "-n", metavar="N", min=1, max=100, help="Questions to ask.")
    ] = 5,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", metavar="S", help="Seed for the questions: the same seed, the same drill."
        ),
    ] = None,
    json_output: common.JsonFlag = False,
) -> None:
    """Quick-fire drills: answer in units ("3 PB", "1.5K/s"), scored on a log scale."""
    import random
    from datetime import date, datetime, timezone

    from coach.drill.generate import check_kind, generate
    from coach.drill.record import DrillRecord, DrillStatus
    from coach.drill.runner import run_drill
    from coach.drill.summary import day_streak, result_json, summarise
    from coach.storage.drills import DrillStore
    from coach.ui import console
    from coach.ui.drill import TerminalAsker, TerminalView, render_summary

    kind = check_kind(kind)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    questions = generate(kind, count, random.Random(seed))
    screen = console.err() if json_output else console.out()
    now = datetime.now(timezone.utc)
    record = DrillRecord(kind=kind, seed=seed, count=count, created_at=now, updated_at=now)
    with DrillStore.open() as store:
        screen.print(
            f"[bold]{kind.capitalize()} drill[/], {count} question{'s' * (count > 1)}: "
            "answer with units (3 PB, 1.5K/s). Ctrl-C stops."
        )
        run_drill(
            record,
            questions,
            asker=TerminalAsker(screen),
            view=TerminalView(screen),
            save=store.save,
            now=lambda: datetime.now(timezone.utc),
        )
        days = [moment.astimezone().date() for moment in store.practice_times()]
    summary = summarise(record, day_streak=day_streak(days, date.today()))
    if record.status is DrillStatus.INTERRUPTED:
        screen.print()  # the terminal's ^C leaves the cursor on the prompt line
    render_summary(screen, record, summary)
    if json_output:
        console.print_json(result_json(record, summary))
    if record.status is DrillStatus.INTERRUPTED:
        console.notice(f"drill saved: {len(record.answers)} answers")
        raise typer.Exit(int(ExitCode.INTERRUPTED))


# Paragraphs are single lines: typer's rich help rewraps them to the terminal width.
HELP = "\n\n".join(
    [
        str(drill.__doc__),
        "Bands: exact (within 1.1x) 3 points, within 2x 2, within 10x 1, off 0. "
        "After each answer come the worked derivation and a `coach calc` line to check it.",
        "Latency figures come from Colin Scott's latency page (2020) and Brendan Gregg's "
        "Systems Performance. Ctrl-C ends the drill and keeps the answers given; "
        "`coach stats` shows your progress.",
    ]
)


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help=HELP,
        epilog="Example: coach drill estimation --count 5",
    )(drill)
