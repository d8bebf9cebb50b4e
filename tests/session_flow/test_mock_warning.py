"""The wrap-up warning: once per phase, before a prompt or while one is open, a minute
before the end (a quarter of a short phase)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from coach.phases import Phase
from coach.session import events as ev
from coach.session.asking import (
    Countdown,
    FakeClock,
    Reply,
    ScriptedAsker,
    TextPrompt,
    Timeout,
    Wait,
)
from coach.session.flow import MOVE_ON, warn_at
from coach.session.record import Mode

REST_AFTER_CLARIFY = [[], "api", "data", "flow", ["ordering"], "sequence numbers"]
SCALING = ["edit events and a version per message", "bottlenecks", "tradeoffs", "monitoring"]


@pytest.mark.parametrize(
    ("budget", "warns_at"), [(2700, 60), (240, 60), (120, 30), (80, 20), (53, 13.25)]
)
def test_a_minute_before_the_end_or_a_quarter_of_a_short_phase(budget: float, warns_at: float):
    assert warn_at(budget) == warns_at


def test_warning_is_due_only_inside_the_window_and_only_when_wanted() -> None:
    clock = FakeClock(0)
    shown: list[str] = []
    countdown = Countdown(clock, 100, "Clarify", warn_at=60, on_warning=lambda: shown.append("!"))
    assert not countdown.warning_due() and not countdown.urgent
    clock.advance(45)
    assert countdown.warning_due() and countdown.urgent
    clock.advance(60)
    assert not countdown.warning_due() and countdown.urgent  # the time is up: no "wrap up"
    assert not Countdown(FakeClock(50), 100, "Clarify", warn_at=60).warning_due()


@dataclass
class WarnsWhileOpen(ScriptedAsker):
    """Like the terminal: time passes while the prompt is open and the prompt warns itself."""

    open_for: list[float] = field(default_factory=list)

    def text(self, prompt: TextPrompt) -> Reply:
        seconds = self.open_for.pop(0) if self.open_for else 0.0
        countdown = prompt.countdown
        if countdown is not None and self.clock is not None:
            self.clock.advance(seconds)
            if countdown.warning_due() and countdown.on_warning is not None:
                countdown.on_warning()
        return super().text(prompt)


def test_an_open_prompt_warns_once_and_later_prompts_do_not_again(start, chat) -> None:
    clarify = ["How many users?", "", "reqs", "", "", "", ""]
    run = start([*clarify, *REST_AFTER_CLARIFY, *SCALING], mode=Mode.MOCK, minutes=24)
    clock = run.clock
    # clarify has 240 s: the first question stays open 200 s, crossing the 60 s mark
    run.flow.asker = WarnsWhileOpen(run.asker.entries, clock=clock, open_for=[200, 1, 1])
    run.flow.run()
    warnings = run.flow.view.of(ev.TimeWarning)
    assert [w.phase for w in warnings] == [Phase.CLARIFY]
    assert warnings[0].remaining_s == pytest.approx(40.0)
    prompts = run.flow.asker.asked
    assert prompts[0].countdown.on_warning is not None
    later = [p for p in prompts[1:] if p.countdown is not None and p.key != "components"]
    clarify_later = [p for p in later if p.countdown.label == "Clarify"]
    assert clarify_later and all(p.countdown.on_warning is None for p in clarify_later)


def test_a_phase_entered_inside_its_window_warns_at_the_first_prompt(start) -> None:
    # resumed with 30 s of the clarify phase left: the warning comes before the first prompt
    clarify = ["How many users?", "", "reqs", "", "", "", ""]
    run = start([*clarify, *REST_AFTER_CLARIFY, *SCALING], mode=Mode.MOCK, minutes=24)
    run.flow.record.phase(Phase.CLARIFY).elapsed_s = 210.0
    run.flow.record.position = "clarify/questions"
    run.flow.run()
    [first, *_] = run.view.of(ev.TimeWarning)
    assert first.phase is Phase.CLARIFY and first.remaining_s == pytest.approx(30.0)
    assert run.asker.asked[0].countdown.on_warning is None  # already shown: not again


def test_a_phase_whose_time_is_up_on_resume_does_not_warn(start) -> None:
    clarify = [Wait(0), "", "reqs", "", "", "", ""]
    run = start([*clarify, *REST_AFTER_CLARIFY, *SCALING], mode=Mode.MOCK, minutes=24)
    run.flow.record.phase(Phase.CLARIFY).elapsed_s = 250.0
    run.flow.record.position = "clarify/questions"
    run.flow.run()
    assert Phase.CLARIFY not in [w.phase for w in run.view.of(ev.TimeWarning)]


def test_time_up_in_a_picker_says_the_ticks_are_kept(start) -> None:
    clarify = ["", "reqs", "", "", "", ""]
    picker_runs_out = [Wait(300), Timeout(), MOVE_ON]
    run = start(
        [*clarify, *picker_runs_out, ["ordering"], "seq", *SCALING], mode=Mode.MOCK, minutes=24
    )
    run.flow.run()
    [up] = run.view.of(ev.TimeUp)
    assert up.phase is Phase.HIGH_LEVEL and up.picking
