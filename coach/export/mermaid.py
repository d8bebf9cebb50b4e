"""The chosen design as a Mermaid flowchart.

Node ids are derived from component names and made safe; labels are quoted
and their quotes and brackets written as Mermaid entity codes, so no
component name can break the diagram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.simulate.design import Component, Design, Kind
from coach.simulate.topology import READ, WRITE, edge_kinds

# Mermaid node shapes by kind: the opening and closing brackets.
_SHAPES: dict[Kind, tuple[str, str]] = {
    Kind.LOAD_BALANCER: ("{{", "}}"),
    Kind.SERVICE: ("[", "]"),
    Kind.CACHE: ("[(", ")]"),
    Kind.DATABASE: ("[(", ")]"),
    Kind.QUEUE: ("[/", "/]"),
    Kind.CDN: ("((", "))"),
}

_ENTITIES = {'"': "#quot;", "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;",
             "{": "#123;", "}": "#125;", "<": "#lt;", ">": "#gt;", "|": "#124;",
             "`": "#96;", "#": "#35;"}  # fmt: skip


def label(text: str) -> str:
    """Text made safe inside a quoted Mermaid label."""
    flat = " ".join(text.split())
    return "".join(_ENTITIES.get(ch, ch) for ch in flat)


def node_ids(design: Design) -> dict[str, str]:
    """A unique, safe Mermaid id for each component name."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for comp in design.components:
        base = re.sub(r"[^A-Za-z0-9_]", "_", comp.name) or "node"
        if base[0].isdigit():
            base = f"n_{base}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        ids[comp.name] = candidate
    return ids


def flowchart(design: Design, side: Sequence[str] = ()) -> str:
    """Mermaid `flowchart LR` source: one node line per component, one edge per call
    (labelled with what travels it: misses, writes, asynchronous work), and the
    picks that are not simulated as dashed side nodes."""
    ids = node_ids(design)
    lines = ["flowchart LR", '    client(["client"])']
    for comp in design.components:
        opening, closing = _SHAPES[comp.kind]
        lines.append(f'    {ids[comp.name]}{opening}"{label(_text(comp))}"{closing}')
    lines.append(f"    client --> {ids[design.entry_component.name]}")
    kinds = edge_kinds(design)
    for comp in design.components:
        for callee in comp.calls:
            if callee in ids:
                arrow = _arrow(comp, kinds.get((comp.name, callee), frozenset()))
                lines.append(f"    {ids[comp.name]} {arrow} {ids[callee]}")
    if side:
        lines.append('    subgraph not_simulated["picked, not simulated"]')
        lines += [f'        side_{n}["{label(name)}"]:::side' for n, name in enumerate(side, 1)]
        lines += ["    end", "    classDef side stroke-dasharray: 5 5"]
    return "\n".join(lines)


def _text(comp: Component) -> str:
    text = comp.label or comp.name
    if comp.nodes > 1:
        text = f"{text} x{comp.nodes}"
    if comp.replicas:
        text = f"{text} +{comp.replicas} replicas"
    return text


def _arrow(comp: Component, kinds: frozenset[str]) -> str:
    """`-->`, or a dotted arrow with what only some requests do: a cache's misses
    (and the writes it passes on), a queue's asynchronous work, writes alone."""
    if comp.kind is Kind.QUEUE:
        return "-.->|async|"
    if comp.kind in (Kind.CACHE, Kind.CDN):
        words = [w for k, w in ((READ, "miss"), (WRITE, "write")) if k in kinds]
        return f"-.->|{' / '.join(words) or 'miss'}|"
    return "-->|write|" if kinds == {WRITE} else "-->"
