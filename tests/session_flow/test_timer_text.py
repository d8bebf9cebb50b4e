"""The countdown's words, on a fake clock."""

from __future__ import annotations

import pytest

from coach.session.asking import Countdown, FakeClock
from coach.ui import timer


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (7.4, "0:07"), (65, "1:05"), (3725, "1:02:05"), (-3, "0:00")]
)
def test_clock_text(seconds: float, text: str) -> None:
    assert timer.clock_text(seconds) == text


def test_status_left_wrap_up_and_overtime() -> None:
    clock = FakeClock(0)
    countdown = Countdown(clock, ends_at=252, label="Deep dive")
    assert timer.status(countdown) == "Deep dive: 4:12 left"
    assert timer.short_status(countdown) == "4:12 left"
    clock.advance(207)
    assert timer.status(countdown) == "Deep dive: 0:45 left, wrap up"
    clock.advance(115)
    assert timer.status(countdown) == "Deep dive: overtime +1:10"
    assert timer.short_status(countdown) == "+1:10 over"
    assert timer.with_time("Pick", countdown) == "Pick [+1:10 over]"
    assert timer.with_time("Pick", None) == "Pick"


def test_toolbars_fit_80_columns() -> None:
    countdown = Countdown(FakeClock(0), ends_at=30, label="High-level design")
    assert len(timer.toolbar_text(countdown)) <= 80
    assert len(timer.toolbar_text(None)) <= 80
    assert "Ctrl-C" in timer.toolbar_text(None)


@pytest.mark.parametrize("width", [30, 40, 60, 80, 120])
@pytest.mark.parametrize("left", [3725, 252, 45, -70])
def test_a_toolbar_keeps_the_whole_time_at_any_width(width: int, left: float) -> None:
    countdown = Countdown(FakeClock(0), ends_at=left, label="Scaling")
    text = timer.toolbar_text(countdown, width)
    assert len(text) < width  # the last column stays free, so the line never wraps
    assert timer.status(countdown) in text
    if width >= 80:
        assert "Ctrl-C: save and quit" in text


def test_a_toolbar_without_a_countdown_drops_key_help_that_does_not_fit() -> None:
    assert timer.toolbar_text(None, 80).startswith(" Enter: submit · ")
    assert timer.toolbar_text(None, 30) == " Enter: submit"


def test_a_picker_message_reads_the_clock_each_time_it_is_drawn() -> None:
    clock = FakeClock(0)
    message = timer.LiveMessage("Pick the components", Countdown(clock, ends_at=80, label="HLD"))
    assert f" {message} " == " Pick the components [1:20 left] "  # as questionary draws it
    clock.advance(75)
    assert f"{message}" == "Pick the components [0:05 left]"
    clock.advance(10)
    assert str(message) == "Pick the components [+0:05 over]"


def test_wrap_up_follows_the_countdowns_own_threshold() -> None:
    clock = FakeClock(0)
    countdown = Countdown(clock, ends_at=80, label="HLD", warn_at=20)
    clock.advance(55)
    assert timer.status(countdown) == "HLD: 0:25 left"
    clock.advance(10)
    assert timer.status(countdown) == "HLD: 0:15 left, wrap up"
