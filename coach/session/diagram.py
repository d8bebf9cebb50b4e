"""The user's design as a small text diagram (pure text, fits 80 columns).

The main path runs top to bottom from the clients, following each
component's first call; other calls and the picks that are not simulated
branch off to the right of their caller.
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


@dataclass(frozen=True)
class Glyphs:
    down: str
    first: str
    middle: str
    last: str
    only: str
    dot: str = " · "
    times: str = "×"


UNICODE = Glyphs(down="▼", first="─┬─▶ ", middle="├─▶ ", last="└─▶ ", only="───▶ ")
ASCII = Glyphs(
    down="v", first="-+-> ", middle="+-> ", last="`-> ", only="---> ", dot=" - ", times="x"
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


def draw(design: Design | None, side: Sequence[str] = (), *, ascii_only: bool = False) -> str:
    """The diagram as lines of text; `side` names picks drawn beside the first service."""
    glyphs = ASCII if ascii_only else UNICODE
    lines = [f"{INDENT}clients"]
    if design is None:
        branches = [f"[ {name} ]" for name in side]
        lines += [
            f"{INDENT}  {glyphs.down}",
            *_branch_lines(f"{INDENT}(nothing simulated)", branches, glyphs),
        ]
        return "\n".join(lines)
    spine = _spine(design)
    on_spine = {c.name for c in spine}
    hook = next((c.name for c in spine if c.kind is Kind.SERVICE), spine[-1].name)
    for comp in spine:
        extra = [_chain(design, n, on_spine, glyphs) for n in comp.calls[1:] if n not in on_spine]
        if comp.name == hook:
            extra += [f"[ {name} ]" for name in side]
        lines.append(f"{INDENT}  {glyphs.down}")
        lines += _branch_lines(f"{INDENT}{box(comp, glyphs)}", extra, glyphs)
    return "\n".join(lines)


def _spine(design: Design) -> list[Component]:
    by_name = {c.name: c for c in design.components}
    spine: list[Component] = []
    node: Component | None = design.entry_component
    while node is not None and node not in spine:
        spine.append(node)
        node = by_name.get(node.calls[0]) if node.calls else None
    return spine


def _chain(design: Design, name: str, drawn: set[str], glyphs: Glyphs) -> str:
    """A branch and what it calls in turn: `[ queue ] ───▶ [ workers ]`."""
    parts: list[str] = []
    node: Component | None = design.component(name)
    while node is not None and node.name not in drawn:
        drawn.add(node.name)
        parts.append(box(node, glyphs))
        node = design.component(node.calls[0]) if node.calls else None
    return f" {glyphs.only}".join(parts)


def _branch_lines(head: str, branches: Sequence[str], glyphs: Glyphs) -> list[str]:
    if not branches:
        return [head]
    if len(branches) == 1:
        return [f"{head} {glyphs.only}{branches[0]}"]
    lines = [f"{head} {glyphs.first}{branches[0]}"]
    pad = " " * (len(head) + 2)
    for branch in branches[1:-1]:
        lines.append(f"{pad}{glyphs.middle}{branch}")
    lines.append(f"{pad}{glyphs.last}{branches[-1]}")
    return lines
