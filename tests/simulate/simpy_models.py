"""Independent SimPy models of small designs, to check the engine and the queueing model.

Written from the design's plain meaning (Poisson arrivals, nodes with slots,
a queue limit per node, a routing policy), sharing no code with coach.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    arrivals: int
    dropped: int
    mean_response_ms: float  # of the admitted

    @property
    def drop_ratio(self) -> float:
        return self.dropped / self.arrivals


def bounded_tier(
    *,
    nodes: int,
    slots: int,
    queue_limit: int,
    mean_ms: float,
    rps: float,
    routing: str,
    arrivals: int,
    seed: int = 1,
    constant: bool = False,
) -> Measured:
    """`nodes` nodes of `slots` slots; a node refuses an arrival when `queue_limit` wait.

    round_robin sends the i-th arrival to node i mod n; least_connections to the
    node with the fewest requests waiting or in service (the lowest on a tie).
    """
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    servers = [simpy.Resource(env, capacity=slots) for _ in range(nodes)]
    present = [0] * nodes  # waiting or in service, per node
    dropped = 0
    admitted: list[float] = []

    def visit(node: int) -> object:
        arrived = env.now
        present[node] += 1
        with servers[node].request() as slot:
            yield slot
            yield env.timeout(mean_ms if constant else rng.expovariate(1.0 / mean_ms))
        present[node] -= 1
        admitted.append(env.now - arrived)

    def source() -> object:
        nonlocal dropped
        gap = 1000.0 / rps
        for i in range(arrivals):
            yield env.timeout(rng.expovariate(1.0 / gap))
            if routing == "round_robin":
                node = i % nodes
            else:
                node = min(range(nodes), key=lambda k: present[k])
            if len(servers[node].queue) >= queue_limit:
                dropped += 1
                continue
            env.process(visit(node))

    env.process(source())
    env.run()
    return Measured(arrivals, dropped, sum(admitted) / len(admitted))
