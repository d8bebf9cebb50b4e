"""A run's figures, summarised: the `SimReport` and its public JSON form.

`SimReport.to_json()` is the `coach simulate --json` contract: requests,
throughput_rps, latency_ms{mean,p50,p95,p99,max},
components{NAME:{utilization,mean_wait_ms,dropped,timeouts}}, slo{p99_ms,met},
bottleneck, analytic{NAME:{utilization,mean_response_ms}}; other keys are
extras and may grow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.simulate.analytic import TierModel, model_latency, nodes_for
from coach.simulate.design import Design
from coach.simulate.result import RawResult, StationTrace
from coach.simulate.topology import Topology

TARGET_UTILIZATION = 0.75
STORM = 1.5  # attempts per request that make retries the first thing to fix


@dataclass(frozen=True)
class Latency:
    mean: float
    p50: float
    p95: float
    p99: float
    max: float

    def to_json(self) -> dict[str, float]:
        return {k: round(getattr(self, k), 3) for k in ("mean", "p50", "p95", "p99", "max")}


@dataclass(frozen=True)
class PoolStats:
    """What one station did: a component, or one pool of a replicated database."""

    label: str
    pool: str
    nodes: int
    concurrency: int
    utilization: float
    mean_wait_ms: float
    mean_response_ms: float
    visits: int
    throughput_rps: float
    dropped: int
    timeouts: int
    errors: int


@dataclass(frozen=True)
class ComponentStats:
    name: str
    kind: str
    pools: tuple[PoolStats, ...]

    @property
    def utilization(self) -> float:
        return max(p.utilization for p in self.pools)

    @property
    def visits(self) -> int:
        return sum(p.visits for p in self.pools)

    def _weighted(self, attr: str) -> float:
        visits = self.visits
        if not visits:
            return 0.0
        return sum(getattr(p, attr) * p.visits for p in self.pools) / visits

    @property
    def mean_wait_ms(self) -> float:
        return self._weighted("mean_wait_ms")

    @property
    def mean_response_ms(self) -> float:
        return self._weighted("mean_response_ms")

    def total(self, attr: str) -> int:
        return sum(getattr(p, attr) for p in self.pools)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "utilization": round(self.utilization, 4),
            "mean_wait_ms": round(self.mean_wait_ms, 4),
            "dropped": self.total("dropped"),
            "timeouts": self.total("timeouts"),
            "errors": self.total("errors"),
            "visits": self.visits,
            "throughput_rps": round(sum(p.throughput_rps for p in self.pools), 2),
            "mean_response_ms": round(self.mean_response_ms, 4),
            "kind": self.kind,
        }
        if len(self.pools) > 1:
            data["pools"] = {
                p.pool: {
                    "nodes": p.nodes,
                    "utilization": round(p.utilization, 4),
                    "mean_wait_ms": round(p.mean_wait_ms, 4),
                    "visits": p.visits,
                }
                for p in self.pools
            }
        return data


@dataclass(frozen=True)
class SloResult:
    p99_ms: float
    met: bool
    within_target: float  # share of requests answered within p99_ms (failures count as late)


@dataclass(frozen=True)
class Bottleneck:
    component: str
    pool: str
    utilization: float
    advice: str


@dataclass(frozen=True)
class SimReport:
    """Everything one run showed, model figures alongside."""

    design_name: str | None
    requests: int
    seed: int
    engine: str
    duration_s: float
    offered_rps: float
    throughput_rps: float
    completed: int
    failed: int
    attempts: int
    latency: Latency | None
    async_latency: Latency | None
    components: dict[str, ComponentStats]
    slo: SloResult | None
    bottleneck: Bottleneck | None
    analytic: dict[str, TierModel]
    model_latency_ms: float | None
    bandwidth_mb_s: float | None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    elapsed_s: float = 0.0
    raw_trace: dict[int, StationTrace] | None = field(default=None, repr=False, compare=False)

    @property
    def retry_amplification(self) -> float:
        return self.attempts / self.requests if self.requests else 1.0

    def to_json(self) -> dict[str, Any]:
        """The public `coach simulate --json` object."""
        latency = self.latency.to_json() if self.latency else dict.fromkeys(_LATENCY_KEYS)
        return {
            "design": self.design_name,
            "requests": self.requests,
            "seed": self.seed,
            "engine": self.engine,
            "duration_s": round(self.duration_s, 3),
            "offered_rps": round(self.offered_rps, 2),
            "throughput_rps": round(self.throughput_rps, 2),
            "completed": self.completed,
            "failed": self.failed,
            "attempts": self.attempts,
            "retry_amplification": round(self.retry_amplification, 4),
            "latency_ms": latency,
            "async_latency_ms": self.async_latency.to_json() if self.async_latency else None,
            "components": {name: c.to_json() for name, c in self.components.items()},
            "slo": None
            if self.slo is None
            else {
                "p99_ms": self.slo.p99_ms,
                "met": self.slo.met,
                "within_target": round(self.slo.within_target, 5),
            },
            "bottleneck": self.bottleneck.component if self.bottleneck else None,
            "advice": self.bottleneck.advice if self.bottleneck else None,
            "analytic": {name: t.to_json() for name, t in self.analytic.items()},
            "model_latency_ms": None
            if self.model_latency_ms is None
            else round(self.model_latency_ms, 4),
            "bandwidth_mb_s": self.bandwidth_mb_s,
            "warnings": list(self.warnings),
        }


_LATENCY_KEYS = ("mean", "p50", "p95", "p99", "max")


def summarise(
    design: Design,
    topology: Topology,
    raw: RawResult,
    tiers: dict[str, TierModel],
    *,
    seed: int,
    elapsed_s: float,
    notes: tuple[str, ...] = (),
) -> SimReport:
    """Turn an engine's raw counts into the report."""
    import numpy as np

    duration = max(raw.duration_ms, 1e-9)
    latencies = np.asarray(raw.latencies, dtype=float)
    components = _components(design, topology, raw, duration)
    slo = None
    if design.slo is not None:
        good = int(np.count_nonzero(latencies <= design.slo.p99_ms))
        share = good / raw.requests
        slo = SloResult(design.slo.p99_ms, share >= 0.99, share)
    kb = design.load.message_kb
    completed = len(latencies)
    # Throughput counts answers while the load lasts: close to the offered rate when
    # the design keeps up, the rate it can sustain when it does not.
    window = max(raw.last_arrival_ms, 1e-9)
    answered = int(np.count_nonzero(np.asarray(raw.answered_at) <= window))
    report = SimReport(
        design_name=design.name,
        requests=raw.requests,
        seed=seed,
        engine=raw.engine,
        duration_s=duration / 1000.0,
        offered_rps=raw.requests / (window / 1000.0),
        throughput_rps=answered / (window / 1000.0),
        completed=completed,
        failed=raw.failed,
        attempts=raw.attempts,
        latency=_latency(latencies),
        async_latency=_latency(np.asarray(raw.async_latencies, dtype=float)),
        components=components,
        slo=slo,
        bottleneck=_bottleneck(design, components, tiers, slo, raw.attempts / raw.requests),
        analytic=tiers,
        model_latency_ms=model_latency(topology, tiers),
        bandwidth_mb_s=None if kb is None else round(raw.attempts / duration * kb, 3),
        elapsed_s=elapsed_s,
        raw_trace=raw.trace,
    )
    warnings = (*notes, *_warnings(report))
    return SimReport(**{**report.__dict__, "warnings": warnings})


def _latency(values: Any) -> Latency | None:
    import numpy as np

    if not len(values):
        return None
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return Latency(float(values.mean()), float(p50), float(p95), float(p99), float(values.max()))


def _components(
    design: Design, topology: Topology, raw: RawResult, duration: float
) -> dict[str, ComponentStats]:
    pools: dict[str, list[PoolStats]] = {}
    for st in topology.stations:
        i = st.index
        visits = raw.visits[i]
        lost = raw.lost_node_ms[i] if raw.lost_node_ms else 0.0
        capacity = max(st.nodes * duration - lost, 1e-9) * st.concurrency
        wait = raw.wait_sum[i] / visits if visits else 0.0
        pools.setdefault(st.component, []).append(
            PoolStats(
                label=st.label,
                pool=st.pool,
                nodes=st.nodes,
                concurrency=st.concurrency,
                utilization=raw.busy[i] / capacity,
                mean_wait_ms=wait,
                mean_response_ms=wait + (raw.busy[i] / visits if visits else 0.0),
                visits=visits,
                throughput_rps=visits / (duration / 1000.0),
                dropped=raw.dropped[i],
                timeouts=raw.timeouts[i],
                errors=raw.errors[i],
            )
        )
    kinds = {c.name: c.kind.value for c in design.components}
    return {name: ComponentStats(name, kinds[name], tuple(p)) for name, p in pools.items()}


def _bottleneck(
    design: Design,
    components: dict[str, ComponentStats],
    tiers: dict[str, TierModel],
    slo: SloResult | None,
    amplification: float,
) -> Bottleneck | None:
    """The busiest pool (simulated or offered load, whichever is higher) and a fix."""
    best: tuple[float, str, PoolStats] | None = None
    for name, comp in components.items():
        tier = tiers.get(name)
        for pool in comp.pools:
            offered = (
                next((m.utilization for m in tier.pools if m.pool == pool.pool), 0.0)
                if tier
                else 0.0
            )
            load = max(pool.utilization, offered)
            if best is None or load > best[0]:
                best = (load, name, pool)
    if best is None:
        return None
    load, name, pool = best
    advice = _advice(design, name, pool, load, components, slo)
    if amplification >= STORM:
        advice = (
            f"a retry storm ({amplification:.1f} attempts per request): give the client a "
            f"timeout above the queueing delay, fewer attempts or a backoff; then {advice}"
        )
    return Bottleneck(name, pool.pool, load, advice)


def _advice(
    design: Design,
    name: str,
    pool: PoolStats,
    load: float,
    components: dict[str, ComponentStats],
    slo: SloResult | None,
) -> str:
    where = pool.label
    if load >= TARGET_UTILIZATION:
        if pool.pool == "replicas":
            primaries = design.component(name).nodes
            needed = nodes_for(load, pool.nodes, TARGET_UTILIZATION)
            per_primary = -(-needed // primaries)
            after = load * pool.nodes / (per_primary * primaries)
            return (
                f"{where} at {load:.0%} utilisation: {per_primary} replicas per primary "
                f"bring them to {after:.0%}"
            )
        needed = nodes_for(load, pool.nodes, TARGET_UTILIZATION)
        after = load * pool.nodes / needed
        what = "primaries (shard the writes)" if pool.pool == "primary" else "nodes"
        return f"{where} at {load:.0%} utilisation: {needed} {what} bring it to {after:.0%}"
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
    return f"{where}, the busiest tier, at {load:.0%} utilisation: room to grow"


def _warnings(report: SimReport) -> list[str]:
    found = []
    for name, tier in report.analytic.items():
        for pool in tier.pools:
            if pool.utilization >= 1.0 and pool.drop_ratio == 0.0:
                found.append(
                    f"{pool.label} is unstable: offered {pool.utilization:.0%} of its capacity, "
                    "so its queue grows without bound (the run ends after its requests; "
                    "figures show a backlog, not a steady state)"
                )
        del name
    amplification = report.retry_amplification
    if amplification >= 1.1:
        found.append(
            f"retries multiplied the load by {amplification:.2f}x: timeouts fired while "
            "requests were still queued, and the abandoned work kept the servers busy"
        )
    if report.failed:
        found.append(
            f"{report.failed:,} of {report.requests:,} requests failed "
            f"({report.failed / report.requests:.2%}) after every attempt"
        )
    return found
