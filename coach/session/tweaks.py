"""Changes the user types between simulation runs: `api.nodes=12 +cache`.

`NAME.FIELD=VALUE` sets a number on one component (nodes, concurrency,
replicas, hit_ratio); NAME is a component of the design or a catalogue alias
(`app`, `db`, `lb`, `cache`...) that stands for the design's own component of
that kind. `+ID` and `-ID` add or remove a catalogue component (`+cache`,
`-cdn`, `+queue`); `+replicas` and `+shards` raise the stores' counts, never
lower them. Counts set earlier survive an added or removed component, and no
picked component leaves the design because of another's change.

Each change says what it did with before and after ("api: 8 -> 12 nodes"); one
that cannot apply says what would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from coach.errors import did_you_mean
from coach.problems.model import Problem
from coach.session.catalogue import ITEMS, is_database, matches
from coach.session.design_builder import DEFAULT_REPLICAS, DEFAULT_SHARDS, build_design
from coach.simulate.design import Component, Design, Kind
from coach.simulate.topology import hit_ratio

FIELDS = ("nodes", "concurrency", "replicas", "hit_ratio")
ALIASES = {
    "app": "app_servers",
    "api": "app_servers",
    "lb": "load_balancer",
    "db": "sql_database",
    "database": "sql_database",
    "store": "sql_database",
    "nosql": "nosql_database",
    "sql": "sql_database",
    "replica": "read_replicas",
    "replicas": "read_replicas",
    "shard": "shards",
    "queue": "message_queue",
    "search": "search_index",
    "worker": "workers",
    "blobs": "object_storage",
}
# What a set field means, in words, for "api: 8 -> 12 nodes".
UNITS = {
    "nodes": "nodes",
    "replicas": "read replicas",
    "concurrency": "concurrent requests per node",
}
EXAMPLES = "e.g. app.nodes=12, db.replicas=2, +cache, -cdn"
_SET = re.compile(r"^([A-Za-z0-9_.-]+)\.([a-z_]+)=(\S+)$")


class TweakError(ValueError):
    """A change that cannot be applied; the message says why and what would."""


@dataclass(frozen=True)
class Tweaked:
    design: Design
    picks: list[str]
    changes: list[str]  # what was done, in words, with before and after
    side: list[str] = field(default_factory=list)  # picks drawn but not simulated


def apply_tweaks(problem: Problem, design: Design, picks: Sequence[str], text: str) -> Tweaked:
    """Apply every change in `text` to a copy of `design`, in order."""
    current, chosen, changes = design.model_copy(deep=True), list(picks), []
    tokens = text.replace(",", " ").split()
    if not tokens:
        raise TweakError(f"no change given ({EXAMPLES})")
    for token in tokens:
        if token[0] in "+-":
            current, chosen, done = _toggle(problem, current, chosen, token)
        else:
            current, done = _set(current, token)
        changes.append(done)
    return Tweaked(current, chosen, changes, build_design(problem, chosen).side)


def resolve(design: Design, name: str) -> str:
    """The design's component called `name`, or the one an alias stands for."""
    names = [c.name for c in design.components]
    if name in names:
        return name
    pick = ALIASES.get(name.lower(), name.lower())
    found = _playing(design, pick) if pick in ITEMS else []
    if pick in ("sql_database", "nosql_database"):
        found = [c.name for c in design.components if c.kind is Kind.DATABASE]
    if found:  # several: the one a request meets first (its name is in the message)
        order = _path_order(design)
        return min(found, key=lambda n: order.get(n, len(order)))
    if pick in ITEMS:
        raise TweakError(
            f"no {ITEMS[pick].short.lower()} on the simulated request path "
            f"(components: {', '.join(names)})"
        )
    raise TweakError(
        f"no component '{name}' in the design{did_you_mean(name, [*names, *ALIASES], cutoff=60)} "
        f"(components: {', '.join(names)})"
    )


def _path_order(design: Design) -> dict[str, int]:
    """Each component's place in a breadth-first walk from the entry."""
    order: dict[str, int] = {}
    queue = [design.entry_component.name]
    while queue:
        name = queue.pop(0)
        if name not in order:
            order[name] = len(order)
            queue += design.component(name).calls
    return order


def _playing(design: Design, pick: str) -> list[str]:
    item = ITEMS[pick]
    return [c.name for c in design.components if c.name == item.name or matches(item, c)]


def _set(design: Design, token: str) -> tuple[Design, str]:
    match = _SET.match(token)
    if not match:
        raise TweakError(f"cannot read '{token}' ({EXAMPLES})")
    typed, field_name, raw = match.groups()
    if field_name not in FIELDS:
        raise TweakError(
            f"cannot set '{field_name}'{did_you_mean(field_name, FIELDS)} "
            f"(one of: {', '.join(FIELDS)})"
        )
    name = resolve(design, typed)
    comp = design.component(name)
    _check_field(design, comp, field_name)
    before = getattr(comp, field_name)
    data = design.model_dump()
    for entry in data["components"]:
        if entry["name"] == name:
            entry[field_name] = raw
    try:
        changed = Design.model_validate(data)
    except ValidationError as exc:
        from coach.schema_messages import value_problem

        raise TweakError(f"{typed}.{field_name}={raw}: {value_problem(exc.errors()[0])}") from None
    after = getattr(changed.component(name), field_name)
    if after == before:
        raise TweakError(f"{name} already has {_said(field_name, after)}: give another value")
    return changed, _before_after(name, field_name, before, after)


def _check_field(design: Design, comp: Component, field_name: str) -> None:
    """Refuse a field the component does not have, naming the components that do."""
    if field_name == "replicas" and comp.kind is not Kind.DATABASE:
        stores = [c.name for c in design.components if c.kind is Kind.DATABASE]
        what = f"try {stores[0]}.replicas=N" if stores else "the design has no database"
        raise TweakError(f"{comp.name} is not a database, so it has no read replicas: {what}")
    if field_name == "hit_ratio" and comp.kind not in (Kind.CACHE, Kind.CDN):
        caches = [c for c in design.components if c.kind in (Kind.CACHE, Kind.CDN)]
        better = higher_hit_ratio(caches[0]) if caches else None
        what = (
            "add one with +cache"
            if not caches
            else f"try {caches[0].name}.hit_ratio={better:g}"
            if better
            else f"try {caches[0].name}.nodes={caches[0].nodes + 2}"
        )
        raise TweakError(f"{comp.name} is not a cache, so it has no hit ratio: {what}")


def _said(field_name: str, value: object) -> str:
    if field_name == "hit_ratio":
        return f"a hit ratio of {value}"
    return f"{value} {UNITS[field_name]}"


def _before_after(name: str, field_name: str, before: object, after: object) -> str:
    if field_name == "hit_ratio":
        return f"{name}: hit ratio {before} -> {after}"
    return f"{name}: {before} -> {after} {UNITS[field_name]}"


def _toggle(
    problem: Problem, design: Design, picks: list[str], token: str
) -> tuple[Design, list[str], str]:
    sign, word = token[0], token[1:]
    pick = _pick_for(design, word)
    adding = sign == "+"
    if pick in ("read_replicas", "shards"):
        return _modify_stores(design, picks, pick, adding)
    if adding and pick in picks:
        raise TweakError(_already(design, pick))
    if not adding and pick not in picks:
        removable = ", ".join(f"-{p}" for p in picks)
        raise TweakError(f"{ITEMS[pick].short} is not in the design (one of: {removable})")
    chosen = [*picks, pick] if adding else [p for p in picks if p != pick]
    rebuilt = build_design(problem, chosen).design
    if rebuilt is None:
        raise TweakError(f"without {ITEMS[pick].short} nothing is left to simulate")
    result = _carry_counts(design, rebuilt)
    return result, chosen, _toggled(problem, design, result, pick, adding)


def _pick_for(design: Design, word: str) -> str:
    """A catalogue id for `word`: an id, an alias, or a component of the design."""
    lowered = word.lower()
    pick = ALIASES.get(lowered, lowered)
    if pick in ITEMS:
        return pick
    comp = next((c for c in design.components if c.name == word), None)
    owner = next((p for p in ITEMS if comp is not None and matches(ITEMS[p], comp)), None)
    if owner is not None:
        return owner
    choices = [*ITEMS, *ALIASES, *(c.name for c in design.components)]
    raise TweakError(
        f"no component '{word}' to add or remove{did_you_mean(word, choices)}"
        f" (one of: {', '.join(ITEMS)})"
    )


def _already(design: Design, pick: str) -> str:
    short = ITEMS[pick].short.lower()
    names = _playing(design, pick)
    if not names:
        return f"{short} is already in the design (drawn; it is off the simulated request path)"
    comp = design.component(names[0])
    tries = f"{comp.name}.nodes={comp.nodes + 2}"
    if comp.kind in (Kind.CACHE, Kind.CDN) and (better := higher_hit_ratio(comp)):
        tries += f" or {comp.name}.hit_ratio={better:g}"
    return f"{short} is already in the design: try {tries}"


def higher_hit_ratio(comp: Component) -> float | None:
    """A hit ratio a step above the cache's own (never the one it has): 0.95, then half
    the remaining misses; None for a cache that already answers every read."""
    now = hit_ratio(comp)
    if now >= 1:
        return None
    return 0.95 if now < 0.95 else round(1 - (1 - now) / 2, 4)


def _toggled(problem: Problem, old: Design, new: Design, pick: str, adding: bool) -> str:
    before, after = {c.name for c in old.components}, {c.name for c in new.components}
    moved = sorted(after - before) if adding else sorted(before - after)
    verb, short = ("added" if adding else "removed"), ITEMS[pick].short.lower()
    if moved:
        parts = [f"{n} ({new.component(n).nodes} nodes)" if adding else n for n in moved]
        return f"{verb} {short}: {', '.join(parts)}"
    return f"{verb} {short} (drawn; off the simulated request path, so the runs do not change)"


def _modify_stores(
    design: Design, picks: list[str], pick: str, adding: bool
) -> tuple[Design, list[str], str]:
    """`+replicas`/`+shards` raise every database's count (never lower it); `-` sets it
    back. Object stores (a data lake, blobs) have neither."""
    stores = [c for c in design.components if is_database(c)]
    if not stores:
        raise TweakError("the design has no database to change: add one first with +db")
    done, changed = [], False
    for store in stores:
        field_name = "replicas" if pick == "read_replicas" else "nodes"
        before = getattr(store, field_name)
        if pick == "read_replicas":
            after = max(DEFAULT_REPLICAS, before + 1) if adding else 0
        else:
            after = max(DEFAULT_SHARDS, before * 2) if adding else 1
        setattr(store, field_name, after)
        changed = changed or after != before
        unit = "read replicas" if pick == "read_replicas" else "shards"
        done.append(f"{store.name}: {before} -> {after} {unit}")
    if not changed:
        raise TweakError(
            f"the stores have no {ITEMS[pick].short} to remove: try +{ITEMS[pick].name}"
        )
    if adding:
        chosen = list(picks) if pick in picks else [*picks, pick]
    else:
        chosen = [p for p in picks if p != pick]
    return Design.model_validate(design.model_dump()), chosen, "; ".join(done)


def _carry_counts(old: Design, new: Design) -> Design:
    """Keep what the user set before on components that are still there."""
    before = {c.name: c for c in old.components}
    for comp in new.components:
        if comp.name in before:
            prior = before[comp.name]
            comp.nodes, comp.concurrency = prior.nodes, prior.concurrency
            comp.replicas = prior.replicas if comp.kind is Kind.DATABASE else 0
            if comp.hit_ratio is not None and prior.hit_ratio is not None:
                comp.hit_ratio = prior.hit_ratio
    return Design.model_validate(new.model_dump())


def offered(design: Design, picks: Sequence[str]) -> list[str]:
    """One of every kind of change the re-run prompt takes, for this design, each with a
    value that changes something (the bank's tests apply them all on every problem)."""
    out: list[str] = []
    for comp in design.components:
        out += [
            f"{comp.name}.nodes={comp.nodes + 2}",
            f"{comp.name}.concurrency={comp.concurrency * 2}",
        ]
        if comp.kind is Kind.DATABASE:
            out.append(f"{comp.name}.replicas={comp.replicas + 2}")
        if comp.hit_ratio is not None:
            out.append(f"{comp.name}.hit_ratio={0.9 if comp.hit_ratio >= 0.95 else 0.95}")
    adds = [p for p in ("cache", "message_queue", "cdn", "load_balancer") if p not in picks]
    out += [f"+{ITEMS[p].name if p != 'load_balancer' else 'lb'}" for p in adds]
    if any(c.kind is Kind.DATABASE for c in design.components):
        out += ["+replicas", "+shards"]
    out += [f"-{p}" for p in picks if p not in ("read_replicas", "shards")]
    return out
