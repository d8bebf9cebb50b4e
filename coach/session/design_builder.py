"""Build a simulatable `Design` from the components the user picked.

The problem's reference design is the starting point (its service times and
node counts are calibrated for the problem's load): reference components the
user also picked are kept, the others dropped and their callers rewired, and
picks the reference lacks are added from the catalogue defaults, sized for the
traffic that reaches them. What a user picks is what gets simulated, so a
design without a cache or with one SQL primary shows its bottleneck honestly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.problems.model import Problem
from coach.session.catalogue import (
    DATABASE_IDS,
    DEFAULTS,
    ITEMS,
    TARGET_UTILIZATION,
    is_database,
    matches,
)
from coach.simulate.design import Component, Design, Kind, ServiceTime, Traffic

# Specific roles claim reference components before the generic ones do.
CLAIM_ORDER = (
    "search_index",
    "workers",
    "message_queue",
    "object_storage",
    "cdn",
    "load_balancer",
    "cache",
    "nosql_database",
    "sql_database",
    "app_servers",
)
STATELESS = (Kind.CDN, Kind.LOAD_BALANCER, Kind.SERVICE)
DEFAULT_REPLICAS = 2
DEFAULT_SHARDS = 4


@dataclass
class BuiltDesign:
    design: Design | None  # None when no pick is on a simulatable path
    side: list[str] = field(default_factory=list)  # picks drawn but not simulated
    notes: list[str] = field(default_factory=list)


def build_design(problem: Problem, picks: Sequence[str]) -> BuiltDesign:
    """The user's design for `picks` (catalogue ids), at the problem's load."""
    reference = problem.reference_design
    chosen = [p for p in picks if p in ITEMS]
    owner = _claim(reference, chosen)
    kept = {
        name: c.model_copy(deep=True) for name, c in _by_name(reference).items() if name in owner
    }
    built = BuiltDesign(design=None)
    if not kept and not _addable(chosen):
        built.side = [ITEMS[p].short for p in chosen]
        built.notes.append("nothing on the request path to simulate (pick app servers or a store)")
        return built
    components, entry = _rewire(reference, kept)
    components, entry = _add_missing(components, entry, chosen, set(owner.values()))
    _apply_database_modifiers(components, chosen, built.notes)
    design = reference.model_copy(
        update={
            "components": components,
            "entry": entry,
            "faults": [],
            "name": f"{problem.id}: your design",
            "description": None,
        }
    )
    _follow_traffic(design, reference, set(kept))
    added = {c.name for c in components} - set(kept)
    if "shards" not in chosen and "nosql_database" not in chosen:
        added -= {c.name for c in components if c.kind is Kind.DATABASE}  # one SQL primary
    _size_added(design, added)
    built.design = Design.model_validate(design.model_dump())
    has_store = any(c.kind is Kind.DATABASE for c in built.design.components)
    if not has_store and any(c.kind is Kind.DATABASE for c in reference.components):
        built.notes.append("no database picked: the simulation leaves the data store out")
    claimed = set(owner.values())
    built.side = [ITEMS[p].short for p in chosen if p not in claimed and not ITEMS[p].on_path]
    if built.side:
        built.notes.append(
            f"off the request path, drawn but not simulated: {', '.join(built.side)}"
        )
    return built


def side_picks(problem: Problem, picks: Sequence[str]) -> list[str]:
    """The picks drawn beside the design but not simulated (off every request path)."""
    return build_design(problem, picks).side


def _by_name(design: Design) -> dict[str, Component]:
    return {c.name: c for c in design.components}


def _claim(reference: Design, chosen: Sequence[str]) -> dict[str, str]:
    """reference component name -> the pick that claims it."""
    owner: dict[str, str] = {}
    for pick in CLAIM_ORDER:
        if pick not in chosen:
            continue
        for comp in reference.components:
            if comp.name not in owner and matches(ITEMS[pick], comp):
                owner[comp.name] = pick
    return owner


def _addable(chosen: Sequence[str]) -> bool:
    return any(ITEMS[p].on_path and ITEMS[p].kind is not None for p in chosen)


def _rewire(reference: Design, kept: dict[str, Component]) -> tuple[list[Component], str | None]:
    """Drop unkept components; a caller of a dropped one calls what it called."""
    everything = _by_name(reference)

    def expand(names: Sequence[str], seen: frozenset[str] = frozenset()) -> list[str]:
        out: list[str] = []
        for name in names:
            if name in kept:
                out.append(name)
            elif name in everything and name not in seen:
                out += expand(everything[name].calls, seen | {name})
        return list(dict.fromkeys(out))

    components = []
    for comp in reference.components:
        if comp.name in kept:
            components.append(kept[comp.name].model_copy(update={"calls": expand(comp.calls)}))
    entries = expand([reference.entry_component.name])
    return components, (entries[0] if entries else None)


def _new(pick: str, names: set[str]) -> Component:
    item, spec = ITEMS[pick], DEFAULTS[pick]
    name = item.name
    while name in names:
        name += "2"
    return Component(
        name=name,
        kind=item.kind or Kind.SERVICE,
        concurrency=int(spec["concurrency"]),
        service_ms=ServiceTime(mean=spec["mean"]),
        hit_ratio=spec.get("hit_ratio"),
        label=f"{item.short} (added)",
    )


def _add_missing(
    components: list[Component], entry: str | None, chosen: Sequence[str], claimed: set[str]
) -> tuple[list[Component], str | None]:
    missing = [p for p in chosen if p not in claimed and ITEMS[p].on_path and ITEMS[p].kind]
    names = {c.name for c in components}
    databases = [p for p in missing if p in DATABASE_IDS][:1]  # one store is simulated
    # the store before the cache, so an added cache finds the store it fronts
    for pick in [p for p in ("app_servers", *databases, "cache") if p in missing]:
        comp = _new(pick, names)
        names.add(comp.name)
        if pick == "app_servers":
            entry = _insert_after_front(components, entry, comp)
        elif pick == "cache" and (target := _cache_target(components, entry)):
            entry = _insert_before(components, entry, comp, target)
        else:
            leaf = _leaf(components, entry)
            if leaf is None:
                entry = comp.name
            else:
                leaf.calls = [*leaf.calls, comp.name]
        components.append(comp)
    for pick in ("load_balancer", "cdn"):  # the front of the path, CDN first
        if pick in missing:
            comp = _new(pick, names)
            names.add(comp.name)
            comp.calls = [entry] if entry else []
            components.insert(0, comp)
            entry = comp.name
    return components, entry


def _insert_after_front(components: list[Component], entry: str | None, comp: Component) -> str:
    fronts = [c for c in components if c.kind in (Kind.CDN, Kind.LOAD_BALANCER)]
    if fronts:
        comp.calls, fronts[-1].calls = list(fronts[-1].calls), [comp.name]
        return entry or comp.name
    comp.calls = [entry] if entry else []
    return comp.name


def _insert_before(
    components: list[Component], entry: str | None, comp: Component, target: str
) -> str | None:
    for other in components:
        other.calls = [comp.name if c == target else c for c in other.calls]
    comp.calls = [target]
    return comp.name if entry == target else entry


def _cache_target(components: list[Component], entry: str | None) -> str | None:
    """What an added cache sits in front of: the store, else the deepest of several services."""
    stores = [c for c in components if c.kind is Kind.DATABASE]
    stores.sort(key=lambda c: not is_database(c))  # a cache fronts a database, not blobs
    if stores:
        return stores[0].name
    by_name = {c.name: c for c in components}
    path, node = [], by_name.get(entry or "")
    while node is not None and node not in path:
        path.append(node)
        node = by_name.get(node.calls[0]) if node.calls else None
    services = [c for c in path if c.kind is Kind.SERVICE]
    return services[-1].name if len(services) >= 2 else None


def _leaf(components: list[Component], entry: str | None) -> Component | None:
    """The end of the main path: follow the first call from the entry."""
    by_name = {c.name: c for c in components}
    node, seen = by_name.get(entry or ""), set()
    while node is not None and node.calls and node.name not in seen:
        seen.add(node.name)
        after = by_name.get(node.calls[0], node)
        if after.kind is Kind.DATABASE and node.kind is not Kind.DATABASE:
            break  # an added store sits beside a store, never behind it
        node = after
    return node


def _apply_database_modifiers(
    components: list[Component], chosen: Sequence[str], notes: list[str]
) -> None:
    """A NoSQL store is partitioned and replicated by design (it keeps the reference's
    nodes and replicas); a SQL database is one primary unless sharding or read
    replicas were picked."""
    nosql = "nosql_database" in chosen
    for db in (c for c in components if is_database(c)):
        if "read_replicas" in chosen:
            db.replicas = max(db.replicas, DEFAULT_REPLICAS)
        elif not nosql:
            db.replicas = 0
        if "shards" in chosen:
            db.nodes = max(db.nodes, DEFAULT_SHARDS)
        elif not nosql and db.nodes > 1:
            notes.append(f"{db.name}: one primary without sharding (the reference uses {db.nodes})")
            db.nodes = 1


def _follow_traffic(design: Design, reference: Design, kept: set[str]) -> None:
    """Stateless tiers kept from the reference grow with the traffic the user's design
    sends them (no CDN in front: more requests reach the load balancer). Caches and
    stores keep the reference's counts: those are the choices the user makes."""
    before, after = arrival_rates(reference), arrival_rates(design)
    for comp in design.components:
        if comp.name in kept and comp.kind in STATELESS and before.get(comp.name):
            grown = after.get(comp.name, 0.0) / before[comp.name]
            if grown > 1.05:
                comp.nodes = math.ceil(comp.nodes * grown)


def _size_added(design: Design, added: set[str]) -> None:
    """Give each added component enough nodes to run at the target utilisation."""
    rates = arrival_rates(design)
    for comp in design.components:
        if comp.name in added:
            busy = rates.get(comp.name, 0.0) * comp.service_ms.mean / 1000.0
            comp.nodes = max(1, math.ceil(busy / (comp.concurrency * TARGET_UTILIZATION)))


def arrival_rates(design: Design, rps: float | None = None) -> dict[str, float]:
    """Requests per second reaching each component: caches answer their share of the
    reads, and a component that sees only reads or only writes gets only those."""
    by_name = _by_name(design)
    rates: dict[str, float] = {}
    total = rps if rps is not None else design.load.rps

    def flow(name: str, reads: float, writes: float, depth: int) -> None:
        comp = by_name.get(name)
        if comp is None or depth > len(by_name):
            return
        if comp.sees is Traffic.READS:
            writes = 0.0
        elif comp.sees is Traffic.WRITES:
            reads = 0.0
        rates[name] = rates.get(name, 0.0) + reads + writes
        if comp.kind in (Kind.CACHE, Kind.CDN) and comp.hit_ratio:
            reads *= 1.0 - comp.hit_ratio
        if comp.keeps_writes:
            writes = 0.0
        for callee in comp.calls:
            flow(callee, reads, writes, depth + 1)

    read_ratio = design.load.read_ratio
    flow(design.entry_component.name, total * read_ratio, total * (1 - read_ratio), 0)
    return rates
