"""What to change when a simulation run misses the SLO, as a command to type.

The load the run's report gives its bottleneck (the queueing model's offered
load at the run's worst moment, a spike's peak included, when that is above
the measured utilisation, which a backlog caps at 100%) says how much
capacity is missing: the figure the run's table shows and the design checks
use. The suggestion is a change the re-run prompt accepts (`app.nodes=24`,
`db.replicas=3`, `+cache`).
"""

from __future__ import annotations

from coach.session.record import SimulationRun
from coach.simulate.design import Component, Design, Kind

SPIKE_FACTOR = 3.0


def advise(design: Design, runs: list[SimulationRun]) -> list[str]:
    """One line per run that misses the SLO: what went wrong and a change to try."""
    advice: list[str] = []
    for run in runs:
        if _met(run):
            continue
        if advice and not _met(runs[0]):
            advice.append("the spike and node-down runs fail for the same reason: fix that first")
            break
        name = run.report.get("bottleneck")
        if name is None or name not in {c.name for c in design.components}:
            advice.append(f"{run.label}: the SLO is missed")
            continue
        comp = design.component(name)
        if run.design.faults:
            advice.append(_fault_advice(run, comp))
        elif run.design.load.pattern.kind == "spike":
            pool, load = _reported(run) or _busiest_pool(design, name, SPIKE_FACTOR)
            change = _with_cache(design, comp, _more(comp, pool, load))
            advice.append(
                f"{run.label}: at the peak {name} is offered {load:.0%} of its capacity; "
                f"try {change} (or autoscale, or shed load)"
            )
        else:
            pool, load = _reported(run) or _busiest_pool(design, name, 1.0)
            text = run.report.get("advice") or f"{name} cannot keep up"
            advice.append(
                f"{run.label}: {text}; try {_with_cache(design, comp, _more(comp, pool, load))}"
            )
    if not advice and runs:
        advice.append(_all_met(design, runs))
    return advice


def _all_met(design: Design, runs: list[SimulationRun]) -> str:
    """Every run met the SLO: fewer nodes to find the limit, unless a tier was offered
    more than its capacity at some run's worst moment and held only because that moment
    was short (then "fewer nodes" would contradict the table beside it)."""
    names = {c.name for c in design.components}
    for run in runs:
        name, load = run.report.get("bottleneck"), run.report.get("bottleneck_utilization")
        if name in names and isinstance(load, (int, float)) and load >= 1:
            comp = design.component(name)
            pool = run.report.get("bottleneck_pool") or "primary"
            change = _with_cache(design, comp, _more(comp, pool, float(load)))
            return (
                f"every run meets the SLO, but {run.label} offers {name} {load:.0%} of its "
                f"capacity at its worst moment, held only while that lasted; try {change}"
            )
    return "every run meets the SLO: try fewer nodes to find the limit"


def _met(run: SimulationRun) -> bool:
    return bool((run.report.get("slo") or {}).get("met"))


def _reported(run: SimulationRun) -> tuple[str, float] | None:
    """The bottleneck's pool and load as the run's report gives them (None: an older report)."""
    load = run.report.get("bottleneck_utilization")
    pool = run.report.get("bottleneck_pool")
    if load is None or pool is None:
        return None
    return pool or "primary", float(load)


def _busiest_pool(design: Design, name: str, factor: float) -> tuple[str, float]:
    """The pool of `name` the model finds busiest at load, and its offered load x factor."""
    from coach.simulate.analytic import analytic

    tier = analytic(design).get(name)
    if tier is None or not tier.pools:
        return "primary", 0.0
    pool = max(tier.pools, key=lambda p: p.utilization)
    return pool.pool, pool.utilization * factor


def _more(comp: Component, pool: str, load: float) -> str:
    """The count that brings `pool` to the engine's target utilisation."""
    from coach.simulate.analytic import nodes_for
    from coach.simulate.report import TARGET_UTILIZATION

    if pool == "replicas" and comp.replicas:
        total = nodes_for(load, comp.replicas * comp.nodes, TARGET_UTILIZATION)
        per_primary = -(-total // comp.nodes)
        return f"{comp.name}.replicas={per_primary}" if per_primary > comp.replicas else ""
    needed = nodes_for(load, comp.nodes, TARGET_UTILIZATION)
    return f"{comp.name}.nodes={needed}" if needed > comp.nodes else ""


def _fault_advice(run: SimulationRun, comp: Component) -> str:
    if comp.nodes == 1:
        return (
            f"{run.label}: a single {comp.name} node is a single point of failure; "
            f"try {comp.name}.nodes=2"
        )
    return (
        f"{run.label}: the other {comp.nodes - 1} cannot carry the load; "
        f"try {comp.name}.nodes={comp.nodes + 1} (N+1)"
    )


def _with_cache(design: Design, comp: Component, change: str) -> str:
    """A store with no cache in front: suggest one too."""
    caches = any(c.kind in (Kind.CACHE, Kind.CDN) for c in design.components)
    if comp.kind is Kind.DATABASE and not caches:
        return f"{change} or +cache" if change else "+cache"
    return change or "a faster tier, or a cache in front of it"
