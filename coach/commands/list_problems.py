"""`coach list`: the problems in the bank, as a table or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands.common import JsonFlag, bank
from coach.errors import CoachError, did_you_mean

if TYPE_CHECKING:
    from coach.problems.model import Problem

DIFFICULTIES = ("easy", "medium", "hard")
NARROW = 30  # columns left for Title and Tags below which Tags are left out


def list_problems(
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", metavar="TAG", help="Only problems with this tag (repeat: all of them)."
        ),
    ] = None,
    difficulty: Annotated[
        list[str] | None,
        typer.Option(
            "--difficulty",
            "-d",
            metavar="LEVEL",
            help="Only this difficulty: easy, medium, hard (repeatable).",
        ),
    ] = None,
    json: JsonFlag = False,
) -> None:
    """List the practice problems: id, title, difficulty, tags, minutes."""
    loaded = bank()
    tags = [t.strip().lower() for t in tag or []]
    levels = [d.strip().lower() for d in difficulty or []]
    _check_filters(tags, levels, loaded.tags())
    chosen = [
        p
        for p in loaded.problems
        if all(t in p.tags for t in tags) and (not levels or p.difficulty.value in levels)
    ]
    if json:
        from coach.ui.console import print_json

        print_json([summary_json(p) for p in chosen])
        return
    _render(chosen)


def _check_filters(tags: list[str], levels: list[str], known_tags: list[str]) -> None:
    for level in levels:
        if level not in DIFFICULTIES:
            raise CoachError(
                f"unknown difficulty '{level}' (choose easy, medium or hard)"
                f"{did_you_mean(level, DIFFICULTIES)}"
            )
    for name in tags:
        if name not in known_tags:
            raise CoachError(f"no problem has the tag '{name}'{did_you_mean(name, known_tags)}")


def summary_json(problem: Problem) -> dict[str, object]:
    """The public JSON summary of a problem (`coach list --json`)."""
    return {
        "id": problem.id,
        "title": problem.title,
        "difficulty": problem.difficulty.value,
        "tags": list(problem.tags),
        "minutes": problem.minutes.total,
        "summary": problem.summary,
    }


def _render(problems: list[Problem]) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from coach.ui.console import out

    console = out()
    if not problems:
        console.print("No problems match these filters.")
        return
    id_width = max(len(p.id) for p in problems)
    # beside the text: a space of padding inside each cell edge, and a one-space divider
    room = console.width - id_width - (10 + 3) - 12
    # too narrow for both: keep titles readable and leave the tags to 'coach show'
    with_tags = room >= NARROW
    title_width, tags_width = _flexible_widths(problems, room) if with_tags else (room + 3, 0)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("ID", no_wrap=True, style="bold", width=id_width)
    table.add_column("Title", width=title_width)
    table.add_column("Difficulty", no_wrap=True, width=10)
    if with_tags:
        table.add_column("Tags", width=tags_width)
    table.add_column("Min", justify="right", no_wrap=True, width=3)
    styles = {"easy": "green", "medium": "yellow", "hard": "red"}
    for p in problems:
        level = p.difficulty.value
        tags = [", ".join(p.tags)] if with_tags else []
        table.add_row(
            p.id, escape(p.title), f"[{styles[level]}]{level}[/]", *tags, str(p.minutes.total)
        )
    console.print(table)
    count = len(problems)
    console.print(
        f"{count} problem{'s' if count != 1 else ''}. "
        "See one with 'coach show ID', practise it with 'coach practice ID'."
    )


def _flexible_widths(problems: list[Problem], room: int) -> tuple[int | None, int | None]:
    """Widths for Title and Tags when both do not fit on one line (None: natural).

    Rich's own squeezing can shave the fixed columns; sharing the room here
    keeps ids, difficulty and minutes whole, and wraps tags between tags.
    """
    title = max(len(p.title) for p in problems)
    tags = max(len(", ".join(p.tags)) for p in problems)
    if title + tags <= room:
        return None, None
    longest_tag = max(len(tag) for p in problems for tag in p.tags)
    tags_width = min(tags, max(longest_tag, room // 2))
    return max(room - tags_width, 10), tags_width


def register(app: typer.Typer, name: str) -> None:
    app.command(name, help=list_problems.__doc__, epilog="Example: coach list --tag caching")(
        list_problems
    )
