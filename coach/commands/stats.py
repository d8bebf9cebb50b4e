"""`coach stats`: sessions and drills over time, weakest areas, what to practise next."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from coach.commands import common

if TYPE_CHECKING:
    from rich.console import Console

    from coach.drill.record import DrillRecord
    from coach.session.record import SessionRecord
    from coach.stats.report import StatsReport

BLOCKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 20
ACTIVITY_DAYS = 14


def stats(json_output: common.JsonFlag = False) -> None:
    """Progress over time: scores per phase, drills, weakest areas, a next problem."""
    from datetime import date

    from coach.stats.report import build_report
    from coach.ui import console

    sessions, drills, damaged = _history()
    problems = common.bank().problems
    report = build_report(sessions, drills, problems, date.today())
    for message in damaged:
        console.notice(message)
    if json_output:
        console.print_json(report.to_json())
        return
    render(console.out(), report)


def _history() -> tuple[list[SessionRecord], list[DrillRecord], list[str]]:
    """Every readable session and drill, and a line for each unreadable one."""
    from coach.errors import CoachError
    from coach.storage.drills import DrillStore
    from coach.storage.sessions import SessionStore

    damaged: list[str] = []
    with SessionStore.open() as store:
        sessions = []
        for summary in store.summaries():
            try:
                sessions.append(store.load(summary.id))
            except CoachError as exc:
                damaged.append(f"skipped: {exc.message}")
    with DrillStore.open() as drill_store:
        drills, bad = drill_store.load_all()
    damaged += [f"skipped: drill {i} is damaged and cannot be read" for i in bad]
    return sessions, drills, damaged


def sparkline(values: list[float], top: float | None = None) -> str:
    """One block per value, scaled to `top` (default: the largest value)."""
    if not values:
        return ""
    top = top if top is not None else max(values)
    if top <= 0:
        return BLOCKS[0] * len(values)
    steps = len(BLOCKS) - 1
    return "".join(BLOCKS[round(min(max(v, 0.0), top) / top * steps)] for v in values)


def bar(score: float | None, width: int = BAR_WIDTH) -> str:
    """A 0-100 score as a bar of `width` cells."""
    if score is None:
        return "·" * width
    filled = round(max(0.0, min(score, 100.0)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def render(c: Console, report: StatsReport) -> None:
    if report.empty:
        _first_run(c, report)
        return
    _overview(c, report)
    _activity(c, report)
    _phases(c, report)
    _drill_kinds(c, report)
    _missed(c, report)
    _weakest(c, report)
    _recommendation(c, report)


def _first_run(c: Console, report: StatsReport) -> None:
    c.print("[bold]No practice recorded yet[/]: stats fill in as you go.")
    c.print("  Five minutes free?  [bold]coach drill[/]")
    rec = report.recommendation
    if rec is not None:
        c.print(
            f"  A first interview?  [bold]coach practice {rec.problem}[/]"
            f" ({rec.title}, {rec.difficulty})"
        )


def _overview(c: Console, report: StatsReport) -> None:
    s, d = report.sessions, report.drills
    c.print(f"[bold]Progress[/] to {report.today.isoformat()}")
    if s.count:
        average = (
            f"average {s.average_score:.0f}" if s.average_score is not None else "not scored yet"
        )
        trend = sparkline([p.score for p in s.scores[-20:]], top=100)
        c.print(
            f"  Sessions  {s.count} ({s.completed} completed, {s.in_progress} in progress)"
            f" · {average}" + (f" · {trend}" if trend else "")
        )
    else:
        c.print("  Sessions  none yet: try [bold]coach practice[/]")
    if d.count:
        trend = sparkline([p.score for p in d.scores[-20:]], top=100)
        c.print(
            f"  Drills    {d.count} ({d.answers} answers) · average {d.average_score:.0f}%"
            f" · {trend} · best run {d.best_run} · {_streak(d.day_streak)}"
        )
    else:
        c.print("  Drills    none yet: try [bold]coach drill[/]")


def _streak(days: int) -> str:
    return "no streak today" if days == 0 else f"{days}-day streak"


def _activity(c: Console, report: StatsReport) -> None:
    from datetime import timedelta

    counts: dict[str, float] = {}
    for day in (*report.sessions.by_day, *report.drills.by_day):
        counts[day.day.isoformat()] = counts.get(day.day.isoformat(), 0) + day.count
    days = [report.today - timedelta(days=n) for n in range(ACTIVITY_DAYS - 1, -1, -1)]
    values = [counts.get(day.isoformat(), 0.0) for day in days]
    line = sparkline(values) if any(values) else "·" * ACTIVITY_DAYS
    c.print(
        f"  Activity  {line}  last {ACTIVITY_DAYS} days, {int(sum(values))} sessions and drills"
    )


def _phases(c: Console, report: StatsReport) -> None:
    if not any(p.sessions for p in report.sessions.phases):
        return
    from rich.table import Table

    table = Table(title="Average score per phase", title_justify="left", box=None, pad_edge=False)
    table.add_column("phase")
    table.add_column("", no_wrap=True)
    table.add_column("avg", justify="right")
    table.add_column("n", justify="right")
    for p in report.sessions.phases:
        shown = f"{p.average:.0f}" if p.average is not None else "-"
        table.add_row(p.phase.title, bar(p.average), shown, str(p.sessions))
    c.print()
    c.print(table)


def _drill_kinds(c: Console, report: StatsReport) -> None:
    if not report.drills.by_kind:
        return
    from rich.table import Table

    table = Table(
        title="Drills by kind (weakest first)", title_justify="left", box=None, pad_edge=False
    )
    table.add_column("kind")
    table.add_column("", no_wrap=True)
    for header in ("score", "answers", "beyond 2x"):
        table.add_column(header, justify="right")
    for k in report.drills.by_kind:
        shown = f"{k.score:.0f}%" if k.score is not None else "-"
        table.add_row(k.kind, bar(k.score), shown, str(k.answered), str(k.missed))
    c.print()
    c.print(table)


def _missed(c: Console, report: StatsReport) -> None:
    items = report.sessions.missed_items[:5]
    templates = report.drills.most_missed[:3]
    if not items and not templates:
        return
    from rich.markup import escape

    rows = [
        f"{escape(item.title or item.id)} [dim]({item.phase.value})[/]:"
        f" missed {item.missed} of {item.seen}"
        f" [dim]· {escape(', '.join(item.problems))}[/]"
        for item in items
    ]
    rows += [f"drill {escape(t.template)}: {t.missed} of {t.answered} beyond 2x" for t in templates]
    _bullets(c, "[bold]Missed most often[/]", rows)


def _bullets(c: Console, heading: str, rows: list[str]) -> None:
    """A heading and bullet lines that wrap under their own text, not under the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for row in rows:
        grid.add_row(" •", row)
    c.print()
    c.print(heading)
    c.print(grid)


def _weakest(c: Console, report: StatsReport) -> None:
    if not report.weakest:
        return
    from rich.markup import escape

    rows = [
        f"[bold]{escape(area.title)}[/] [dim]— {escape(area.detail)}[/]" for area in report.weakest
    ]
    _bullets(c, "[bold]Weakest areas[/]", rows)


def _recommendation(c: Console, report: StatsReport) -> None:
    rec = report.recommendation
    if rec is None:
        return
    from rich.markup import escape

    heading = (
        f"[bold]Next: coach practice {rec.problem}[/]"
        f"\n  [dim]{escape(rec.title)} · {rec.difficulty}[/]"
    )
    _bullets(c, heading, [escape(reason) for reason in rec.reasons])
    if rec.drill:
        c.print(f"[bold]Warm-up: coach drill {rec.drill}[/] [dim](your weakest drill kind)[/]")


def register(app: typer.Typer, name: str) -> None:
    app.command(name, help=stats.__doc__, epilog="Example: coach stats --json")(stats)
