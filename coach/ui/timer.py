"""The interview countdown as the terminal shows it.

The prompt's bottom toolbar calls `toolbar_text` every half second, so the
time left is live while the user types (a rich `Live` cannot share the
terminal with a prompt). Select and checkbox prompts refuse a toolbar: they
carry the time in their message instead (`with_time`), redrawn as often.
Every line here keeps the time whole at any width: what gives way is the
key help, never the figure.
"""

from __future__ import annotations

from coach.session.asking import Countdown

KEYS = ("Enter: submit", ":e or Ctrl-X Ctrl-E: $EDITOR", "Ctrl-C: save and quit")
TIMED_KEYS = (":e: editor", "Ctrl-C: save and quit")
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
    if countdown.urgent:
        return f"{countdown.label}: {clock_text(left)} left, wrap up"
    return f"{countdown.label}: {clock_text(left)} left"


def short_status(countdown: Countdown) -> str:
    """`4:12 left` or `+1:10 over`, for the right of the answer line."""
    left = countdown.remaining()
    return f"+{clock_text(-left)} over" if left <= 0 else f"{clock_text(left)} left"


def toolbar_text(countdown: Countdown | None, width: int = 80) -> str:
    """The bottom line under a text prompt, within `width` columns.

    The time comes first and is never cut; key help follows as far as it fits.
    """
    if countdown is None:
        return _fit(f" {KEYS[0]}", KEYS[1:], width)
    return _fit(f" {status(countdown)}", TIMED_KEYS, width)


def _fit(head: str, extras: tuple[str, ...], width: int) -> str:
    text = head
    for extra in extras:
        if len(text) + 3 + len(extra) > width - 1:  # the last column stays free (no wrap)
            break
        text += f" · {extra}"
    return text


def with_time(message: str, countdown: Countdown | None) -> str:
    """A choice prompt's message with the time left (it cannot have a toolbar)."""
    if countdown is None:
        return message
    return f"{message} [{short_status(countdown)}]"


class LiveMessage:
    """A picker's message that reads the clock each time the picker is drawn.

    questionary draws a select or checkbox prompt's first line with
    `" {} ".format(message)` on every redraw; an object whose `__format__`
    returns the current text therefore keeps the time live there, where a
    plain string would freeze it at the moment the picker opened.
    """

    def __init__(self, message: str, countdown: Countdown) -> None:
        self.message = message
        self.countdown = countdown

    def __str__(self) -> str:
        return with_time(self.message, self.countdown)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)
