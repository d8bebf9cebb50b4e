"""The drill's terminal face: reads answers from stdin, shows feedback with rich.

This is the one drill module that touches the terminal. Answers are read with plain
`input()` on a terminal (line editing, Ctrl-C) and line by line from a pipe (with the
answer echoed, so a transcript reads like a session); the end of input is EOFError.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coach.drill.answers import UnreadableAnswer
from coach.drill.question import ChoiceAnswer, Question
from coach.drill.record import DrillAnswer, DrillRecord
from coach.drill.scoring import Band
from coach.drill.summary import BandCounts, DrillSummary
from coach.estimate.quantity import format_number

if TYPE_CHECKING:
    from rich.console import Console

BAND_STYLE = {
    Band.EXACT: "bold green",
    Band.WITHIN_2X: "green",
    Band.WITHIN_10X: "yellow",
    Band.OFF: "red",
}


class TerminalAsker:
    """Prompts on `console`; reads stdin."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def ask(self, prompt: str) -> str:
        interactive = sys.stdin.isatty()
        if interactive and self._console.file is sys.stdout:
            return input(prompt)
        self._console.print(prompt, end="", markup=False, highlight=False)
        self._console.file.flush()
        if interactive:
            return input()
        line = sys.stdin.readline()
        if not line:
            self._console.print()
            raise EOFError
        line = line.rstrip("\r\n")
        self._console.print(line, markup=False, highlight=False)
        return line


class TerminalView:
    """Shows each question, each slip and each graded answer."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def question(self, number: int, total: int, question: Question) -> None:
        from rich.markup import escape

        c = self._console
        c.print()
        c.print(f"[bold]Question {number} of {total}[/] [dim]· {question.kind.value}[/]")
        c.print(escape(question.text))

    def unreadable(self, error: UnreadableAnswer) -> None:
        from rich.text import Text

        self._console.print(Text(error.message, style="yellow"))
        if error.detail:
            self._indented(Text(f"({error.detail})", style="dim"), 2)

    def answered(self, answer: DrillAnswer, question: Question) -> None:
        from rich.text import Text

        line = Text()
        line.append(answer.band.label, style=BAND_STYLE[answer.band])
        line.append(f" {_verdict(answer, question)}  ")
        line.append(f"+{answer.points}", style="bold")
        self._indented(line, 2)
        for step in answer.derivation:
            self._indented(Text(step, style="dim"), 4)
        if answer.check:
            self._indented(Text(f'check: coach calc "{answer.check}"', style="dim"), 4)

    def _indented(self, text: object, left: int) -> None:
        """Print with a left margin that wrapped lines keep too."""
        from rich.padding import Padding

        self._console.print(Padding(text, (0, 0, 0, left), expand=False))  # type: ignore[arg-type]


def _verdict(answer: DrillAnswer, question: Question) -> str:
    if isinstance(question.answer, ChoiceAnswer):
        if answer.band is Band.EXACT:
            return f"— {question.expected_display}"
        return f"— the answer is {question.expected_display}"
    if answer.ratio is None:
        return f"— expected {answer.expected_display}; {answer.answer} cannot be compared"
    direction = "high" if (answer.answer_value or 0) > (answer.expected_value or 0) else "low"
    if answer.ratio < 1.005:
        return f"— {answer.expected_display}"
    times = f"{answer.ratio:.2f}" if answer.ratio < 10 else format_number(answer.ratio, 2)
    return f"— expected {answer.expected_display}; {answer.answer} is {times}x {direction}"


def render_summary(console: Console, record: DrillRecord, summary: DrillSummary) -> None:
    """The end-of-drill table, streaks, and how to replay the same questions."""
    from rich.table import Table

    c = console
    c.print()
    if not summary.answered:
        c.print("No answers given, so nothing was saved.")
        return
    table = Table(title=f"Drill summary · {record.kind}", title_justify="left", box=None)
    table.add_column("kind")
    for header in ("answered", "exact", "2x", "10x", "off", "score"):
        table.add_column(header, justify="right")
    for kind in summary.by_kind:
        table.add_row(kind.kind, *_counts(kind.answered, kind.bands, kind.score))
    if len(summary.by_kind) > 1:
        table.add_row("[bold]all[/]", *_counts(summary.answered, summary.bands, summary.score))
    c.print(table)
    c.print(
        f"Score [bold]{summary.score:.0f}%[/] ({summary.points} of {3 * summary.answered} points)"
        f" · best run: {summary.best_run} in a row within 2x"
        f" · {_days(summary.day_streak)}"
    )
    if summary.answered < summary.planned:
        c.print(f"[dim]Answered {summary.answered} of {summary.planned} questions.[/]")
    c.print(
        f"[dim]Same questions again: coach drill {record.kind} --count {record.count}"
        f" --seed {record.seed}[/]"
    )


def _counts(answered: int, bands: BandCounts, score: float | None) -> list[str]:
    shown = f"{score:.0f}%" if score is not None else "-"
    return [str(answered), *(str(bands.get(b)) for b in Band), shown]


def _days(streak: int) -> str:
    if streak <= 1:
        return "practised today" if streak == 1 else "no day streak yet"
    return f"{streak}-day streak"
