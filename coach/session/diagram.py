"""The user's design as a small text diagram (pure text, fits the terminal's width).

The main path runs top to bottom from the clients, following each
component's first call; other calls branch off to the right of their caller,
and a call to a component drawn elsewhere ends in its name and an arrow up
and which way to look ("───▶ tweet-db ↓"), so every call is drawn and every
component once. Picks that are not simulated hang off the first service,
marked as such. Branches too wide for the terminal go below their caller
instead, and a long branch goes on, box by box, on the lines below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.simulate.design import Component, Design, Kind

KIND_WORDS: dict[Kind, str] = {
    Kind.LOAD_BALANCER: "load balancer",
    Kind.SERVICE: "service",
    Kind.CACHE: "cache",
    Kind.DATABASE: "database",
    Kind.QUEUE: "queue",
    Kind.CDN: "CDN",
}
WIDTH = 80
NOT_SIMULATED = "not simulated"


@dataclass(frozen=True)
class Glyphs:
    down: str
    first: str
    middle: str
    last: str
    only: str
    bar: str
    up: str
    ahead: str
    dot: str = " · "
    times: str = "×"


UNICODE = Glyphs(
    down="▼", first="─┬─▶ ", middle="├─▶ ", last="└─▶ ", only="───▶ ", bar="│", up="↑", ahead="↓"
)
ASCII = Glyphs(
    down="v",
    first="-+-> ",
    middle="+-> ",
    last="`-> ",
    only="---> ",
    bar="|",
    up="^",
    ahead="v",
    dot=" - ",
    times="x",
)
INDENT = "  "


def box(comp: Component, glyphs: Glyphs = UNICODE) -> str:
    """`[ app · service ×10 ]` with the facts that matter for the simulation."""
    text = f"{comp.name}{glyphs.dot}{KIND_WORDS[comp.kind]} {glyphs.times}{comp.nodes}"
    if comp.hit_ratio is not None:
        text += f"{glyphs.dot}{comp.hit_ratio:.0%} hits"
    if comp.replicas:
        text += f" +{comp.replicas} replicas"
    return f"[ {text} ]"


def draw(
    design: Design | None,
    side: Sequence[str] = (),
    *,
    ascii_only: bool = False,
    width: int = WIDTH,
) -> str:
    """The diagram as lines of text; `side` names picks drawn beside the first service."""
    glyphs = ASCII if ascii_only else UNICODE
    marked = [[f"[ {name}{glyphs.dot}{NOT_SIMULATED} ]"] for name in side]
    lines = [f"{INDENT}clients"]
    if design is None:
        lines += [f"{INDENT}  {glyphs.down}"]
        lines += _branch_lines(f"{INDENT}(nothing simulated)", marked, glyphs, width)
        return "\n".join(lines)
    spine = _spine(design)
    rows = {c.name: row for row, c in enumerate(spine)}
    drawn = set(rows)
    hook = next((c.name for c in spine if c.kind is Kind.SERVICE), spine[-1].name)
    for row, comp in enumerate(spine):
        below = spine[row + 1].name if row + 1 < len(spine) else None
        extra = [
            _chain(design, name, drawn, rows, row, glyphs) for name in comp.calls if name != below
        ]
        if comp.name == hook:
            extra += marked
        lines.append(f"{INDENT}  {glyphs.down}")
        lines += _branch_lines(f"{INDENT}{box(comp, glyphs)}", extra, glyphs, width)
    return "\n".join(lines)


def _spine(design: Design) -> list[Component]:
    by_name = {c.name: c for c in design.components}
    spine: list[Component] = []
    node: Component | None = design.entry_component
    while node is not None and node not in spine:
        spine.append(node)
        node = by_name.get(node.calls[0]) if node.calls else None
    return spine


def _chain(
    design: Design, name: str, drawn: set[str], rows: dict[str, int], row: int, glyphs: Glyphs
) -> list[str]:
    """A branch as its pieces: each box it passes, then a reference to a component
    drawn elsewhere, if it reaches one (`[ queue ]`, `[ workers ]`, `cache ↓`)."""
    parts: list[str] = []
    node: Component | None = design.component(name)
    while node is not None and node.name not in drawn:
        drawn.add(node.name)
        parts.append(box(node, glyphs))
        node = design.component(node.calls[0]) if node.calls else None
    if node is not None:
        where = glyphs.ahead if rows.get(node.name, -1) > row else glyphs.up
        parts.append(f"{node.name} {where}")
    return parts


def _branch_lines(
    head: str, branches: Sequence[list[str]], glyphs: Glyphs, width: int
) -> list[str]:
    """The head with its branches to its right, or below it when they do not fit."""
    if not branches:
        return [head]
    beside = all(len(head) + 2 + len(glyphs.first) + len(p[0]) <= width for p in branches)
    if beside and len(branches) == 1:
        return _fold(f"{head} {glyphs.only}", branches[0], " " * (len(head) + 3), glyphs, width)
    lines, pad = ([], " " * (len(head) + 2)) if beside else ([head], INDENT + "  ")
    for number, pieces in enumerate(branches):
        more = number < len(branches) - 1
        if number == 0 and beside:
            start = f"{head} {glyphs.first}"
        else:
            start = f"{pad}{glyphs.middle if more else glyphs.last}"
        under = pad + (glyphs.bar if more else " ")
        lines += _fold(start, pieces, under, glyphs, width)
    return lines


def _fold(start: str, pieces: list[str], under: str, glyphs: Glyphs, width: int) -> list[str]:
    """One branch: its pieces joined by arrows, going on below when too wide."""
    lines, line = [], start + pieces[0]
    for piece in pieces[1:]:
        joined = f"{line} {glyphs.only}{piece}"
        if len(joined) <= width:
            line = joined
            continue
        lines.append(line)
        line = f"{under}   {glyphs.only}{piece}"
    return [*lines, line]
