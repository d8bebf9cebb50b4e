"""The rich consoles, built once the global flags are known.

Colour is decided when a `Console` is constructed, so it is built lazily
from `--color/--no-color` and `NO_COLOR` rather than at import time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class ConsoleSettings:
    color: bool | None = None  # None: decide from NO_COLOR and the terminal


_settings = ConsoleSettings()
_consoles: dict[str, Console] = {}


def configure(color: bool | None) -> None:
    """Set the colour choice and forget consoles built with the old one."""
    _settings.color = color
    _consoles.clear()


def color_enabled(stream: TextIO) -> bool:
    """Whether text for `stream` is coloured: the choice `_build` leaves to rich.

    For the screens drawn without rich (help, `coach list`).
    """
    if _settings.color is not None:
        return _settings.color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _build(stderr: bool) -> Console:
    from rich.console import Console

    color = _settings.color
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=stream,
        no_color=color is False,
        force_terminal=True if color else None,
        highlight=False,
        soft_wrap=False,
        emoji=False,  # ':x:' in a user's text or a file is text, not an emoji code
    )


def out() -> Console:
    """The console for results (stdout)."""
    if "out" not in _consoles or _consoles["out"].file is not sys.stdout:
        _consoles["out"] = _build(stderr=False)
    return _consoles["out"]


def err() -> Console:
    """The console for notices and errors (stderr)."""
    if "err" not in _consoles or _consoles["err"].file is not sys.stderr:
        _consoles["err"] = _build(stderr=True)
    return _consoles["err"]


def error(message: str) -> None:
    """Print one error line to stderr, prefixed `coach: error:`."""
    from rich.markup import escape

    err().print(f"[bold red]coach: error:[/] {escape(message)}", soft_wrap=True)


def notice(message: str) -> None:
    """Print one notice line to stderr."""
    from rich.markup import escape

    err().print(f"[yellow]coach:[/] {escape(message)}", soft_wrap=True)


def print_json(data: object) -> None:
    """Print JSON to stdout exactly (no colour, no wrapping)."""
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
