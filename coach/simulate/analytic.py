"""The queueing-theory estimate for each tier, next to what the simulation shows.

Each station gets the arrival rate the routes send it (the same paths the
engine uses) and the model its routing implies:

- one node: the nodes' slots share one queue, M/M/c (Erlang C) or, for other
  service times, M/G/c by Allen-Cunneen (exact for one slot);
- random routing: each node sees a Poisson share, so n independent M/M/c;
- round robin: each node sees every n-th arrival, Erlang-n gaps: E_n/M/1 is
  exact for one slot, Allen-Cunneen with ca^2 = 1/n otherwise;
- least connections: close to one shared queue over every slot (approximate);
- power of two: the mean-field result for one slot per node, else as least
  connections (approximate).

A queue limit bounds the queue at any load: M/M/c/K per node for random
routing (exact), E_n/M/c/K per node for round robin (exact, by the chain
embedded at arrivals), one shared M/M/c/K over every slot for least
connections and power of two (approximate). A pool offered its capacity or
more (within rounding) with no queue limit is unstable: no figure, not a
huge one.

The model is the steady state at `load.rps` with no faults and no retries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.simulate import queueing as q
from coach.simulate.design import Design, Dist, RampPattern, Routing, SpikePattern
from coach.simulate.sampling import service_scv
from coach.simulate.topology import Station, Topology, build

# Utilisation within this of 1 shows as 100.00%: no steady state, whatever the last digit.
# (At 1 - 5e-5 an M/M/1 queue still waits 20,000 service times on average.)
STABILITY_TOLERANCE = 5e-5
MAX_EMBEDDED_ROOM = 150  # the exact round-robin bounded model solves a matrix this large


def overloaded(utilization: float) -> bool:
    """Offered at least its capacity (within rounding): a queue that only grows, or drops."""
    return utilization >= 1.0 - STABILITY_TOLERANCE


@dataclass(frozen=True)
class PoolModel:
    """The model of one station (a component, or one pool of a replicated database)."""

    label: str
    pool: str
    arrival_rps: float
    utilization: float  # offered load per slot; >= 1 means unstable
    mean_wait_ms: float | None  # None: unstable, no steady state
    mean_response_ms: float | None
    p99_ms: float | None  # where a closed form exists
    drop_ratio: float
    model: str
    exact: bool

    @property
    def stable(self) -> bool:
        return self.mean_response_ms is not None

    @property
    def overloaded(self) -> bool:
        return overloaded(self.utilization)

    @property
    def carried(self) -> float:
        """What the pool is offered, less what its queue limit refuses (the utilisation
        it runs at, when it is stable)."""
        return self.utilization * (1.0 - self.drop_ratio)


@dataclass(frozen=True)
class TierModel:
    """One component's model: its pools combined, weighted by their visits."""

    component: str
    pools: tuple[PoolModel, ...]
    utilization: float  # the busiest pool's
    mean_wait_ms: float | None
    mean_response_ms: float | None

    @property
    def stable(self) -> bool:
        return all(p.stable for p in self.pools)

    @property
    def overloaded(self) -> bool:
        return any(p.overloaded for p in self.pools)

    @property
    def drop_ratio(self) -> float:
        """Share of the tier's visits its queue limits refuse."""
        total = sum(p.arrival_rps for p in self.pools) or 1.0
        return sum(p.drop_ratio * p.arrival_rps for p in self.pools) / total

    @property
    def model(self) -> str:
        return "; ".join(p.model for p in self.pools)

    @property
    def exact(self) -> bool:
        return all(p.exact for p in self.pools)

    @property
    def p99_ms(self) -> float | None:
        return self.pools[0].p99_ms if len(self.pools) == 1 else None

    def to_json(self) -> dict[str, object]:
        return {
            "utilization": _round(self.utilization),
            "mean_response_ms": _round(self.mean_response_ms),
            "mean_wait_ms": _round(self.mean_wait_ms),
            "p99_ms": _round(self.p99_ms),
            "model": self.model,
            "exact": self.exact,
            "stable": self.stable,
            "overloaded": self.overloaded,
            "drop_ratio": round(self.drop_ratio, 6),
            "carried_utilization": _round(max(p.carried for p in self.pools)),
        }


_NO_TIER = TierModel("", (), 0.0, None, None)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def analytic(design: Design, topology: Topology | None = None) -> dict[str, TierModel]:
    """The model of every component the requests reach, by component name."""
    topology = topology or build(design)
    pools: dict[str, list[tuple[PoolModel, float]]] = {}
    for station in topology.stations:
        visits = topology.visits[station.index]
        if visits <= 0:
            continue
        lam = design.load.rps * visits
        pools.setdefault(station.component, []).append((pool_model(design, station, lam), lam))
    return {name: _combine(name, found) for name, found in pools.items()}


def _combine(name: str, found: list[tuple[PoolModel, float]]) -> TierModel:
    total = sum(lam for _, lam in found) or 1.0
    models = tuple(m for m, _ in found)
    stable = all(m.stable for m in models)
    wait = sum((m.mean_wait_ms or 0.0) * lam for m, lam in found) / total if stable else None
    resp = sum((m.mean_response_ms or 0.0) * lam for m, lam in found) / total if stable else None
    return TierModel(
        component=name,
        pools=models,
        utilization=max(m.utilization for m in models),
        mean_wait_ms=wait,
        mean_response_ms=resp,
    )


def model_latency(topology: Topology, tiers: dict[str, TierModel]) -> float | None:
    """The model's mean end-to-end latency: each route's stations' mean responses, summed."""
    by_station: dict[int, float] = {}
    for station in topology.stations:
        tier = tiers.get(station.component)
        if tier is None:
            continue
        for pool in tier.pools:
            if pool.pool == station.pool:
                if pool.mean_response_ms is None:
                    return None
                by_station[station.index] = pool.mean_response_ms
    total = 0.0
    for route, p in zip(topology.table.routes, topology.table.probabilities, strict=False):
        total += p * sum(by_station.get(st, 0.0) for st in route.stations)
    return total


def pool_model(design: Design, station: Station, rps: float) -> PoolModel:
    """The model of one station receiving `rps` requests per second."""
    comp = design.components[station.component_index]
    n, k = station.nodes, station.concurrency
    lam = rps / 1000.0  # per ms
    mu = 1.0 / station.mean_ms
    cs2 = service_scv(comp.service_ms)
    exponential = comp.service_ms.dist is Dist.EXPONENTIAL
    rho = lam / (n * k * mu)
    routing = comp.routing if n > 1 else None
    base = {"label": station.label, "pool": station.pool, "arrival_rps": rps, "utilization": rho}
    if station.queue_limit is not None:
        blocked, resp, name, exact = _bounded(routing, lam, mu, n, k, station.queue_limit)
        if not exponential:
            name, exact = f"{name} (service taken as exponential)", False
        return PoolModel(
            **base,
            mean_wait_ms=resp - 1.0 / mu,
            mean_response_ms=resp,
            p99_ms=None,
            drop_ratio=blocked,
            model=name,
            exact=exact,
        )
    if overloaded(rho):
        return PoolModel(
            **base,
            mean_wait_ms=None,
            mean_response_ms=None,
            p99_ms=None,
            drop_ratio=0.0,
            model="unstable",
            exact=True,
        )
    wait, p99, name, exact = _wait(routing, lam, mu, n, k, cs2, exponential)
    return PoolModel(
        **base,
        mean_wait_ms=wait,
        mean_response_ms=wait + 1.0 / mu,
        p99_ms=p99,
        drop_ratio=0.0,
        model=name,
        exact=exact,
    )


def _bounded(
    routing: Routing | None, lam: float, mu: float, n: int, k: int, limit: int
) -> tuple[float, float, str, bool]:
    """(share refused, mean response of the admitted, model name, exact?) with a queue limit.

    A bounded queue has a steady state at any load: past capacity it refuses
    the excess instead of growing.
    """
    room = k + limit
    if routing is None or routing is Routing.RANDOM:
        blocked, resp = q.mmck(lam / n, mu, k, room)
        name = f"M/M/{k}/{room}"
        return blocked, resp, name if n == 1 else f"{n} x {name}", True
    if routing is Routing.ROUND_ROBIN:
        if room <= MAX_EMBEDDED_ROOM:
            blocked, resp = q.erlang_mck(n, lam / n, mu, k, room)
            return blocked, resp, f"{n} x E{n}/M/{k}/{room}", True
        blocked, resp = q.mmck(lam / n, mu, k, room)
        return blocked, resp, f"{n} x M/M/{k}/{room} (Poisson gaps assumed)", False
    # least connections and power of two send work where there is room: close to one
    # queue over every slot, refusing only when every node is full
    blocked, resp = q.mmck(lam, mu, n * k, n * room)
    return blocked, resp, f"~M/M/{n * k}/{n * room} (one shared queue)", False


def _wait(
    routing: Routing | None,
    lam: float,
    mu: float,
    n: int,
    k: int,
    cs2: float,
    exponential: bool,
) -> tuple[float, float | None, str, bool]:
    """(mean wait, p99 response or None, model name, exact?) for one stable pool."""
    letter = "M" if exponential else "G"
    if routing is None or routing is Routing.RANDOM:
        per_node = lam / n
        wait = q.allen_cunneen_wait(per_node, mu, k, 1.0, cs2)
        p99 = q.mmc_response_quantile(0.99, per_node, mu, k) if exponential else None
        name = f"M/{letter}/{k}" if routing is None else f"{n} x M/{letter}/{k}"
        return wait, p99, name, exponential or k == 1
    if routing is Routing.ROUND_ROBIN:
        per_node = lam / n
        if k == 1 and exponential:
            sigma = q.gm1_sigma(q.erlang_k_transform(n, per_node), mu)
            wait = q.gm1_response(sigma, mu) - 1.0 / mu
            p99 = q.gm1_response_quantile(0.99, sigma, mu)
            return wait, p99, f"{n} x E{n}/M/1", True
        wait = q.allen_cunneen_wait(per_node, mu, k, 1.0 / n, cs2)
        return wait, None, f"{n} x E{n}/{letter}/{k} (Allen-Cunneen)", False
    if routing is Routing.POWER_OF_TWO and k == 1 and exponential:
        resp = q.power_of_two_response(lam / (n * mu), mu)
        return resp - 1.0 / mu, None, f"{n} x M/M/1, two choices (mean field)", False
    wait = q.allen_cunneen_wait(lam, mu, n * k, 1.0, cs2)
    shared = f"M/{letter}/{n * k}"
    return wait, None, f"~{shared} (one shared queue)", False


@dataclass(frozen=True)
class Peak:
    """A pool's offered load at the worst moment of the run: a spike, a ramp's end, a fault."""

    utilization: float  # offered load per slot of the nodes still up; inf: no node up
    down: int  # nodes down at that moment
    why: str  # "" when the load is steady and every node up

    def describe(self) -> str:
        return f" ({self.why})" if self.why else ""


def peak(design: Design, station: Station, steady: float) -> Peak:
    """The highest load `station` is offered during the run, its steady load being `steady`.

    One model for the design checks, the report and the practice runs: the
    load pattern's peak (`load_factor`) times n / (n - down) while `down` of
    its n nodes are out (`with_down`), at the moment the two together are
    worst (a ramp is taken at its end, whatever is down then).
    """
    pattern = design.load.pattern
    spike = pattern if isinstance(pattern, SpikePattern) else None
    moments = [0.0, *(f.at_s for f in design.faults)]
    if spike is not None:
        moments.append(spike.start_s)
    best = Peak(steady, 0, "")
    for t in moments:
        if spike is not None:
            during = spike.start_s <= t < spike.start_s + spike.length_s
            factor, why = (
                (spike.factor, f"during the {spike.factor:g}x spike") if during else (1.0, "")
            )
        else:
            factor, name = load_factor(design)
            why = f"at the end of {name}" if name else ""
        down = min(_down_at(design, station, t), station.nodes)
        value = with_down(steady * factor, station.nodes, down)
        if value > best.utilization:
            if down:
                why = f"{why} with {down} of {station.nodes} nodes down".strip()
            best = Peak(value, down, why)
    return best


def load_factor(design: Design) -> tuple[float, str]:
    """The load pattern's highest multiple of `load.rps`, and its name ("the 3x spike")."""
    pattern = design.load.pattern
    if isinstance(pattern, SpikePattern) and pattern.factor > 1.0:
        return pattern.factor, f"the {pattern.factor:g}x spike"
    if isinstance(pattern, RampPattern) and pattern.to_rps > design.load.rps:
        return pattern.to_rps / design.load.rps, f"the ramp to {pattern.to_rps:,.0f} req/s"
    return 1.0, ""


def with_down(utilization: float, nodes: int, down: int) -> float:
    """A pool's load per node still up when `down` of its `nodes` are out (inf: none up)."""
    return math.inf if down >= nodes else utilization * nodes / (nodes - down)


def _down_at(design: Design, station: Station, t: float) -> int:
    down = 0
    for fault in design.faults:
        if fault.component == station.component and fault.at_s <= t < fault.at_s + fault.for_s:
            down += fault.replicas if station.pool == "replicas" else fault.nodes
    return down


RELAX_SPANS = 4  # relaxation times a run should cover for its figures to have settled


def settling(design: Design, topology: Topology | None = None) -> tuple[str, float] | None:
    """The pool slowest to settle from an empty start, and how long it takes (ms).

    A run starts empty, and a queue near saturation takes long to fill to its
    steady state: about 1 / (c mu (1 - sqrt(rho))^2) for c slots sharing a
    queue (Morse's relaxation time of M/M/1, with c mu for mu). A run shorter
    than `RELAX_SPANS` of those shows a mean and a p99 that are too low, and
    its confidence interval cannot tell. None: no pool with a queue to fill.
    """
    topology = topology or build(design)
    tiers = analytic(design, topology)
    slowest: tuple[str, float] | None = None
    for st in topology.stations:
        model = next(
            (p for p in tiers.get(st.component, _NO_TIER).pools if p.pool == st.pool), None
        )
        if model is None or not 0.0 < model.utilization < 1.0 or st.queue_limit is not None:
            continue
        routing = design.components[st.component_index].routing
        pooled = st.nodes == 1 or routing in (Routing.LEAST_CONNECTIONS, Routing.POWER_OF_TWO)
        slots = st.concurrency * (st.nodes if pooled else 1)
        span = RELAX_SPANS * st.mean_ms / (slots * (1.0 - math.sqrt(model.utilization)) ** 2)
        if slowest is None or span > slowest[1]:
            slowest = (st.label, span)
    return slowest


def capacity_rps(station: Station) -> float:
    """Requests per second the station serves at 100% utilisation."""
    return station.capacity * 1000.0 / station.mean_ms


def nodes_for(utilization: float, nodes: int, target: float) -> int:
    """Nodes that bring `utilization` (at `nodes` nodes) down to `target` or below."""
    return max(nodes, math.ceil(nodes * utilization / target - 1e-9))
