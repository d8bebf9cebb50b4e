"""The terminal faces of the `Asker`: questionary prompts, or plain lines.

This is the only module that imports questionary. Every prompt runs with
`unsafe_ask` so Ctrl-C is never mistaken for an empty answer: it becomes
`AskInterrupted`, and EOF (a closed terminal, Ctrl-D) becomes `InputClosed`;
the caller saves and says how to resume. A timed prompt shows the countdown
in its bottom toolbar and is cut when the phase's time runs out, keeping
what was typed so far.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from coach.session.asking import (
    AskInterrupted,
    ChoicePrompt,
    Choices,
    Countdown,
    InputClosed,
    Reply,
    TextPrompt,
)
from coach.ui import timer

EDIT_COMMANDS = (":e", ":edit")
Printer = Callable[[str], None]


@dataclass(frozen=True)
class _Cut:
    """What the prompt held when the phase's time ran out."""

    value: Any


def _style() -> Any:
    from questionary import Style

    return Style([("bottom-toolbar", "noreverse"), ("toolbar-urgent", "bold")])


def _columns() -> int:
    from prompt_toolkit.application import get_app

    return int(get_app().output.get_size().columns)


def _toolbar(countdown: Countdown | None) -> Callable[[], list[tuple[str, str]]]:
    def render() -> list[tuple[str, str]]:
        urgent = countdown is not None and countdown.urgent
        text = timer.toolbar_text(countdown, _columns())
        return [("class:toolbar-urgent" if urgent else "", text)]

    return render


def _right(countdown: Countdown | None) -> Callable[[], list[tuple[str, str]]] | None:
    """The time left at the right of the answer line (shown even where the terminal
    cannot report the cursor position, which the bottom toolbar needs)."""
    if countdown is None:
        return None

    def render() -> list[tuple[str, str]]:
        style = "class:toolbar-urgent" if countdown.urgent else ""
        return [(style, timer.short_status(countdown))]

    return render


def _run(question: Any, countdown: Countdown | None, snapshot: Callable[[Any], Any]) -> Any:
    """Ask; warn and cut as the countdown says (a cut returns `_Cut`); map Ctrl-C and EOF."""
    app = question.application
    if countdown is not None:
        app.pre_run_callables.append(
            lambda: app.create_background_task(_watch(app, countdown, snapshot))
        )
    try:
        return question.unsafe_ask()
    except KeyboardInterrupt:
        raise AskInterrupted(_typed(app)) from None
    except (EOFError, InputClosed, OSError):  # OSError: the terminal went away mid-prompt
        raise InputClosed(_typed(app)) from None


async def _watch(app: Any, countdown: Countdown, snapshot: Callable[[Any], Any]) -> None:
    """While the prompt is open: warn once when the time crosses `warn_at` (a line above
    the prompt, which stays as it was), and end the prompt when the time is up.

    The countdown's clock is read on every round rather than trusted to a single
    sleep, so an injected clock drives this as it drives the flow.
    """
    from prompt_toolkit.application import run_in_terminal

    warned = False
    while app.is_running and not app.is_done:
        if not warned and countdown.warning_due() and countdown.on_warning is not None:
            warned = True
            await run_in_terminal(countdown.on_warning)
        left = countdown.remaining()
        if countdown.enforce and left <= 0:
            app.exit(result=_Cut(snapshot(app)))
            return
        pause = min(timer.REFRESH_S, left) if countdown.enforce else timer.REFRESH_S
        await asyncio.sleep(max(0.01, pause))


def _fitting(head: str, instruction: str) -> str:
    """The key help after a picker's question, or on a line of its own where the
    whole would wrap (in the middle of a word)."""
    import shutil

    columns = shutil.get_terminal_size().columns
    return instruction if len(head) + len(instruction) < columns else f"\n  {instruction}"


def _typed(app: Any) -> str:
    """What a text prompt held when it stopped (a choice prompt's buffer is empty)."""
    return str(app.current_buffer.text)


def _before_edit_command(text: str) -> str | None:
    """The text typed before a trailing `:e` (open the editor), or None without one."""
    stripped = text.rstrip()
    for command in EDIT_COMMANDS:
        head = stripped[: -len(command)]
        if stripped.endswith(command) and (not head or head[-1].isspace()):
            return head.rstrip()
    return None


def _buffer_text(app: Any) -> str:
    return str(app.current_buffer.text)


def _checked(app: Any) -> list[str]:
    from questionary.prompts.common import InquirerControl

    for control in app.layout.find_all_controls():
        if isinstance(control, InquirerControl):
            return list(control.selected_options)
    return []


class TerminalAsker:
    """questionary prompts in a real terminal."""

    compact = False

    def __init__(self, printer: Printer, *, no_color: bool = False) -> None:
        self._print = printer  # prints a line of hint text above a prompt
        self._extra: dict[str, Any] = {}
        if no_color:  # --no-color: prompt_toolkit itself only reads NO_COLOR
            from prompt_toolkit.output import ColorDepth

            self._extra["color_depth"] = ColorDepth.DEPTH_1_BIT

    def text(self, prompt: TextPrompt) -> Reply:
        import questionary

        default, edit = prompt.default, False
        while True:
            if prompt.hint and not edit:
                self._print(f"  {prompt.hint}")
            question = questionary.text(
                prompt.message,
                default=default,
                style=_style(),
                bottom_toolbar=_toolbar(prompt.countdown),
                rprompt=_right(prompt.countdown),
                refresh_interval=timer.REFRESH_S if prompt.countdown else None,
                enable_open_in_editor=True,
                **self._extra,
            )
            if edit:  # ':e' was typed: open the editor at once, submit what it saves
                buffer = question.application.current_buffer
                question.application.pre_run_callables.append(
                    lambda b=buffer: b.open_in_editor(validate_and_handle=True)
                )
            result = _run(question, prompt.countdown, _buffer_text)
            if isinstance(result, _Cut):
                return Reply(str(result.value), timed_out=True)
            text = str(result or "")
            before = _before_edit_command(text)
            if before is not None and not edit:
                default, edit = before, True
                continue
            return Reply(text)

    def choose(self, prompt: ChoicePrompt) -> Choices:
        import questionary

        message: Any = prompt.message
        live: dict[str, Any] = {}
        if prompt.countdown is not None:  # pickers cannot have a toolbar: the time is in the
            message = timer.LiveMessage(prompt.message, prompt.countdown)  # message, redrawn
            live["refresh_interval"] = timer.REFRESH_S
        if not prompt.multiple:
            question = questionary.select(
                message,
                choices=[questionary.Choice(c.title, c.value) for c in prompt.choices],
                style=_style(),
                instruction="(arrows, Enter)",
                **live,
                **self._extra,
            )
            result = _run(question, prompt.countdown, lambda app: [])
            values = [] if isinstance(result, _Cut) else [result]
            return Choices(tuple(values), timed_out=isinstance(result, _Cut))
        question = questionary.checkbox(
            message,
            choices=[
                questionary.Choice(c.title, c.value, checked=c.checked) for c in prompt.choices
            ],
            style=_style(),
            instruction=_fitting(f"? {message} ", "(Space: toggle, Enter: done)"),
            validate=lambda values: prompt.problem_with(values) or True,
            **live,
            **self._extra,
        )
        result = _run(question, prompt.countdown, _checked)
        if isinstance(result, _Cut):
            return Choices(tuple(result.value), timed_out=True)
        return Choices(tuple(result or ()))

    def figures(self, suggested: Sequence[str]) -> list[str]:
        return list(suggested)

    def pause(self) -> None:
        import questionary

        question = questionary.press_any_key_to_continue("Press any key to go on...", **self._extra)
        _run(question, None, _buffer_text)


class PlainAsker:
    """Line-by-line prompts for when stdin is not a terminal (a pipe or a file).

    No countdown can cut a blocking read, so timed phases only show the time
    left in each prompt; overtime is still recorded.
    """

    compact = False

    def __init__(self, printer: Printer, stream: TextIO | None = None) -> None:
        self._print = printer
        self._stream = stream or sys.stdin

    def _line(self, prompt: str) -> str:
        self._print(prompt)
        try:
            line = self._stream.readline()
        except KeyboardInterrupt:
            raise AskInterrupted from None
        if not line:
            raise InputClosed
        return line.rstrip("\r\n")

    def text(self, prompt: TextPrompt) -> Reply:
        hint = f" ({prompt.hint})" if prompt.hint else ""
        return Reply(self._line(f"? {timer.with_time(prompt.message, prompt.countdown)}{hint}"))

    def choose(self, prompt: ChoicePrompt) -> Choices:
        self._print(f"? {timer.with_time(prompt.message, prompt.countdown)}")
        for number, choice in enumerate(prompt.choices, 1):
            self._print(f"  {number:>2}. {choice.title} [{choice.value}]")
        while True:
            line = self._line("  numbers or ids, separated by commas (empty: none):")
            values = _pick(line, prompt)
            problem = prompt.problem_with(values)
            if problem is None:
                return Choices(tuple(values))
            self._print(f"  ! {problem}")

    def figures(self, suggested: Sequence[str]) -> list[str]:
        return list(suggested)

    def pause(self) -> None:
        return None


def _pick(line: str, prompt: ChoicePrompt) -> list[str]:
    values = []
    for word in line.replace(",", " ").split():
        if word.isdigit() and 1 <= int(word) <= len(prompt.choices):
            values.append(prompt.choices[int(word) - 1].value)
        else:
            values.append(word)
    return list(dict.fromkeys(values))
