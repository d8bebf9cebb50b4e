"""A representative slice of a design: fewer nodes in every tier, at the same load per node.

A tier of n identical nodes behind a router is, node for node, the same
whatever n is, as long as each node gets the same share of the load: with
random routing exactly so, with round robin nearly (each node sees every
n-th request). With least connections or power of two choices the nodes
share their load, and fewer of them share less: half of a tier of eight
waits measurably longer than the whole (about 2% on the mean in the tests),
so such a design runs whole. A design whose node counts share a divisor d
runs as well with every count and the load divided by d: d times fewer
requests for the same simulated time. The slice says which share of the
design it is, for the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce

from coach.simulate.design import Design, RampPattern, Routing

SHARED = (Routing.LEAST_CONNECTIONS, Routing.POWER_OF_TWO)  # nodes that share their load


@dataclass(frozen=True)
class Slice:
    design: Design  # the slice itself: nodes and load divided by `1 / share`
    share: float  # of the whole design's nodes and load; 1.0 for the whole design


def symmetric_slice(design: Design, most: int) -> Slice:
    """The smallest slice, at most `most` times smaller, that every tier divides into.

    Faults count nodes, so they must divide too (one node of ten down is not one
    node of five down); a design with no common divisor, or with a tier whose
    nodes share their load (least connections, power of two), runs whole.
    """
    if any(c.nodes > 1 and c.routing in SHARED for c in design.components):
        return Slice(design, 1.0)
    counts = [c.nodes for c in design.components] + [
        n for f in design.faults for n in (f.nodes, f.replicas) if n
    ]
    common = reduce(math.gcd, counts)
    cut = max((d for d in range(1, min(common, most) + 1) if common % d == 0), default=1)
    if cut == 1:
        return Slice(design, 1.0)
    load = design.load.model_copy(update={"rps": design.load.rps / cut})
    if isinstance(load.pattern, RampPattern):
        ramp = load.pattern.model_copy(update={"to_rps": load.pattern.to_rps / cut})
        load = load.model_copy(update={"pattern": ramp})
    components = [c.model_copy(update={"nodes": c.nodes // cut}) for c in design.components]
    faults = [
        f.model_copy(update={"nodes": f.nodes // cut, "replicas": f.replicas // cut})
        for f in design.faults
    ]
    sliced = design.model_copy(update={"load": load, "components": components, "faults": faults})
    return Slice(sliced, 1.0 / cut)
