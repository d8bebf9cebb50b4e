"""`coach estimate`: capacity figures with the working shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coach.commands.common import JsonFlag

if TYPE_CHECKING:
    from coach.estimate.model import Estimate

SUMMARY = "Back-of-the-envelope capacity figures, each with its derivation."
NARROW = 72  # columns below which the working goes under each figure


def _help() -> str:
    # Paragraphs are single lines (typer rewraps them); the lists keep one line per item.
    from coach.estimate.inputs import help_lines
    from coach.estimate.names import RESULT_NAMES
    from coach.estimate.presets import PRESETS

    presets = "\n".join(f"{p.name}: {p.description}" for p in PRESETS.values())
    return "\n\n".join(
        [
            SUMMARY,
            "Inputs come from the problem's capacity assumptions (when PROBLEM is given); "
            "--preset fills in any the problem lacks; --set NAME=VALUE (repeatable) overrides "
            "both. Values use coach calc's units: 500M/day, 10 KB, 5 years, 20%, 3x.",
            "Calendar: 1 month = 30 days, 1 year = 365 days, as interview guides count them; "
            "derivations that use them say so.",
            "Workload inputs:\n" + "\n".join(help_lines("workload")),
            "Capacity inputs (the baseline preset sets them):\n"
            + "\n".join(help_lines("capacity")),
            "Results, each only when its inputs are there: " + ", ".join(RESULT_NAMES) + ".",
            "Presets:\n" + presets,
            '--json prints {"inputs": ..., "results": {NAME: {"value", "unit", "display", '
            '"exact", "derivation"}}, "verdicts": ..., "notes": ...}; values are in base units: '
            "bytes, bytes/s, 1/s, seconds, or a plain count.",
        ]
    )


def estimate(
    problem: Annotated[
        str | None,
        typer.Argument(
            metavar="PROBLEM", help="A problem id whose capacity assumptions to start from."
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="NAME=VALUE", help="Set an input (repeatable)."),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option("--preset", metavar="NAME", help="Start from a named preset: baseline."),
    ] = None,
    json: JsonFlag = False,
) -> None:
    """Back-of-the-envelope capacity figures, each with its derivation."""
    from coach.commands import common
    from coach.errors import CoachError
    from coach.estimate.engine import estimate as run
    from coach.ui import console

    inputs: dict[str, str] = {}
    sources: dict[str, str] = {}
    if problem is not None:
        for name, text in common.problem(problem).capacity_inputs().items():
            inputs[name], sources[name] = text, f"problem {problem}"
    for item in set_ or []:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise CoachError(f"--set {item}: write NAME=VALUE, for example --set writes=500M/day")
        inputs[name.strip()], sources[name.strip()] = text.strip(), "--set"
    result = run(inputs, preset=preset, sources=sources)
    if not result.results:
        why = "; ".join(result.notes)
        raise CoachError(
            "nothing to estimate: give a PROBLEM, --preset baseline, or inputs such as "
            "--set writes=500M/day --set write_size=10KB" + (f" ({why})" if why else "")
        )
    if json:
        console.print_json(result.to_json())
        return
    _render(result, title=_title(problem, preset))


def _title(problem: str | None, preset: str | None) -> str:
    parts = [f"problem {problem}" if problem else "", f"preset {preset}" if preset else ""]
    named = " + ".join(p for p in parts if p)
    return f"Estimate ({named})" if named else "Estimate"


def _render(result: Estimate, title: str) -> None:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from coach.ui import console

    out = console.out()
    used = {s.source for r in result.results.values() for s in r.steps}
    assumptions = Table(
        title=f"{title}: assumptions", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False
    )
    for column in ("input", "value", "from"):
        assumptions.add_column(column)
    for name, value in result.inputs.items():
        if value.source != "default" or name in used:
            assumptions.add_row(name, value.text, value.source)
    out.print(assumptions)

    table = Table(
        title=f"{title}: figures", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False
    )
    # On a narrow terminal the working goes under each figure instead of beside it.
    beside = out.width >= NARROW
    table.add_column("figure", no_wrap=beside)
    table.add_column("≈", justify="right", no_wrap=True)
    table.add_column("exact", justify="right", no_wrap=True)
    if beside:
        table.add_column("working")
    blank = [""] * (len(table.columns) - 1)
    section = None
    for item in result.results.values():
        if item.section != section:
            if section is not None:
                table.add_section()
            section = item.section
            table.add_row(Text(section, style="bold"), *blank)
        working = item.derivation.rsplit(" = ", 1)[0] if " = " in item.derivation else ""
        if beside:
            table.add_row(f"  {item.title}", item.display, item.exact, working)
        else:
            table.add_row(f"  {item.title}", item.display, item.exact)
            table.add_row(Padding(Text(working, style="dim"), (0, 0, 0, 4)), "", "")
    out.print(table)
    if result.verdicts or result.notes:
        out.print()
    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column()
    for verdict in result.verdicts:
        mark, style = _MARKS[verdict.status]
        lines.add_row(Text(mark, style=style), f"{verdict.topic}: {verdict.text}")
    for note in result.notes:
        lines.add_row(Text("note", style="dim"), Text(note, style="dim"))
    out.print(lines)


# How each verdict status is marked: words, not only colour (NO_COLOR must still read).
_MARKS = {
    "ok": ("ok", "green"),
    "tight": ("TIGHT", "yellow"),
    "over": ("OVER", "bold red"),
    "info": ("info", "cyan"),
}


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help=_help(),
        short_help=SUMMARY,
        epilog="Example: coach estimate --set writes=500M/day --set write_size=10KB",
    )(estimate)
