"""A run's figures, summarised: the `SimReport` and its public JSON form.

`SimReport.to_json()` is the `coach simulate --json` contract: requests,
throughput_rps, latency_ms{mean,p50,p95,p99,max},
components{NAME:{utilization,mean_wait_ms,dropped,timeouts}}, slo{p99_ms,met},
bottleneck, analytic{NAME:{utilization,mean_response_ms}}; other keys are
extras and may grow.

What is measured where:
- utilisation: service time inside the arrival window (the first request to
  the last), over the capacity of the nodes up in it; the drain after the last
  arrival is left out, so a tier at 70% reads 70% however short the run;
- throughput: answers per second from the warm-up's end (the median latency)
  to the last arrival, or over the whole run when that is mostly backlog;
- the SLO counts every request: one that failed is later than any target, and
  a pool offered its capacity or more misses it however short the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from coach.simulate.analytic import Peak, TierModel, model_latency, peak
from coach.simulate.design import Design
from coach.simulate.precision import Precision, of_run
from coach.simulate.result import RawResult, StationTrace
from coach.simulate.topology import Topology

TARGET_UTILIZATION = 0.75
STORM = 1.5  # attempts per request that make retries the first thing to fix
SLO_QUANTILE = 0.99


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
    peak: Peak | None = None  # the model's offered load at the run's worst moment

    @property
    def drop_ratio(self) -> float:
        """Share of the visits that reached the pool which a full queue refused."""
        offered = self.visits + self.dropped
        return self.dropped / offered if offered else 0.0


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
            "drop_ratio": round(
                self.total("dropped") / max(self.visits + self.total("dropped"), 1), 6
            ),
        }
        peaks = [p.peak for p in self.pools if p.peak is not None]
        if peaks:
            worst = max(peaks, key=lambda p: p.utilization)
            data["peak_utilization"] = _finite(worst.utilization)
            data["peak_when"] = worst.why
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
    """The SLO verdict over every request: one that failed counts as later than any target."""

    p99_ms: float  # the target
    met: bool
    within_target: float  # share of all requests answered within p99_ms
    observed_p99_ms: float | None  # p99 over every request; None: over 1% got no answer
    overloaded: tuple[str, ...] = ()  # pools offered their capacity or more: missed at any length

    def to_json(self) -> dict[str, Any]:
        return {
            "p99_ms": self.p99_ms,
            "met": self.met,
            "within_target": round(self.within_target, 5),
            "observed_p99_ms": None
            if self.observed_p99_ms is None
            else round(self.observed_p99_ms, 3),
            "overloaded": list(self.overloaded),
        }


@dataclass(frozen=True)
class Bottleneck:
    component: str
    pool: str
    utilization: float  # measured, or offered by the model when that is higher
    advice: str
    why: str = ""  # the moment the offered load is for: "", "during the 3x spike", ...


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
    precision: Precision | None = None  # confidence intervals of the mean and p99
    window_s: float = 0.0  # the arrival window utilisation is measured over

    @property
    def retry_amplification(self) -> float:
        return self.attempts / self.requests if self.requests else 1.0

    def to_json(self) -> dict[str, Any]:
        """The public `coach simulate --json` object."""
        latency = self.latency.to_json() if self.latency else dict.fromkeys(_LATENCY_KEYS)
        neck = self.bottleneck
        return {
            "design": self.design_name,
            "requests": self.requests,
            "seed": self.seed,
            "engine": self.engine,
            "duration_s": round(self.duration_s, 3),
            "window_s": round(self.window_s, 3),
            "offered_rps": round(self.offered_rps, 2),
            "throughput_rps": round(self.throughput_rps, 2),
            "completed": self.completed,
            "failed": self.failed,
            "attempts": self.attempts,
            "retry_amplification": round(self.retry_amplification, 4),
            "latency_ms": latency,
            "precision": self.precision.to_json() if self.precision else None,
            "async_latency_ms": self.async_latency.to_json() if self.async_latency else None,
            "components": {name: c.to_json() for name, c in self.components.items()},
            "slo": None if self.slo is None else self.slo.to_json(),
            "bottleneck": neck.component if neck else None,
            "bottleneck_pool": neck.pool if neck else None,
            "bottleneck_utilization": _finite(neck.utilization) if neck else None,
            "bottleneck_when": neck.why if neck else None,
            "advice": neck.advice if neck else None,
            "analytic": {name: t.to_json() for name, t in self.analytic.items()},
            "model_latency_ms": None
            if self.model_latency_ms is None
            else round(self.model_latency_ms, 4),
            "bandwidth_mb_s": self.bandwidth_mb_s,
            "warnings": list(self.warnings),
        }


_LATENCY_KEYS = ("mean", "p50", "p95", "p99", "max")


def _finite(value: float) -> float | None:
    """JSON has no infinity: an unbounded figure is null."""
    return round(value, 4) if value != float("inf") else None


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

    from coach.simulate.diagnosis import bottleneck, warnings

    latencies = np.asarray(raw.latencies, dtype=float)
    answered = np.asarray(raw.answered_at, dtype=float)
    window = max(raw.last_arrival_ms, 1e-9)
    components = _components(design, topology, raw, tiers, window)
    slo = _slo(design, tiers, latencies, raw.requests)
    kb = design.load.message_kb
    duration = max(raw.duration_ms, 1e-9)
    latency, median = _latency(latencies)
    report = SimReport(
        design_name=design.name,
        requests=raw.requests,
        seed=seed,
        engine=raw.engine,
        duration_s=duration / 1000.0,
        offered_rps=raw.requests / (window / 1000.0),
        throughput_rps=_throughput(latencies, answered, median, window, duration),
        completed=len(latencies),
        failed=raw.failed,
        attempts=raw.attempts,
        latency=latency,
        async_latency=_latency(np.asarray(raw.async_latencies, dtype=float))[0],
        components=components,
        slo=slo,
        bottleneck=bottleneck(design, components, slo, raw.attempts / raw.requests),
        analytic=tiers,
        model_latency_ms=model_latency(topology, tiers),
        bandwidth_mb_s=None if kb is None else round(raw.attempts / duration * kb, 3),
        elapsed_s=elapsed_s,
        raw_trace=raw.trace,
        precision=of_run(raw, p99=latency.p99 if latency else None),
        window_s=window / 1000.0,
    )
    return SimReport(**{**report.__dict__, "warnings": (*notes, *warnings(design, report))})


def _latency(values: Any) -> tuple[Latency | None, float]:
    """The figures of `values`, and their median (NaN when there are none)."""
    from coach.simulate.quantiles import percentiles

    if not len(values):
        return None, math.nan
    (p50, p95, p99), median = percentiles(values, [50, 95, 99])
    return Latency(float(values.mean()), p50, p95, p99, float(values.max())), median


def _slo(
    design: Design, tiers: dict[str, TierModel], latencies: Any, requests: int
) -> SloResult | None:
    """The verdict over every request, failures counted as later than the target."""
    import numpy as np

    if design.slo is None:
        return None
    target = design.slo.p99_ms
    within = int(np.count_nonzero(latencies <= target))
    # the nearest-rank p99, the smallest latency 99% of requests are at or under (a failure
    # is later than any): at or under the target exactly when 99% of requests are within it
    rank = math.ceil(SLO_QUANTILE * requests - 1e-9)
    observed = (
        float(np.partition(latencies, rank - 1)[rank - 1]) if 0 < rank <= len(latencies) else None
    )
    hot = tuple(pool.label for tier in tiers.values() for pool in tier.pools if pool.overloaded)
    return SloResult(target, within >= rank and not hot, within / requests, observed, hot)


def _throughput(
    latencies: Any, answered: Any, median: float, window: float, duration: float
) -> float:
    """Answers per second while the load lasts, past the warm-up.

    The warm-up ends at the median latency (an empty system answers its first
    requests late); the window ends at the last arrival (the drain after it
    is not load). When that leaves less than half the arrival window, the run
    was mostly backlog: answers over the whole run, the rate the design drains at.
    """
    import numpy as np

    if not len(latencies):
        return 0.0
    warm = median  # of the latencies
    if warm >= window / 2.0:
        return len(latencies) / (duration / 1000.0)
    inside = int(np.count_nonzero((answered >= warm) & (answered <= window)))
    return inside / ((window - warm) / 1000.0)


def _components(
    design: Design, topology: Topology, raw: RawResult, tiers: dict[str, TierModel], window: float
) -> dict[str, ComponentStats]:
    """Each pool's figures; utilisation and throughput over the arrival window."""
    from coach.simulate.analytic import capacity_rps
    from coach.simulate.batch_faults import FaultPlan

    lost = FaultPlan(topology).lost_node_ms(window) if design.faults else None
    busy = raw.busy_window if raw.busy_window is not None else raw.busy
    pools: dict[str, list[PoolStats]] = {}
    for st in topology.stations:
        i = st.index
        visits = raw.visits[i]
        node_ms = max(st.nodes * window - (lost[i] if lost else 0.0), 1e-9)
        utilization = min(busy[i] / (node_ms * st.concurrency), 1.0)
        wait = raw.wait_sum[i] / visits if visits else 0.0
        model = (
            next((p for p in tiers[st.component].pools if p.pool == st.pool), None)
            if st.component in tiers
            else None
        )
        pools.setdefault(st.component, []).append(
            PoolStats(
                label=st.label,
                pool=st.pool,
                nodes=st.nodes,
                concurrency=st.concurrency,
                utilization=utilization,
                mean_wait_ms=wait,
                mean_response_ms=wait + (raw.busy[i] / visits if visits else 0.0),
                visits=visits,
                throughput_rps=utilization * capacity_rps(st) * (node_ms / (st.nodes * window)),
                dropped=raw.dropped[i],
                timeouts=raw.timeouts[i],
                errors=raw.errors[i],
                peak=None if model is None else peak(design, st, model.utilization),
            )
        )
    kinds = {c.name: c.kind.value for c in design.components}
    return {name: ComponentStats(name, kinds[name], tuple(p)) for name, p in pools.items()}
