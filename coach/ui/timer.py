"""The interview countdown as the terminal shows it.

The prompt's bottom toolbar calls `toolbar_text` every half second, so the
time left is live while the user types (a rich `Live` cannot share the
terminal with a prompt). Select and checkbox prompts refuse a toolbar: they
carry the time in their message instead (`with_time`).
"""

from __future__ import annotations

from coach.session.asking import Countdown

WARN_S = 60.0
KEYS = "Enter: submit · :e or Ctrl-X Ctrl-E: $EDITOR · Ctrl-C: save and quit"
REFRESH_S = 0.5


def clock_text(seconds: float) -> str:
    """`12:05`, `0:07`; an hour or more as `1:02:05`."""
    whole = int(max(0.0, seconds) + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status(countdown: Countdown) -> str:
    """`Deep dive: 4:12 left`, `... 0:45 left, wrap up`, or `... overtime +1:10`."""
    left = countdown.remaining()
    if left <= 0:
        return f"{countdown.label}: overtime +{clock_text(-left)}"
    if left <= WARN_S:
        return f"{countdown.label}: {clock_text(left)} left, wrap up"
    return f"{countdown.label}: {clock_text(left)} left"


def short_status(countdown: Countdown) -> str:
    """`4:12 left` or `+1:10 over`, for the right of the answer line."""
    left = countdown.remaining()
    return f"+{clock_text(-left)} over" if left <= 0 else f"{clock_text(left)} left"


def toolbar_text(countdown: Countdown | None, keys: str = KEYS) -> str:
    """The bottom line under a text prompt (must fit 80 columns)."""
    if countdown is None:
        return f" {keys}"
    return f" {status(countdown)} · :e: editor · Ctrl-C: save and quit"


def toolbar_style(countdown: Countdown | None) -> str:
    """A style class for the toolbar: urgent in the last minute and in overtime."""
    if countdown is not None and countdown.remaining() <= WARN_S:
        return "class:toolbar.urgent"
    return "class:toolbar"


def with_time(message: str, countdown: Countdown | None) -> str:
    """A choice prompt's message with the time left (it cannot have a toolbar)."""
    if countdown is None:
        return message
    return f"{message} [{short_status(countdown)}]"
