"""What a run's figures mean: the bottleneck with a fix, and warnings that name the cause.

The bottleneck is the pool with the highest load, measured or offered by the
model at the run's worst moment (a spike, a fault), whichever is higher: a
backlog caps the measured utilisation at 100%, the offered load says how far
past capacity the pool is. Warnings say why requests failed or were retried
(nodes down, client timeouts, full queues: counted where they happened),
when a tier has no steady state, and when the run is too short for its mean
or p99 to be stable (their batch-means confidence intervals).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from coach.simulate.analytic import nodes_for, overloaded
from coach.simulate.engine import MAX_REQUESTS
from coach.simulate.precision import MEAN_TOLERANCE, P99_TOLERANCE

if TYPE_CHECKING:
    from coach.simulate.design import Design
    from coach.simulate.report import Bottleneck, ComponentStats, PoolStats, SimReport, SloResult


def bottleneck(
    design: Design,
    components: dict[str, ComponentStats],
    slo: SloResult | None,
    amplification: float,
) -> Bottleneck | None:
    """The busiest pool (measured, or offered at the worst moment if higher) and a fix."""
    from coach.simulate.report import STORM, Bottleneck

    best: tuple[float, str, PoolStats, str] | None = None
    for name, comp in components.items():
        for pool in comp.pools:
            offered = pool.peak.utilization if pool.peak else 0.0
            load, why = (
                (offered, pool.peak.why)
                if pool.peak and offered > pool.utilization
                else (
                    pool.utilization,
                    "",
                )
            )
            if best is None or load > best[0]:
                best = (load, name, pool, why)
    if best is None:
        return None
    load, name, pool, why = best
    advice = _advice(design, name, pool, load, components, slo)
    if amplification >= STORM:
        advice = (
            f"a retry storm ({amplification:.1f} attempts per request): give the client a "
            f"timeout above the queueing delay, fewer attempts or a backoff; then {advice}"
        )
    return Bottleneck(name, pool.pool, load, advice, why)


def _advice(
    design: Design,
    name: str,
    pool: PoolStats,
    load: float,
    components: dict[str, ComponentStats],
    slo: SloResult | None,
) -> str:
    from coach.simulate.report import TARGET_UTILIZATION

    where = pool.label
    peak = pool.peak if pool.peak and pool.peak.utilization >= load else None
    down = peak.down if peak else 0
    when = f" {peak.why}" if peak and peak.why else ""
    if math.isinf(load):
        return (
            f"{where} has all {pool.nodes} nodes down at once: nothing serves its requests "
            "while the fault lasts; spread its nodes so one fault cannot take them all"
        )
    state = (
        f"offered {load:.0%} of its capacity" if overloaded(load) else f"at {load:.0%} utilisation"
    )
    if load >= TARGET_UTILIZATION:
        up = pool.nodes - down
        if pool.pool == "replicas":
            primaries = design.component(name).nodes
            needed = nodes_for(load, up, TARGET_UTILIZATION) + down
            per_primary = -(-needed // primaries)
            after = load * up / (per_primary * primaries - down)
            return (
                f"{where} {state}{when}: {per_primary} replicas per primary "
                f"bring them to {after:.0%}"
            )
        needed = nodes_for(load, up, TARGET_UTILIZATION) + down
        after = load * up / (needed - down)
        what = "primaries (shard the writes)" if pool.pool == "primary" else "nodes"
        return f"{where} {state}{when}: {needed} {what} bring it to {after:.0%}"
    if slo is not None and not slo.met:
        slowest = max(
            components.values(), key=lambda c: c.mean_response_ms * c.visits, default=None
        )
        if slowest is not None:
            return (
                f"no tier is above {TARGET_UTILIZATION:.0%}, yet the SLO is missed: "
                f"{slowest.name} takes {slowest.mean_response_ms:.1f} ms a visit; make it "
                "faster, cache in front of it, or take it off the synchronous path"
            )
    return f"{where}, the busiest tier, {state}{when}: room to grow"


def warnings(design: Design, report: SimReport) -> list[str]:
    """What the reader should know before trusting the figures, most serious first."""
    found = _overload(report)
    causes = _causes(design, report)
    amplification = report.retry_amplification
    if amplification >= 1.1:
        found.append(f"retries multiplied the load by {amplification:.2f}x: {causes}")
    if report.failed:
        said = "" if amplification >= 1.1 or not causes else f": {causes}"
        found.append(
            f"{report.failed:,} of {report.requests:,} requests failed "
            f"({report.failed / report.requests:.2%}) after every attempt{said}"
        )
    if not any(t.overloaded for t in report.analytic.values()):
        found += _imprecise(report)
    return found


def _overload(report: SimReport) -> list[str]:
    found = []
    for tier in report.analytic.values():
        stats = report.components.get(tier.component)
        measured = {p.pool: p for p in stats.pools} if stats else {}
        for pool in tier.pools:
            seen = measured.get(pool.pool)
            if pool.overloaded and not pool.stable:
                slo = " and no run length meets the SLO" if report.slo is not None else ""
                found.append(
                    f"{pool.label} is unstable: offered {pool.utilization:.0%} of its capacity, "
                    f"so its queue grows without bound{slo} (the run ends after its requests; "
                    "figures show a backlog, not a steady state)"
                )
            elif seen is not None and max(pool.drop_ratio, seen.drop_ratio) >= 0.001:
                head = (
                    f"{pool.label} is offered {pool.utilization:.0%} of its capacity: its queue "
                    "limit"
                    if pool.overloaded
                    else f"{pool.label}'s queue limit"
                )
                found.append(
                    f"{head} refused {seen.drop_ratio:.2%} of its visits (model "
                    f"{'' if pool.exact else '~'}{pool.drop_ratio:.2%}, {pool.model})"
                )
    return found


def _causes(design: Design, report: SimReport) -> str:
    """Where attempts failed, by kind, the largest first: "120 timed out at db; ..."."""
    timeout = design.retry.timeout_ms if design.retry else None
    kinds = (
        ("errors", "lost to nodes down at {}"),
        (
            "timeouts",
            f"timed out at {{}} (the client gives up after {timeout:g} ms)"
            if timeout is not None
            else "timed out at {}",
        ),
        ("dropped", "refused by a full queue at {}"),
    )
    parts = []
    for attr, text in kinds:
        counts = sorted(
            ((getattr(p, attr), p.label) for c in report.components.values() for p in c.pools),
            reverse=True,
        )
        counts = [(n, label) for n, label in counts if n]
        if not counts:
            continue
        total = sum(n for n, _ in counts)
        names = ", ".join(label for _, label in counts[:2]) + (
            " and others" if len(counts) > 2 else ""
        )
        parts.append((total, f"{total:,} attempts " + text.format(names)))
    parts.sort(reverse=True)
    return "; ".join(text for _, text in parts)


def _imprecise(report: SimReport) -> list[str]:
    """A warning when the run is too short for its mean or p99 to be stable."""
    p = report.precision
    if p is None:
        if report.completed > 0:
            return [
                f"only {report.completed:,} requests answered: too few to say how precise the "
                "mean and p99 are (run more requests)"
            ]
        return []
    loose = []
    if p.mean.relative > MEAN_TOLERANCE:
        loose.append(f"mean {p.mean.estimate:,.1f} ms +-{p.mean.relative:.0%}")
    if p.p99.relative > P99_TOLERANCE:
        loose.append(f"p99 {p.p99.estimate:,.1f} ms +-{p.p99.relative:.0%}")
    if not loose:
        return []
    needed = p.requests_for(report.requests)
    more = (
        f"about {_round_up(needed):,} requests would pin them to +-{MEAN_TOLERANCE:.0%} and "
        f"+-{P99_TOLERANCE:.0%} (--requests)"
        if needed <= MAX_REQUESTS
        else f"even {MAX_REQUESTS:,} requests would not pin them down: the service times' tail "
        "rules the figures, so read them as rough"
    )
    return [
        f"the run is too short for stable figures: {' and '.join(loose)} (95% confidence, "
        f"batch means); {more}"
    ]


def _round_up(count: int) -> int:
    """Two significant figures, rounded up: 76,396 -> 77,000."""
    scale = 10 ** max(len(str(count)) - 2, 0)
    return -(-count // scale) * scale
