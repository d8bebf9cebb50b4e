"""Small rendering helpers the session screens share."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table


def bullet(con: Console, mark: str, text: str, indent: int = 2) -> None:
    """`mark text` with the text's wrapped lines hanging under its first word."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(mark, text)
    con.print(Padding(grid, (0, 0, 0, indent), expand=False))
