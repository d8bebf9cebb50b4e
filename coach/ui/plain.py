"""Text for the screens that must appear at once (`--help`, `coach list`), without rich.

Importing rich costs about as much as importing typer itself, so these screens
are laid out here with `textwrap` and coloured with plain ANSI codes. Colour
follows the same choice the rich consoles make (`--color/--no-color`,
`NO_COLOR`, a terminal or not).
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from typing import TextIO

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}


@dataclass(frozen=True)
class Paint:
    """Wraps text in ANSI styles, or returns it as it is when colour is off."""

    color: bool

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text or not style:
            return text
        codes = ";".join(_CODES[word] for word in style.split())
        return f"\x1b[{codes}m{text}\x1b[0m"


def paint_for(stream: TextIO) -> Paint:
    """The painter for `stream`, from the global colour choice."""
    from coach.ui.console import color_enabled

    return Paint(color_enabled(stream))


def width() -> int:
    """The terminal's width: COLUMNS, else the terminal's own, else 80."""
    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, breaking only at spaces when it can.

    A word longer than the line is split rather than let run past the edge.
    """
    return textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [""]
