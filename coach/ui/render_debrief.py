"""The mock's debrief, rendered with rich: one page per phase, then the curveball.

Each page says what the time was against the budget, what the answers covered
(with the words that earned it) and missed (with why it matters), the figures
against the engine's, and the user's answers beside the reference answer.
A rubric item is shown by its hint, the sentence its author wrote for people,
never by its id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from coach.ui.render_bits import answers_text, beside, bullet, heading
from coach.ui.timer import clock_text

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.session.debrief import CurveballDebrief, PhaseDebrief, PhaseTime
    from coach.session.feedback import CoveredItem, MissedItem, Scorecard
    from coach.session.record import SessionRecord


def render_debrief(con: Console, problem: Problem, record: SessionRecord, card: Scorecard) -> None:
    """Every page at once (a finished mock shown again: nobody to pause for)."""
    from coach.session.debrief import curveball_debrief, phase_debriefs

    for page in phase_debriefs(problem, record, card):
        phase(con, page)
    verdict = curveball_debrief(problem, record, card)
    if verdict is not None:
        curveball(con, verdict)


def phase(con: Console, page: PhaseDebrief) -> None:
    fb = page.feedback
    con.print()
    heading(con, f"Debrief {page.number}/4 · {fb.title}", f"{fb.score:.0f}/100")
    con.print(time_line(page.time))
    _items(con, fb.covered, fb.missed)
    if page.estimates:
        con.print("[bold]Your figures[/]")
        for check in page.estimates:
            mark = "[green]✓[/]" if check.within_tolerance else "[red]✗[/]"
            verdict = check.verdict or f"you {check.user_text}, the estimate {check.engine_display}"
            bullet(con, mark, f"{escape(check.title or check.name)}: {escape(verdict)}")
    if fb.pitfalls:
        con.print("[bold]Pitfalls[/]")
        for pitfall in fb.pitfalls:
            bullet(con, "[red]![/]", f"{escape(pitfall.title)}: [dim]{escape(pitfall.why)}[/]")
    if fb.unasked_topics:
        bullet(con, "[dim]?[/]", f"[dim]Not asked about: {escape(', '.join(fb.unasked_topics))}[/]")
    con.print()
    beside(
        con,
        ("Your answer", answers_text(page.answers, page.topics)),
        ("Reference answer", escape(fb.reference_answer.strip())),
    )


def time_line(time: PhaseTime) -> str:
    """`Time: 1:10 of 1:20.`, `Time: 0:57 of 0:53, 0:04 over; the time ran out and you moved on.`"""
    text = f"Time: {clock_text(time.elapsed_s)} of {clock_text(time.budget_s)}"
    if time.overtime_s >= 1:
        text += f", [red]{clock_text(time.overtime_s)} over[/]"
    if time.cut_short:
        text += "; the time ran out and you moved on"
    elif time.timed_out:
        text += "; the time ran out and you kept going"
    return text + "."


def curveball(con: Console, page: CurveballDebrief) -> None:
    fb = page.feedback
    con.print()
    heading(con, f"Curveball · {page.verdict}", f"{fb.score:.0f}/100")
    con.print(f"[dim]In {escape(page.phase.title.lower())}: {escape(fb.prompt.strip())}[/]")
    answer = page.answer.strip()
    con.print(f"[bold]Your answer:[/] {escape(answer) if answer else '(no answer)'}")
    _items(con, fb.covered, fb.missed)
    if fb.adjustments:
        con.print("[bold]What a good answer changes[/]")
        for adjustment in fb.adjustments:
            bullet(con, "•", escape(adjustment))


def _items(con: Console, covered: list[CoveredItem], missed: list[MissedItem]) -> None:
    if covered:
        con.print("[bold]Covered[/]")
        for item in covered:
            covered_line(con, item)
    if missed:
        con.print("[bold]Missed[/]")
        for item in missed:
            missed_line(con, item)


_SAID = {"asked": "you asked", "figure": "your estimate"}


def covered_line(con: Console, item: CoveredItem) -> None:
    """An earned item with the user's words; a partial one says why only partly."""
    said = _SAID.get(item.how.value, "you said")
    quote = f" [dim]({said} “{escape(item.evidence)}”)[/]" if item.evidence else ""
    text = f"{escape(item_text(item))}{quote}"
    if item.verdict.value == "partial":
        more = item.note or "named, with little said about it"
        bullet(con, "[yellow]~[/]", f"{text}\n[dim]partly: {escape(more)}[/]")
    else:
        bullet(con, "[green]✓[/]", text)


def missed_line(con: Console, item: MissedItem) -> None:
    """A missed item and why it matters; a ruled-out one quotes the ruling out,
    an estimate says how far off it is."""
    why = f"\n[dim]why it matters: {escape(item.why)}[/]" if item.why else ""
    if item.verdict.value == "rejected":
        cost = f" ({escape(item.note)})" if item.note else ""
        ruled = f"\n[dim]you ruled it out: “{escape(item.evidence)}”{cost}[/]"
        bullet(con, "[red]✗[/]", f"{escape(item_text(item))}{ruled}{why}")
        return
    note = f"\n[dim]{escape(item.note)}[/]" if item.note else ""
    bullet(con, "[red]✗[/]", f"{escape(item_text(item))}{note}{why}")


def item_text(item: CoveredItem | MissedItem) -> str:
    """A rubric item in words: its hint (the title is made from the id, and an id such as
    `nye-backoff` means nothing on screen)."""
    return item.hint.strip() or item.title
