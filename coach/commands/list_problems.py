"""`coach list`: the problems in the bank, as a table or JSON.

It reads the bank's index (`coach.problems.index`), not the specs, and draws
the table as plain text (`coach.ui.plain`), so that it starts about as fast
as typer itself. The table takes the shape the terminal allows: one line per
problem when everything fits, tags on a line of their own under the title
when they do not, and a stacked block per problem when even the title has
no room; an id is never cut.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands.common import JsonFlag, index
from coach.errors import CoachError, did_you_mean

if TYPE_CHECKING:
    from coach.problems.index import Summary
    from coach.ui.plain import Paint

DIFFICULTIES = ("easy", "medium", "hard")
LEVEL_STYLES = {"easy": "green", "medium": "yellow", "hard": "red"}
MIN_TITLE = 24  # columns for titles below which each problem is stacked
GAP = "  "


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
    loaded = index()
    tags = [t.strip().lower() for t in tag or []]
    levels = [d.strip().lower() for d in difficulty or []]
    _check_filters(tags, levels, loaded.tags())
    chosen = [
        p
        for p in loaded.problems
        if all(t in p.tags for t in tags) and (not levels or p.difficulty in levels)
    ]
    if json:
        from coach.ui.console import print_json

        print_json([summary_json(p) for p in chosen])
        return
    from coach.ui import plain

    lines = table_lines(chosen, plain.width(), plain.paint_for(sys.stdout))
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


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


def summary_json(problem: Summary) -> dict[str, object]:
    """The public JSON summary of a problem (`coach list --json`)."""
    return {
        "id": problem.id,
        "title": problem.title,
        "difficulty": problem.difficulty,
        "tags": list(problem.tags),
        "minutes": problem.minutes,
        "summary": problem.summary,
    }


def table_lines(problems: list[Summary], width: int, paint: Paint) -> list[str]:
    """The listing at `width` columns, with its closing hint."""
    from coach.ui.plain import wrap

    if not problems:
        return ["No problems match these filters."]
    id_width = max(len("ID"), *(len(p.id) for p in problems))
    title_width = max(len(p.title) for p in problems)
    tags_width = max(len(_tags(p)) for p in problems)
    fixed = id_width + len("Difficulty") + len("Min") + 3 * len(GAP)
    if fixed + title_width + tags_width + len(GAP) <= width:
        lines = _table(problems, id_width, title_width, tags_width, paint)
    elif width - fixed >= MIN_TITLE:
        lines = _table(problems, id_width, min(title_width, width - fixed), 0, paint, width)
    else:
        lines = _stacked(problems, width, paint)
    count = len(problems)
    hint = (
        f"{count} problem{'s' if count != 1 else ''}. "
        "See one with 'coach show ID', practise it with 'coach practice ID'."
    )
    return [*lines, *wrap(hint, width)]


def _tags(problem: Summary) -> str:
    return ", ".join(problem.tags)


def _table(
    problems: list[Summary],
    id_width: int,
    title_width: int,
    tags_width: int,
    paint: Paint,
    width: int = 0,
) -> list[str]:
    """Columns; with `tags_width` 0, each problem's tags go on a line under its title."""
    from coach.ui.plain import wrap

    heads = ["ID".ljust(id_width), "Title".ljust(title_width), "Difficulty"]
    heads += ["Tags".ljust(tags_width)] if tags_width else []
    header = GAP.join([*heads, "Min"])
    lines = [paint(header, "bold"), "─" * len(header)]
    indent = " " * (id_width + len(GAP))
    for p in problems:
        titles = wrap(p.title, title_width)
        cells = [paint(p.id.ljust(id_width), "bold"), titles[0].ljust(title_width)]
        cells.append(paint(p.difficulty.ljust(len("Difficulty")), LEVEL_STYLES[p.difficulty]))
        cells += [_tags(p).ljust(tags_width)] if tags_width else []
        lines.append(GAP.join([*cells, str(p.minutes).rjust(len("Min"))]))
        lines += [indent + title for title in titles[1:]]
        if not tags_width:
            tags = wrap(f"tags: {_tags(p)}", width - len(indent))
            lines += [indent + paint(part, "dim") for part in tags]
    return lines


def _stacked(problems: list[Summary], width: int, paint: Paint) -> list[str]:
    """One block per problem: id, difficulty and minutes, then the title, then the tags."""
    from coach.ui.plain import wrap

    lines: list[str] = []
    for p in problems:
        level = paint(p.difficulty, LEVEL_STYLES[p.difficulty])
        lines.append(f"{paint(p.id, 'bold')} · {level} · {p.minutes} min")
        lines += [f"  {part}" for part in wrap(p.title, width - 2)]
        lines += [f"  {paint(part, 'dim')}" for part in wrap(f"tags: {_tags(p)}", width - 2)]
    return lines


def register(app: typer.Typer, name: str) -> None:
    app.command(name, help=list_problems.__doc__, epilog="Example: coach list --tag caching")(
        list_problems
    )
