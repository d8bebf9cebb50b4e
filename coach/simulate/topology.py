"""From a design to what the engine runs: stations and request routes.

A *station* is a pool of identical nodes with one queue discipline: most
components are one station; a database with read replicas is two (the
primaries take writes, the replicas take reads). A *route* is the fixed list
of stations one request visits, in order. Which route a request takes depends
only on chance (read or write, cache hit or miss), never on timing, so every
route and its probability is worked out here once, and the engine and the
queueing model use the very same paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from coach.errors import CoachError
from coach.simulate.design import Component, Design, Kind, Traffic

DEFAULT_HIT_RATIO = 0.8
MAX_ROUTES = 10_000
READ, WRITE = "read", "write"


@dataclass(frozen=True)
class Station:
    """A pool of identical nodes: what one queue in the engine stands for."""

    index: int
    component: str
    pool: str  # "" for most components; "primary" / "replicas" for a replicated database
    nodes: int
    concurrency: int
    queue_limit: int | None
    mean_ms: float  # service time after coordination overhead
    component_index: int

    @property
    def label(self) -> str:
        return f"{self.component} ({self.pool})" if self.pool else self.component

    @property
    def capacity(self) -> int:
        return self.nodes * self.concurrency


@dataclass(frozen=True, eq=False)
class Route:
    """The stations one request visits in order, and the asynchronous work it leaves.

    `forks[i]` are the tables of routes started (not waited for) when the visit
    at position `i` ends: the work a queue hands to its consumers.
    """

    stations: tuple[int, ...]
    forks: dict[int, tuple[RouteTable, ...]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class RouteTable:
    routes: tuple[Route, ...]
    probabilities: tuple[float, ...]

    @cached_property
    def cumulative(self) -> list[float]:
        return list(accumulate(self.probabilities))


@dataclass(frozen=True, eq=False)
class Topology:
    design: Design
    stations: tuple[Station, ...]
    table: RouteTable  # what an arriving request does (read/write mix included)
    fallback: dict[int, int]  # replica station -> primary station, for reads when all are down

    def stations_of(self, component: str) -> list[Station]:
        return [s for s in self.stations if s.component == component]

    @cached_property
    def visits(self) -> list[float]:
        """Expected visits to each station per arriving request (async work included)."""
        counts = [0.0] * len(self.stations)
        _add_visits(self.table, 1.0, counts)
        return counts

    @cached_property
    def sync_visits(self) -> list[float]:
        """Expected visits per request on the path the user waits for."""
        counts = [0.0] * len(self.stations)
        for route, p in zip(self.table.routes, self.table.probabilities, strict=False):
            for st in route.stations:
                counts[st] += p
        return counts


def _add_visits(table: RouteTable, weight: float, counts: list[float]) -> None:
    for route, p in zip(table.routes, table.probabilities, strict=False):
        for st in route.stations:
            counts[st] += weight * p
        for tables in route.forks.values():
            for sub in tables:
                _add_visits(sub, weight * p, counts)


def overhead(design: Design, comp: Component) -> float:
    """The share of a node's capacity lost to coordination."""
    if comp.coordination_overhead is not None:
        return comp.coordination_overhead
    return design.coordination_overhead


def hit_ratio(comp: Component) -> float:
    return comp.hit_ratio if comp.hit_ratio is not None else DEFAULT_HIT_RATIO


def build(design: Design) -> Topology:
    """Stations and routes for a design whose references are already valid."""
    stations: list[Station] = []
    primary: dict[str, int] = {}
    replica: dict[str, int] = {}
    for ci, comp in enumerate(design.components):
        mean = comp.service_ms.mean / (1.0 - overhead(design, comp))
        replicated = comp.kind is Kind.DATABASE and comp.replicas > 0
        pools = [("primary", comp.nodes)] if replicated else [("", comp.nodes)]
        if replicated:
            pools.append(("replicas", comp.nodes * comp.replicas))
        for pool, nodes in pools:
            station = Station(
                index=len(stations),
                component=comp.name,
                pool=pool,
                nodes=nodes,
                concurrency=comp.concurrency,
                queue_limit=comp.queue_limit,
                mean_ms=mean,
                component_index=ci,
            )
            (replica if pool == "replicas" else primary)[comp.name] = station.index
            stations.append(station)
    paths = _Paths(design, primary, replica)
    entry = design.entry_component
    choices: list[tuple[float, list[Step]]] = []
    read_ratio = design.load.read_ratio
    for kind, share in ((READ, read_ratio), (WRITE, 1.0 - read_ratio)):
        if share > 0:
            choices += [(share * p, steps) for p, steps in paths.of(entry, kind)]
    fallback = {replica[name]: primary[name] for name in replica}
    return Topology(design, tuple(stations), _table(choices), fallback)


Step = tuple[int, tuple[RouteTable, ...]]


class _Paths:
    """Every way through the call graph, with its probability (memoised per component)."""

    def __init__(self, design: Design, primary: dict[str, int], replica: dict[str, int]):
        self.design = design
        self.by_name = {c.name: c for c in design.components}
        self.primary = primary
        self.replica = replica
        self.memo: dict[tuple[str, str], list[tuple[float, list[Step]]]] = {}

    def of(self, comp: Component, kind: str) -> list[tuple[float, list[Step]]]:
        key = (comp.name, kind)
        if key not in self.memo:
            self.memo[key] = self._visit(comp, kind)
        return self.memo[key]

    def _station(self, comp: Component, kind: str) -> int:
        if kind == READ and comp.name in self.replica:
            return self.replica[comp.name]
        return self.primary[comp.name]

    def _visit(self, comp: Component, kind: str) -> list[tuple[float, list[Step]]]:
        station = self._station(comp, kind)
        onward = self._sequence(comp.calls, kind)
        if comp.kind is Kind.QUEUE:
            forks = (_table(onward),) if any(steps for _, steps in onward) else ()
            return [(1.0, [(station, forks)])]
        here: Step = (station, ())
        if comp.keeps_writes and kind == WRITE:
            return [(1.0, [here])]
        if comp.kind in (Kind.CACHE, Kind.CDN) and kind == READ:
            hit = hit_ratio(comp)
            options = [(hit, [here])] if hit > 0 else []
            if hit < 1:
                options += [((1.0 - hit) * p, [here, *steps]) for p, steps in onward]
            return options
        return [(p, [here, *steps]) for p, steps in onward]

    def _sequence(self, names: list[str], kind: str) -> list[tuple[float, list[Step]]]:
        result: list[tuple[float, list[Step]]] = [(1.0, [])]
        for name in names:
            callee = self.by_name[name]
            if callee.sees not in (Traffic.ALL, Traffic(f"{kind}s")):
                continue
            options = self.of(callee, kind)
            result = [(p * q, a + b) for p, a in result for q, b in options]
            if len(result) > MAX_ROUTES:
                raise CoachError(
                    f"the design has over {MAX_ROUTES:,} distinct request paths "
                    f"(at '{name}'): simplify the call graph"
                )
        return result


def _table(choices: list[tuple[float, list[Step]]]) -> RouteTable:
    """Merge identical paths and freeze them into a table of routes."""
    merged: dict[tuple[Step, ...], float] = {}
    for p, steps in choices:
        key = tuple(steps)
        merged[key] = merged.get(key, 0.0) + p
    routes = []
    for steps in merged:
        forks = {i: tables for i, (_, tables) in enumerate(steps) if tables}
        routes.append(Route(tuple(st for st, _ in steps), forks))
    total = sum(merged.values()) or 1.0
    return RouteTable(tuple(routes), tuple(p / total for p in merged.values()))


def edge_kinds(design: Design) -> dict[tuple[str, str], frozenset[str]]:
    """Which requests, reads and writes, travel each call of the design: a cache
    passes on its misses and, unless it keeps them, the writes; a queue passes
    on the writes as asynchronous work. For drawings that label their arrows."""
    by_name = {c.name: c for c in design.components}
    edges: dict[tuple[str, str], set[str]] = {}
    reaching: dict[str, set[str]] = {}
    start = {
        k
        for k, share in ((READ, design.load.read_ratio), (WRITE, 1 - design.load.read_ratio))
        if share > 0
    }
    pending = [(design.entry_component.name, frozenset(start))]
    while pending:
        name, kinds = pending.pop()
        comp = by_name[name]
        kinds = frozenset(k for k in kinds if comp.sees in (Traffic.ALL, Traffic(f"{k}s")))
        if not kinds or kinds <= reaching.get(name, set()):
            continue
        reaching.setdefault(name, set()).update(kinds)
        onward = set(kinds)
        if comp.kind in (Kind.CACHE, Kind.CDN) and hit_ratio(comp) >= 1:
            onward.discard(READ)
        if comp.keeps_writes:
            onward.discard(WRITE)
        for callee in comp.calls:
            sent = frozenset(
                k for k in onward if by_name[callee].sees in (Traffic.ALL, Traffic(f"{k}s"))
            )
            if sent:
                edges.setdefault((name, callee), set()).update(sent)
                pending.append((callee, sent))
    return {edge: frozenset(kinds) for edge, kinds in edges.items()}
