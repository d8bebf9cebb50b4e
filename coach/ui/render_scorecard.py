"""The end-of-session scorecard, rendered with rich (fits 80 columns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from coach.session.record import Mode
from coach.ui.render_bits import bullet, heading
from coach.ui.timer import clock_text

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.session.feedback import Scorecard
    from coach.session.record import SessionRecord


def render_scorecard(
    con: Console, problem: Problem, record: SessionRecord, card: Scorecard
) -> None:
    mock = record.mode is Mode.MOCK
    con.print()
    heading(con, f"Scorecard · {problem.title}", f"{card.score:.0f}/100")
    table = Table(expand=False, pad_edge=False, box=None, padding=(0, 2, 0, 0))
    table.add_column("phase")  # the words wrap; the figures never do
    table.add_column("score", justify="right", no_wrap=True)
    if mock:
        table.add_column("time / budget", justify="right", no_wrap=True)
    for fb in card.phases:
        row = [escape(fb.title), f"{fb.score:.0f}"]
        if mock:
            row.append(_time(record, fb.phase))
        table.add_row(*row)
    if card.curveball is not None:
        table.add_row(
            "Curveball",
            f"{card.curveball.score:.0f}",
            *([""] if mock else []),
        )
    if mock and card.time_score is not None:
        table.add_row("Time management", f"{card.time_score:.0f}", _total_time(record))
    con.print(Padding(table, (0, 0, 0, 2), expand=False))
    if card.later_credit:
        con.print(Padding(f"[dim]{escape(card.later_credit)}[/]", (0, 0, 0, 2)))
    if card.strengths:
        con.print("[bold]Strengths[/]")
        for strength in card.strengths:
            bullet(con, "[green]✓[/]", escape(strength))
    if card.study:
        con.print("[bold]Study next[/]")
        for number, item in enumerate(card.study, 1):
            link = f"read: {item.url}" if item.url else no_reading(problem.id)
            # the hint says it in full; the title is made from the rubric id
            # fold, not cut: a link shortened with "…" cannot be followed
            text = f"{escape(item.why or item.title)}\n[dim]{escape(link)}[/]"
            bullet(con, f"{number}.", Text.from_markup(text, overflow="fold"))
    if card.pitfalls:
        con.print("[bold]Pitfalls[/]")
        for pitfall in card.pitfalls:
            bullet(con, "[red]![/]", f"{escape(pitfall.title)}: [dim]{escape(pitfall.why)}[/]")
    if record.id is not None:
        con.print(f"\nExport a Markdown write-up: [bold]coach export {record.id}[/]")


def no_reading(problem_id: str) -> str:
    """What a study item without a matching link says (the list is never silent)."""
    return f"no further reading on this one (coach show {problem_id} lists the problem's)"


def _total_time(record: SessionRecord) -> str:
    spent = sum(p.elapsed_s for p in record.phases.values())
    budget = sum(p.budget_s for p in record.phases.values())
    return f"{clock_text(spent)} / {clock_text(budget)}"


def _time(record: SessionRecord, phase: object) -> str:
    current = record.phases.get(phase)  # type: ignore[call-overload]
    if current is None:
        return "-"
    text = f"{clock_text(current.elapsed_s)} / {clock_text(current.budget_s)}"
    if current.overtime_s >= 1:
        text += f" [red]+{clock_text(current.overtime_s)}[/]"
    if current.cut_short:
        text += " [dim](cut)[/]"
    return text
