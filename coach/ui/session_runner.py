"""Running a session in the terminal: pick the prompt face, run, handle stops.

Shared by `coach practice`, `coach mock` and `coach resume`. The flow saves
after every answer; here Ctrl-C, Ctrl-D or a closed terminal become the line
"session N saved; `coach resume N` to go on" and exit code 130.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from coach.errors import ExitCode
from coach.session.asking import Asker, AskInterrupted, Clock, InputClosed
from coach.ui import console

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.session.events import View
    from coach.session.record import SessionRecord
    from coach.storage.sessions import SessionStore, SessionSummary

PLAIN_NOTICE = (
    "stdin is not a terminal: reading plain answers line by line, without a live countdown "
    "(use --answers FILE.yaml for a scripted run)"
)
DUMB_NOTICE = "TERM=dumb: plain line-by-line prompts, without a live countdown"

# The interview clock (monotonic seconds). One name, so a test driving coach in a
# pseudo-terminal can put a clock it moves by hand in its place.
CLOCK: Clock = time.monotonic


def saved_line(session_id: int | None) -> str:
    return f"session {session_id} saved; `coach resume {session_id}` to go on"


def _stopped_line(record: SessionRecord, fresh: bool) -> str:
    from coach.session.record import Status

    if fresh:
        return "stopped before the first answer"
    if record.status is Status.COMPLETED:  # stopped while reading the debrief
        return (
            f"session {record.id} is finished and saved: `coach resume {record.id}` shows it again"
        )
    return saved_line(record.id)


def unfinished_lines(waiting: list[SessionSummary], shown: int = 3) -> list[str]:
    """The reminder of sessions the user left, newest first: one line each, at most `shown`.

    It names what exists ("an unfinished session 1"), not what was just done: at the start
    of a new session nothing has been saved yet.
    """
    newest = sorted(waiting, key=lambda s: s.updated_at, reverse=True)
    lines = [
        f"you have an unfinished session {s.id} ({s.problem}, {s.mode}): `coach resume {s.id}`"
        for s in newest[:shown]
    ]
    if len(newest) > shown:
        lines.append(f"{len(newest) - shown} more unfinished: `coach history` lists them")
    return lines


def mention_unfinished(store: SessionStore) -> None:
    """Remind the user of sessions they left, before a new one starts."""
    for line in unfinished_lines(store.unfinished()):
        console.notice(line)


def terminal_asker() -> Asker:
    """questionary prompts on a terminal; plain lines when stdin or stdout is not one."""
    from coach.ui.prompts import PlainAsker, TerminalAsker

    def hint(text: str) -> None:
        from rich.padding import Padding

        body = text.lstrip(" ")  # a long hint wraps under its own first word, not at column 0
        indent = len(text) - len(body)
        console.out().print(Padding(f"[dim]{escape(body)}[/]", (0, 0, 0, indent), expand=False))

    def plain(text: str) -> None:
        console.out().print(escape(text), soft_wrap=True)

    if sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        return TerminalAsker(hint, no_color=console.out().no_color)
    dumb = sys.stdin.isatty() and sys.stdout.isatty()
    console.notice(DUMB_NOTICE if dumb else PLAIN_NOTICE)
    return PlainAsker(plain)


def offer_export(problem: Problem, record: SessionRecord, asker: Asker) -> None:
    """At the end of a session, offer the Markdown write-up in the current directory."""
    from datetime import datetime, timezone
    from pathlib import Path

    from coach.errors import CoachError
    from coach.export.writeup import Format, default_filename, write_writeup
    from coach.session.asking import Choice, ChoicePrompt
    from coach.session.record import Status

    if record.id is None or record.status is not Status.COMPLETED:
        return
    path = Path(default_filename(record, Format.MARKDOWN))
    prompt = ChoicePrompt(
        key="export",
        message="Export a Markdown write-up?",
        choices=(Choice("yes", f"Yes: write {path}"), Choice("no", "Not now")),
        multiple=False,
        min_count=1,
    )
    try:
        wanted = asker.choose(prompt).values == ("yes",)
    except (AskInterrupted, InputClosed):  # the session is complete and saved already
        wanted = False
    if not wanted:
        return
    try:
        write_writeup(record, problem, path, now=datetime.now(timezone.utc))
    except CoachError as exc:
        console.error(str(exc))
        return
    console.out().print(f"Wrote [bold]{escape(str(path))}[/]")


@contextmanager
def _hangup_saves() -> Iterator[None]:
    """A closed terminal (SIGHUP) stops the prompt like EOF does, so the flow saves."""
    if not hasattr(signal, "SIGHUP"):
        yield
        return

    def hung_up(_signum: int, _frame: object) -> None:
        raise InputClosed()

    previous = signal.signal(signal.SIGHUP, hung_up)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


def run_session(
    problem: Problem,
    record: SessionRecord,
    store: SessionStore,
    *,
    asker: Asker | None = None,
    view: View | None = None,
) -> SessionRecord:
    """Run the flow to its end; on a stop, say how to resume and exit 130."""
    from coach.session.flow import Flow
    from coach.ui.render_session import SessionView

    flow = Flow(
        problem,
        record,
        asker=asker or terminal_asker(),
        view=view or SessionView(console.out()),
        save=store.save,
        clock=CLOCK,
    )
    resumed = record.position is not None
    try:
        with _hangup_saves():
            finished = flow.run()
            offer_export(problem, finished, flow.asker)
            return finished
    except (AskInterrupted, InputClosed):
        fresh = record.answered_nothing and not resumed
        if fresh and record.id is not None:
            store.delete(record.id)  # stopped before the first answer: nothing to keep
        try:
            console.out().print()
            console.notice(_stopped_line(record, fresh))
        except OSError:  # the terminal is gone: the session is saved all the same
            pass
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
