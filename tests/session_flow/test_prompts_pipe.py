"""The terminal face, fed through prompt_toolkit's pipe input (no real terminal)."""

from __future__ import annotations

import io
import select
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.session.asking import (
    AskInterrupted,
    Choice,
    ChoicePrompt,
    Countdown,
    FakeClock,
    InputClosed,
    TextPrompt,
)
from coach.ui.prompts import PlainAsker, TerminalAsker

CHOICES = (Choice("cache", "Cache"), Choice("cdn", "CDN"), Choice("queue", "Queue"))
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def asker() -> TerminalAsker:
    return TerminalAsker(lambda text: None)


def test_text_and_checkbox(pipe, asker) -> None:
    pipe.send_text("users first" + ENTER + " " + DOWN + DOWN + " " + ENTER)
    assert asker.text(TextPrompt("q", "Ask")).text == "users first"
    picked = asker.choose(ChoicePrompt("c", "Pick", CHOICES))
    assert picked.values == ("cache", "queue") and not picked.timed_out


def test_default_text_is_kept_and_extended(pipe, asker) -> None:
    pipe.send_text(" and more" + ENTER)
    assert asker.text(TextPrompt("q", "Ask", default="some")).text == "some and more"


def test_checkbox_limits_are_enforced(pipe, asker) -> None:
    # Enter with nothing checked is refused (min 1); then check one and submit
    pipe.send_text(ENTER + " " + ENTER)
    picked = asker.choose(ChoicePrompt("t", "Topics", CHOICES, min_count=1, max_count=2))
    assert picked.values == ("cache",)


def test_single_choice(pipe, asker) -> None:
    pipe.send_text(DOWN + ENTER)
    prompt = ChoicePrompt("time_up", "Time is up", CHOICES[:2], multiple=False)
    assert asker.choose(prompt).values == ("cdn",)


def test_ctrl_c_is_an_interrupt_not_an_empty_answer(pipe, asker) -> None:
    pipe.send_text("half typed" + CTRL_C)
    with pytest.raises(AskInterrupted) as stopped:
        asker.text(TextPrompt("q", "Ask"))
    assert stopped.value.draft == "half typed"
    pipe.send_text(CTRL_C)
    with pytest.raises(AskInterrupted):
        asker.choose(ChoicePrompt("c", "Pick", CHOICES))


def test_closed_input_is_input_closed(pipe, asker) -> None:
    pipe.close()
    with pytest.raises(InputClosed):
        asker.text(TextPrompt("q", "Ask"))


def _once_read(pipe, then) -> None:
    """Call `then` once the prompt has read every key sent so far. The prompt
    handles keys in the same step that reads them, on the event loop that also
    checks the countdown, so no wall-clock wait decides the outcome."""

    def wait() -> None:
        while select.select([pipe.fileno()], [], [], 0)[0]:
            threading.Event().wait(0.01)
        then()

    threading.Thread(target=wait, daemon=True).start()


def test_countdown_cuts_a_text_answer_and_keeps_what_was_typed(pipe, asker) -> None:
    clock = FakeClock(0.0)
    countdown = Countdown(clock, 30.0, "Clarify")
    pipe.send_text("how many wri")
    _once_read(pipe, lambda: clock.advance(30.0))  # then the phase's time runs out
    reply = asker.text(TextPrompt("q", "Ask", countdown=countdown))
    assert reply.timed_out and reply.text == "how many wri"


def test_countdown_cuts_a_checkbox_and_keeps_the_ticks(pipe, asker) -> None:
    clock = FakeClock(0.0)
    countdown = Countdown(clock, 30.0, "High-level design")
    pipe.send_text(DOWN + " ")
    _once_read(pipe, lambda: clock.advance(30.0))
    picked = asker.choose(ChoicePrompt("c", "Pick", CHOICES, countdown=countdown))
    assert picked.timed_out and picked.values == ("cdn",)


def test_a_countdown_with_time_left_does_not_cut(pipe, asker) -> None:
    countdown = Countdown(FakeClock(0.0), 30.0, "Clarify")  # 30 s left on a clock that stands
    pipe.send_text("how many")
    _once_read(pipe, lambda: pipe.send_text(" writes" + ENTER))  # typed on, then sent
    reply = asker.text(TextPrompt("q", "Ask", countdown=countdown))
    assert reply.text == "how many writes" and not reply.timed_out


def test_an_unenforced_countdown_never_cuts(pipe, asker) -> None:
    pipe.send_text("late answer" + ENTER)
    countdown = Countdown(FakeClock(100.0), 95.0, "Clarify", enforce=False)  # 5 s over
    reply = asker.text(TextPrompt("q", "Ask", countdown=countdown))
    assert reply.text == "late answer" and not reply.timed_out


def test_colon_e_opens_the_editor(pipe, asker, tmp_path: Path, monkeypatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "old = open(path).read()\n"
        "open(path, 'w').write(old.rstrip() + '\\nline one\\nline two\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    pipe.send_text(" :e" + ENTER)
    reply = asker.text(TextPrompt("api", "Sketch the API", default="GET /x"))
    assert reply.text == "GET /x\nline one\nline two"


def test_hint_is_printed_above_the_prompt(pipe) -> None:
    printed: list[str] = []
    asker = TerminalAsker(printed.append)
    pipe.send_text("x" + ENTER)
    asker.text(TextPrompt("api", "Sketch the API", hint="endpoints"))
    assert printed == ["  endpoints"]


def test_plain_asker_reads_lines() -> None:
    printed: list[str] = []
    stream = io.StringIO("first answer\n2, queue\nbogus\n1\n")
    plain = PlainAsker(printed.append, stream)
    assert plain.text(TextPrompt("q", "Ask", hint="h")).text == "first answer"
    assert plain.choose(ChoicePrompt("c", "Pick", CHOICES)).values == ("cdn", "queue")
    single = plain.choose(ChoicePrompt("t", "One", CHOICES, multiple=False))
    assert single.values == ("cache",)
    assert "  ! unknown choice 'bogus'" in printed
    with pytest.raises(InputClosed):
        plain.text(TextPrompt("q", "Ask"))


def test_pasted_lines_stay_one_answer(pipe, asker) -> None:
    pipe.send_text("\x1b[200~first line\nsecond line\x1b[201~" + ENTER)
    assert asker.text(TextPrompt("q", "Ask")).text == "first line\nsecond line"
