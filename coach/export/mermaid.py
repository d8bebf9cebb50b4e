"""The chosen design as a Mermaid flowchart.

Node ids are derived from component names and made safe; labels are quoted
and their quotes and brackets written as Mermaid entity codes, so no
component name can break the diagram.
"""

from __future__ import annotations

import re

from coach.simulate.design import Design, Kind

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


def flowchart(design: Design) -> str:
    """Mermaid `flowchart LR` source: one node line per component, one edge per call."""
    ids = node_ids(design)
    lines = ["flowchart LR", '    client(["client"])']
    for comp in design.components:
        opening, closing = _SHAPES[comp.kind]
        text = comp.label or comp.name
        if comp.nodes > 1:
            text = f"{text} x{comp.nodes}"
        lines.append(f'    {ids[comp.name]}{opening}"{label(text)}"{closing}')
    lines.append(f"    client --> {ids[design.entry_component.name]}")
    for comp in design.components:
        for callee in comp.calls:
            if callee in ids:
                arrow = "-.->|miss|" if comp.kind in (Kind.CACHE, Kind.CDN) else "-->"
                if comp.kind is Kind.QUEUE:
                    arrow = "-.->|async|"
                lines.append(f"    {ids[comp.name]} {arrow} {ids[callee]}")
    return "\n".join(lines)
