"""`coach show ID`: one problem's brief, without its answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands.common import JsonFlag, index, read

if TYPE_CHECKING:
    from coach.problems.model import Problem


def show(
    problem_id: Annotated[
        str, typer.Argument(metavar="ID", help="The problem id (see 'coach list').")
    ],
    json: JsonFlag = False,
) -> None:
    """Show a problem: statement, scope, requirements, assumptions, topics."""
    known = index()
    entry = known.get(problem_id)
    problem = read(entry).problem
    source = "built-in" if known.is_builtin(problem.id) else str(entry.path)
    if json:
        from coach.ui.console import print_json

        print_json(brief_json(problem, source))
        return
    _render(problem, source)


def brief_json(problem: Problem, source: str) -> dict[str, object]:
    """What a candidate may see before practising: no rubric, answers or curveball text."""
    return {
        "id": problem.id,
        "title": problem.title,
        "difficulty": problem.difficulty.value,
        "tags": list(problem.tags),
        "summary": problem.summary,
        "statement": problem.statement,
        "scope": {
            "in_scope": list(problem.scope.in_scope),
            "out_of_scope": list(problem.scope.out_of_scope),
        },
        "minutes": {**problem.minutes.model_dump(), "total": problem.minutes.total},
        "requirements": {
            "functional": list(problem.requirements.functional),
            "non_functional": list(problem.requirements.non_functional),
        },
        "capacity": [
            {"name": a.name, "value": a.value, "note": a.note, "source": a.source}
            for a in problem.capacity
        ],
        "clarification_topics": len(problem.clarifications),
        "deep_dives": [{"id": d.id, "title": d.title} for d in problem.deep_dives],
        "curveballs": len(problem.curveballs),
        "further_reading": [{"title": r.title, "url": r.url} for r in problem.further_reading],
        "source": source,
    }


def _render(problem: Problem, source: str) -> None:
    from rich.markup import escape
    from rich.padding import Padding

    from coach.phases import PHASES
    from coach.ui.console import out

    console = out()
    level = problem.difficulty.value
    colour = {"easy": "green", "medium": "yellow", "hard": "red"}[level]
    console.print(f"[bold]{escape(problem.title)}[/]  [dim]({problem.id})[/]")
    console.print(f"Difficulty: [{colour}]{level}[/]   Tags: {escape(', '.join(problem.tags))}")
    if source != "built-in":
        console.print(f"[dim]from {escape(source)}[/]")
    minutes = problem.minutes
    per_phase = ", ".join(f"{p.value.replace('_', ' ')} {minutes.for_phase(p)}" for p in PHASES)
    console.print(f"Minutes: {minutes.total} ({per_phase})")

    _section("Problem")
    console.print(Padding(escape(problem.statement), (0, 0, 0, 2), expand=False))
    _bullets("In scope", problem.scope.in_scope)
    _bullets("Out of scope", problem.scope.out_of_scope)
    _bullets("Functional requirements", problem.requirements.functional)
    _bullets("Non-functional requirements", problem.requirements.non_functional)
    if problem.capacity:
        _section("Capacity assumptions")
        console.print(Padding(_capacity_table(problem), (0, 0, 0, 2), expand=False))
    _bullets("Deep-dive topics", [d.title for d in problem.deep_dives])

    _section("In the interview")
    count = len(problem.clarifications)
    console.print(
        f"  The interviewer can answer questions on {count} topic{'s' if count != 1 else ''}."
    )
    balls = len(problem.curveballs)
    console.print(
        f"  {balls} curveball{'s' if balls != 1 else ''} (kept hidden: a mock surprises you)."
    )
    if problem.further_reading:
        _section("Further reading")
        for link in problem.further_reading:
            console.print(_bullet_grid([link.title]))
            # a link is never wrapped: a broken URL cannot be clicked or copied
            console.print(f"    {escape(link.url)}", soft_wrap=True)
    console.print()
    console.print(f"Practise it: [bold]coach practice {problem.id}[/]")


def _section(title: str) -> None:
    from coach.ui.console import out

    out().print()
    out().print(f"[bold underline]{title}[/]")


def _bullets(title: str, items: list[str]) -> None:
    from coach.ui.console import out

    if not items:
        return
    _section(title)
    out().print(_bullet_grid(items))


def _bullet_grid(items: list[str]) -> object:
    from rich.markup import escape
    from rich.table import Table

    # a grid gives wrapped lines a hanging indent under the text, not the dash
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row("  -", escape(item))  # spec text is text: '[b]' must not become markup
    return grid


def _capacity_table(problem: Problem) -> object:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Name", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Note")
    for a in problem.capacity:
        table.add_row(a.name, escape(str(a.value)), escape(a.note or ""))
    return table


def register(app: typer.Typer, name: str) -> None:
    app.command(name, help=show.__doc__, epilog="Example: coach show twitter --json")(show)
