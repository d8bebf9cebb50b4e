"""Changes the user types between simulation runs: `app.nodes=12 +cache`.

`NAME.FIELD=VALUE` sets a number on one component (nodes, concurrency,
replicas, hit_ratio); `+ID` and `-ID` add or remove a catalogue component
(`+cache`, `-cdn`, `+replicas`, `+shards`). Counts set earlier survive an
added or removed component.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from coach.errors import did_you_mean
from coach.problems.model import Problem
from coach.session.catalogue import ITEMS
from coach.session.design_builder import DEFAULT_REPLICAS, DEFAULT_SHARDS, build_design
from coach.simulate.design import Design, Kind

FIELDS = ("nodes", "concurrency", "replicas", "hit_ratio")
ALIASES = {
    "app": "app_servers",
    "lb": "load_balancer",
    "db": "sql_database",
    "nosql": "nosql_database",
    "sql": "sql_database",
    "replica": "read_replicas",
    "replicas": "read_replicas",
    "shard": "shards",
    "queue": "message_queue",
    "search": "search_index",
}
EXAMPLES = "e.g. app.nodes=12, db.replicas=2, +cache, -cdn"
_SET = re.compile(r"^([A-Za-z0-9_.-]+)\.([a-z_]+)=(\S+)$")


class TweakError(ValueError):
    """A change that cannot be applied; the message says why."""


@dataclass(frozen=True)
class Tweaked:
    design: Design
    picks: list[str]
    changes: list[str]  # what was done, in words


def apply_tweaks(problem: Problem, design: Design, picks: Sequence[str], text: str) -> Tweaked:
    """Apply every change in `text` to a copy of `design`."""
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
    return Tweaked(current, chosen, changes)


def _set(design: Design, token: str) -> tuple[Design, str]:
    match = _SET.match(token)
    if not match:
        raise TweakError(f"cannot read '{token}' ({EXAMPLES})")
    name, field, raw = match.groups()
    names = [c.name for c in design.components]
    if name not in names:
        raise TweakError(
            f"no component '{name}' in the design{did_you_mean(name, names)} "
            f"(components: {', '.join(names)})"
        )
    if field not in FIELDS:
        raise TweakError(
            f"cannot set '{field}'{did_you_mean(field, FIELDS)} (one of: {', '.join(FIELDS)})"
        )
    data = design.model_dump()
    for comp in data["components"]:
        if comp["name"] == name:
            comp[field] = raw
    try:
        return Design.model_validate(data), f"{name}.{field} = {raw}"
    except ValidationError as exc:
        from coach.schema_messages import value_problem

        raise TweakError(f"{name}.{field}={raw}: {value_problem(exc.errors()[0])}") from None


def _toggle(
    problem: Problem, design: Design, picks: list[str], token: str
) -> tuple[Design, list[str], str]:
    sign, word = token[0], token[1:].lower()
    pick = ALIASES.get(word, word)
    if pick not in ITEMS:
        choices = [*ITEMS, *ALIASES]
        raise TweakError(
            f"no component '{word}' to add or remove{did_you_mean(word, choices)}"
            f" (one of: {', '.join(ITEMS)})"
        )
    adding = sign == "+"
    if adding == (pick in picks):
        raise TweakError(f"{ITEMS[pick].short} is {'already' if adding else 'not'} in the design")
    if pick in ("read_replicas", "shards"):
        done = _done(pick, adding)
        return _modify_stores(design, pick, adding), _picked(picks, pick, adding), done
    picks = _picked(picks, pick, adding)
    rebuilt = build_design(problem, picks).design
    if rebuilt is None:
        raise TweakError(f"without {ITEMS[pick].short} nothing is left to simulate")
    return _carry_counts(design, rebuilt), picks, _done(pick, adding)


def _done(pick: str, adding: bool) -> str:
    return f"{'added' if adding else 'removed'} {ITEMS[pick].short.lower()}"


def _picked(picks: list[str], pick: str, adding: bool) -> list[str]:
    return [*picks, pick] if adding else [p for p in picks if p != pick]


def _modify_stores(design: Design, pick: str, adding: bool) -> Design:
    stores = [c for c in design.components if c.kind is Kind.DATABASE]
    if not stores:
        raise TweakError("the design has no database to change")
    for store in stores:
        if pick == "read_replicas":
            store.replicas = DEFAULT_REPLICAS if adding else 0
        else:
            store.nodes = max(store.nodes, DEFAULT_SHARDS) if adding else 1
    return Design.model_validate(design.model_dump())


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
