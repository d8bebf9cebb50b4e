"""The design's availability from its components': series along the path, parallel across nodes.

A component with n interchangeable nodes, each up with probability a, is up
when any node is: 1 - (1 - a)^n. A database with read replicas answers reads
from any copy and writes only from a primary, weighted by the read ratio.
The user's request needs every component on its synchronous path, so the
design's availability is their product; work behind a queue is left out
(the user does not wait for it). Nodes are assumed to fail independently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.simulate.design import Component, Design, Kind
from coach.simulate.topology import Topology, build

MINUTES_PER_MONTH = 30 * 24 * 60


@dataclass(frozen=True)
class ComponentAvailability:
    name: str
    availability: float
    node_availability: float
    copies: int


@dataclass(frozen=True)
class Availability:
    availability: float
    components: tuple[ComponentAvailability, ...]

    @property
    def nines(self) -> float:
        return nines(self.availability)

    @property
    def downtime_minutes_per_month(self) -> float:
        return (1.0 - self.availability) * MINUTES_PER_MONTH

    @property
    def weakest(self) -> ComponentAvailability | None:
        return min(self.components, key=lambda c: c.availability, default=None)

    def to_json(self) -> dict[str, object]:
        return {
            "availability": self.availability,
            "nines": round(self.nines, 3),
            "downtime_minutes_per_month": round(self.downtime_minutes_per_month, 3),
            "components": {c.name: c.availability for c in self.components},
        }


def nines(availability: float) -> float:
    """-log10(1 - A): 99.9% is 3 nines; capped at 12 for a perfect 1."""
    if availability >= 1.0:
        return 12.0
    return min(-math.log10(1.0 - availability), 12.0)


def component_availability(comp: Component, read_ratio: float) -> float:
    def any_of(copies: int) -> float:
        return 1.0 - (1.0 - comp.availability) ** copies

    if comp.kind is Kind.DATABASE and comp.replicas:
        reads = any_of(comp.nodes * (1 + comp.replicas))
        return read_ratio * reads + (1.0 - read_ratio) * any_of(comp.nodes)
    return any_of(comp.nodes)


def availability(design: Design, topology: Topology | None = None) -> Availability:
    """The availability of the synchronous path, from each component's."""
    topology = topology or build(design)
    on_path = {st.component for st in topology.stations if topology.sync_visits[st.index] > 0}
    parts = []
    total = 1.0
    for comp in design.components:
        if comp.name not in on_path:
            continue
        value = component_availability(comp, design.load.read_ratio)
        copies = comp.nodes * (1 + comp.replicas) if comp.kind is Kind.DATABASE else comp.nodes
        parts.append(ComponentAvailability(comp.name, value, comp.availability, copies))
        total *= value
    return Availability(total, tuple(parts))
