"""Rendering the interview's events with rich, for an 80x24 terminal.

Nothing here prompts or keeps state: each event becomes a few lines, a rule
or a small table. Text the user or a spec wrote is escaped, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from coach.session import events as ev
from coach.session.diagram import draw
from coach.session.load_story import busiest, offered
from coach.session.simulation import p99, slo_met
from coach.ui import render_debrief
from coach.ui.render_bits import Column, answers_text, beside, bullet, heading, rows
from coach.ui.render_scorecard import render_scorecard
from coach.ui.timer import clock_text


class SessionView:
    """A `View` that prints each event to a rich console as it happens."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show(self, event: ev.Event) -> None:
        RENDERERS[type(event)](self.console, event)


def _session_started(con: Console, e: ev.SessionStarted) -> None:
    record, problem = e.record, e.problem
    where = f"session {record.id}" if record.id else "new session"
    heading(con, f"{problem.title} · {record.mode.value}", where)
    if e.resumed:
        con.print(f"Resuming at {escape(_position_title(record.position))}.")
    else:
        con.print(escape(problem.statement.strip()))
        con.print()
        if record.mode.value == "mock":
            minutes = record.minutes_total or 0
            con.print(
                f"[dim]Mock interview: {minutes:g} minutes, a countdown beside each answer, "
                "feedback only at the end.[/]"
            )
        else:
            con.print("[dim]Practice: after each phase, a reference answer and feedback.[/]")
    if not record.compact:
        con.print(
            "[dim]Enter submits · end an answer with :e for $EDITOR · Ctrl-C saves and quits[/]"
        )


def _position_title(position: str | None) -> str:
    if not position:
        return "the start"
    phase, _, step = position.partition("/")
    return f"{phase.replace('_', ' ')}: {step.replace('_', ' ').replace(':', ' ')}"


def _phase_started(con: Console, e: ev.PhaseStarted) -> None:
    budget = f"{e.budget_s / 60:.0f} min" if e.budget_s else ""
    if e.timed:
        budget = clock_text(e.budget_s)
    if e.timed and e.elapsed_s:
        budget = f"{clock_text(max(0.0, e.budget_s - e.elapsed_s))} left"
    con.print()
    heading(con, f"Phase {e.number}/4 · {e.phase.title}", budget)
    con.print(f"[dim]{escape(e.guidance)}[/]")


def _interviewer(con: Console, e: ev.InterviewerReplied) -> None:
    bullet(con, "[cyan]Interviewer:[/]", escape(e.qa.answer))


def _estimate(con: Console, e: ev.EstimateChecked) -> None:
    c = e.check
    mark = "[green]✓[/]" if c.within_tolerance else "[red]✗[/]"
    verdict = c.verdict or f"you {c.user_text}, the estimate {c.engine_display}"
    bullet(con, mark, f"{escape(c.title or c.name)}: {escape(verdict)}")
    if not c.within_tolerance:
        # the slip when the figures show one, else the user's figure beside each step
        steps = c.working or [*c.derivation.splitlines(), c.differing_step or ""]
        for line in [*steps, c.diagnosis or ""] if c.working else steps:
            if line:
                con.print(Padding(f"[dim]{escape(line)}[/]", (0, 0, 0, 4), expand=False))


def _design(con: Console, e: ev.DesignDrawn) -> None:
    con.print()
    ascii_only = not (con.encoding or "").lower().startswith("utf")
    con.print(Text(draw(e.design, e.side, ascii_only=ascii_only, width=con.width)))
    for note in e.notes:
        bullet(con, "", f"[dim]{escape(note)}[/]", indent=1)


SIMULATION_COLUMNS = (
    Column("run"),
    Column("load", stacked="load {}"),
    Column("p50 ms", "right", "p50 {} ms"),
    Column("p99 ms", "right", "p99 {} ms"),
    Column("failed", "right"),
    Column("SLO"),
    Column("busiest tier", stacked="busiest {}"),
)


def _simulation(con: Console, e: ev.SimulationShown) -> None:
    con.print()
    cells = []
    for run in e.runs:
        latency = run.report.get("latency_ms", {})
        cells.append(
            [
                escape(run.label),
                escape(offered(run)),
                _ms(latency.get("p50")),
                _ms(p99(run)),
                _failed(run.report),
                "[green]met[/]" if slo_met(run) else "[red]missed[/]",
                _busiest(run),
            ]
        )
    title = f"Simulation of your design (SLO: p99 ≤ {e.slo_p99_ms:g} ms)"
    rows(con, SIMULATION_COLUMNS, cells, title=title)
    if e.load:
        con.print(f"[dim]{escape(e.load)}[/]")
    con.print("[dim]busiest tier: its load at the run's worst moment[/]")
    for line in e.advice:
        bullet(con, "[yellow]→[/]", escape(line))


def _failed(report: dict[str, Any]) -> str:
    failed, total = report.get("failed") or 0, report.get("requests") or 0
    return f"{failed / total:.1%}" if failed and total else "0"


def _busiest(run: Any) -> str:
    return escape(busiest(run))


def _ms(value: Any) -> str:
    return "-" if value is None else f"{float(value):,.1f}"


def _curveball(con: Console, e: ev.CurveballSprung) -> None:
    con.print(
        Panel(
            escape(e.prompt),
            title="Curveball: the interviewer changes things",
            title_align="left",
            border_style="magenta",
        )
    )


def _warning(con: Console, e: ev.TimeWarning) -> None:
    con.print(f"[bold yellow]{clock_text(e.remaining_s)} left in this phase: start wrapping up.[/]")
    if con.is_terminal:  # the bell, where there is a terminal to ring it (not into a file)
        con.bell()


def _time_up(con: Console, e: ev.TimeUp) -> None:
    kept = "What you ticked is kept." if e.picking else "What you typed is kept."
    con.print(f"[bold red]Time is up for {escape(e.phase.title.lower())}.[/] {kept}")


def _notice(con: Console, e: ev.Notice) -> None:
    bullet(con, "", f"[yellow]{escape(e.text)}[/]", indent=1)


def _reviewed(con: Console, e: ev.PhaseReviewed) -> None:
    con.print()
    heading(con, f"Review · {e.phase.title}", f"{e.score:.0f}/100", style="")
    reference = escape(e.reference)
    beside(con, ("Your answer", answers_text(e.answers)), ("Reference answer", reference))
    fb = e.feedback
    for item in fb.covered:
        render_debrief.covered_line(con, item)
    for item in fb.missed:
        render_debrief.missed_line(con, item)
    for pitfall in fb.pitfalls:
        bullet(con, "[bold red]![/]", f"[bold]{escape(pitfall.title)}[/]: {escape(pitfall.why)}")
    if fb.unasked_topics:
        bullet(con, "[dim]?[/]", f"[dim]Not asked about: {escape(', '.join(fb.unasked_topics))}[/]")


def _scored(con: Console, e: ev.SessionScored) -> None:
    render_scorecard(con, e.problem, e.record, e.scorecard)


RENDERERS: dict[type, Callable[[Console, Any], None]] = {
    ev.SessionStarted: _session_started,
    ev.PhaseStarted: _phase_started,
    ev.InterviewerReplied: _interviewer,
    ev.EstimateChecked: _estimate,
    ev.DesignDrawn: _design,
    ev.SimulationShown: _simulation,
    ev.CurveballSprung: _curveball,
    ev.TimeWarning: _warning,
    ev.TimeUp: _time_up,
    ev.Notice: _notice,
    ev.PhaseReviewed: _reviewed,
    ev.PhaseDebriefed: lambda con, e: render_debrief.phase(con, e.debrief),
    ev.CurveballDebriefed: lambda con, e: render_debrief.curveball(con, e.debrief),
    ev.SessionScored: _scored,
}
