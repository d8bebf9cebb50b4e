"""Small rendering helpers the session screens share.

They keep every figure whole at any width: a heading shortens its words, not
its score or time; a table that would wrap its cells is printed as stacked rows;
two columns of prose fall one under the other on a narrow terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

SIDE_BY_SIDE_MIN = 100  # columns: below this two texts are stacked (at 80, two 39-column
# columns make a long reference answer twice as tall and leave the shorter side empty)
_RULE_MARGIN = 4  # rich keeps a dash and a space each side of a rule's title
_MIN_WORDS = 12  # a heading with less room than this for its words puts them on their own line

ANSWER_LABELS = {
    "requirements": "Requirements",
    "components": "Components",
    "api": "API",
    "data_model": "Data model",
    "flow": "Request flow",
    "design": "Design",
    "deep_dive": "Deep dive",
    "bottlenecks": "Bottlenecks",
    "tradeoffs": "Trade-offs",
    "operations": "Operations",
    "scaling": "Scaling",
    "questions": "Questions asked",
}


def bullet(con: Console, mark: str, text: str | Text, indent: int = 2) -> None:
    """`mark text` with the text's wrapped lines hanging under its first word."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(mark, text)
    con.print(Padding(grid, (0, 0, 0, indent), expand=False))


def answers_text(
    answers: dict[str, str] | list[tuple[str, str]], topics: dict[str, str] | None = None
) -> Group | str:
    """The user's answers, each under its label (a deep-dive answer under its topic's title)."""
    parts = []
    for key, text in answers.items() if isinstance(answers, dict) else answers:
        topic = key.split(":", 1)[-1]
        label = ANSWER_LABELS.get(key) or (topics or {}).get(topic)
        label = label or topic.replace("_", " ").capitalize()
        parts.append(Text.assemble((f"{label}: ", "bold"), text or "(empty)"))
    return Group(*parts) if parts else "(no answer)"


def heading(con: Console, words: str, figure: str = "", style: str = "bold") -> None:
    """A rule titled `words · figure`; the figure is never cut.

    When the line is too long the words are shortened with an ellipsis; when
    even that leaves too little of them, the rule carries the figure and the
    words go on the line below, whole.
    """
    room = con.width - _RULE_MARGIN
    tail = f" · {figure}" if figure else ""
    if cell_len(words + tail) <= room:
        con.rule(Text(words + tail, style=style))
        return
    left = room - cell_len(tail)
    if left >= _MIN_WORDS:
        con.rule(Text(_shorten(words, left) + tail, style=style))
        return
    con.rule(Text(figure or words, style=style))
    if figure:
        con.print(Text(words, style=style))


def _shorten(words: str, width: int) -> str:
    """`words` cut to `width` cells with an ellipsis, at a word boundary when one is near."""
    if cell_len(words) <= width:
        return words
    cut = words[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:  # a whole word less reads better than half a word
        cut = cut[:space]
    return cut.rstrip(" ·,") + "…"


def beside(
    con: Console,
    left: tuple[str, RenderableType],
    right: tuple[str, RenderableType],
) -> None:
    """Two titled texts side by side, or one under the other on a narrow terminal."""
    if con.width >= SIDE_BY_SIDE_MIN:
        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
        table.add_column(left[0], ratio=1)
        table.add_column(right[0], ratio=1)
        table.add_row(left[1], right[1])
        con.print(table)
        return
    for title, body in (left, right):
        con.print(Text(title, style="bold"))
        con.print(Padding(body, (0, 0, 1, 2)))


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    stacked: str = ""  # how a value reads in a stacked row, e.g. "p99 {} ms"; default "HEADER {}"

    def pair(self, value: str) -> str:
        return (self.stacked or f"{self.header} {{}}").replace("{}", value)


def rows(
    con: Console,
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    *,
    title: str | None = None,
) -> None:
    """A table when every cell fits on one line; otherwise stacked rows.

    Stacked, each row is its first cell, then `header value` pairs packed onto
    indented lines, each pair whole. Cells may hold rich markup.
    """
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=True)  # type: ignore[arg-type]
    for row in cells:
        table.add_row(*row)
    natural = con.measure(table, options=con.options.update(max_width=10_000)).maximum
    if natural <= con.width:
        con.print(table)
        return
    if title:
        con.print(title)
    for row in cells:
        con.print(Text.from_markup(row[0], style="bold"))
        pairs = [column.pair(value) for column, value in zip(columns[1:], row[1:], strict=False)]
        for line in _pack(pairs, con.width - 2):
            con.print(Padding(Text.from_markup(line), (0, 0, 0, 2)))


def _pack(pairs: Sequence[str], width: int) -> list[str]:
    """Pairs joined by ` · ` into lines of at most `width` cells, never splitting one."""
    lines: list[str] = []
    for pair in pairs:
        if lines and cell_len(Text.from_markup(f"{lines[-1]} · {pair}").plain) <= width:
            lines[-1] = f"{lines[-1]} · {pair}"
        else:
            lines.append(pair)
    return lines
