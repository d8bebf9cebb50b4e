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
