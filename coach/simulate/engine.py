"""Run a design: pick the engine, run it, return what it measured.

Two engines implement one model and give the same numbers. The
queue-by-queue engine (`batch.py`) is the fast one; it leaves a few kinds of
node failure alone, and a retry storm whose timeout is so short that its
windows would hold only a few requests, so those runs go to the event
engine (`events.py`). Which one ran is reported; both are tested against
queueing theory and against each other.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from coach.errors import CoachError
from coach.simulate.collector import paused
from coach.simulate.design import ConstantPattern, Design, SpikePattern
from coach.simulate.result import RawResult

if TYPE_CHECKING:
    from coach.simulate.report import SimReport
    from coach.simulate.topology import Topology

MAX_REQUESTS = 5_000_000
Method = Literal["auto", "batch", "event"]


def check_requests(requests: int) -> None:
    """A run needs at least one request and at most `MAX_REQUESTS`."""
    if requests < 1:
        raise CoachError(f"requests should be at least 1, got {requests:,}")
    if requests > MAX_REQUESTS:
        raise CoachError(f"requests should be at most {MAX_REQUESTS:,}, got {requests:,}")


def run(
    topology: Topology,
    *,
    requests: int,
    seed: int,
    progress: Callable[[float], None] | None = None,
    method: Method = "auto",
    trace: bool = False,
) -> RawResult:
    """Simulate `requests` arrivals; the same seed gives the same numbers.

    `method="batch"` raises `Feedback` where the queue-by-queue engine gives up.
    """
    from coach.simulate.batch import Batch, Feedback
    from coach.simulate.events import Engine
    from coach.simulate.graph import station_groups

    check_requests(requests)
    groups = station_groups(topology) if method != "event" else None
    if method == "auto" and not storm_windows(topology) and storm_likely(topology, requests):
        groups = None  # windows as short as the timeout would hold too few requests
    with paused():
        # each engine is dropped inside, so that its millions of objects are gone before
        # the collector is back: its first pass would otherwise walk them all
        if groups is not None:
            try:
                return Batch(
                    topology, groups, requests=requests, seed=seed, progress=progress, trace=trace
                ).run()
            except Feedback:
                if method == "batch":
                    raise
        return Engine(topology, requests=requests, seed=seed, progress=progress, trace=trace).run()


def storm_likely(topology: Topology, requests: int) -> bool:
    """Will clients retry every few requests, so the queue-by-queue engine would roll
    back at each retry? Once a tier is offered more than it serves, its queueing delay
    grows by (utilisation - 1) x the time elapsed; when that passes the client's timeout,
    almost every attempt times out and is retried. A spike or a fault can do it for a
    while; a fault that leaves a tier no node up fails (and retries) every request."""
    from coach.simulate.analytic import analytic
    from coach.simulate.sampling import run_seconds

    design = topology.design
    retry = design.retry
    if retry is None or retry.attempts == 0:
        return False
    tiers = analytic(design, topology)
    busy = [0.0] * len(topology.stations)
    for st in topology.stations:
        for pool in tiers[st.component].pools if st.component in tiers else ():
            if pool.pool == st.pool:
                busy[st.index] = pool.utilization
    run_ms = run_seconds(design.load, requests) * 1000.0
    if _storm(max(busy), run_ms / 2, retry.timeout_ms):
        return True
    spike = design.load.pattern
    if (
        isinstance(spike, SpikePattern)
        and spike.start_s * 1000.0 < run_ms
        and _storm(max(busy) * spike.factor, spike.length_s * 1000.0, retry.timeout_ms)
    ):
        return True
    for fault in design.faults:
        for st in topology.stations_of(fault.component):
            down = fault.replicas if st.pool == "replicas" else fault.nodes
            if not down or not busy[st.index] or fault.at_s * 1000.0 >= run_ms:
                continue
            if down >= st.nodes:
                if st.index not in topology.fallback:
                    return True
                continue
            during = busy[st.index] * st.nodes / (st.nodes - down)
            if _storm(during, fault.for_s * 1000.0, retry.timeout_ms):
                return True
    return False


def storm_windows(topology: Topology) -> bool:
    """Can the queue-by-queue engine run a retry storm: do windows as long as a timeout
    plus the backoff hold enough arrivals to be worth their cost (`batch_windows.py`)?"""
    from coach.simulate.batch_windows import MIN_SPAN

    retry = topology.design.retry
    if retry is None:
        return True
    return topology.design.load.rps * (retry.timeout_ms + retry.backoff_ms) / 1000.0 >= MIN_SPAN


def _storm(utilization: float, span_ms: float, timeout_ms: float) -> bool:
    return utilization > 1.0 and timeout_ms / (utilization - 1.0) < span_ms


PILOT_REQUESTS = 25_000  # a first run; more only when its intervals are too wide
UNSTABLE_REQUESTS = 50_000
MAX_DEFAULT_REQUESTS = 2_000_000  # to cover a late fault or spike
MAX_PRECISE_REQUESTS = 200_000  # more for precision stops here (the report then warns)
# the report warns at +-10% on p99 and +-5% on the mean (`precision.py`); a default run
# aims well inside that, so the interval it reports is narrow and seldom warns
P99_TARGET, MEAN_TARGET = 0.06, 0.03


def default_requests(design: Design) -> int:
    """The first run's requests: `PILOT_REQUESTS` (50K when a tier is unstable), or
    enough to run a quarter past the last fault or spike. `simulate` runs more when
    the intervals of this first run are wider than the report needs.

    An unstable tier's queue only grows: a longer run shows a longer backlog,
    not other figures, and takes four times as long.
    """
    from coach.simulate.sampling import expected_arrivals

    end = _last_event_s(design)
    needed = math.ceil(expected_arrivals(design.load, end * 1.25)) if end else 0
    usual = UNSTABLE_REQUESTS if unstable_tiers(design) else PILOT_REQUESTS
    return min(max(usual, needed), MAX_DEFAULT_REQUESTS)


def precise_requests(raw: RawResult, design: Design) -> int:
    """Requests a run like `raw` needs for its mean and p99 to be known to within
    `MEAN_TARGET` and `P99_TARGET` (95% confidence); `raw.requests` when it already is.

    Only for a steady run: with a fault, a spike or a ramp, or an unstable tier, the
    figures depend on the run's length, not only on its precision.
    """
    from coach.simulate.precision import of_run

    steady = not design.faults and isinstance(design.load.pattern, ConstantPattern)
    if not steady or unstable_tiers(design):
        return raw.requests
    known = of_run(raw)  # batches in arrival order, as the report cuts them
    if known is None or known.enough(MEAN_TARGET, P99_TARGET):
        return raw.requests
    wanted = known.requests_for(raw.requests, MEAN_TARGET, P99_TARGET)
    # at least twice as many: the estimate of the interval is itself rough
    return min(max(wanted, 2 * raw.requests), MAX_PRECISE_REQUESTS)


def unstable_tiers(design: Design) -> list[str]:
    """Components the model says are offered more than they can serve."""
    from coach.simulate.analytic import analytic

    return [name for name, tier in analytic(design).items() if not tier.stable]


def _last_event_s(design: Design) -> float:
    ends = [f.at_s + f.for_s for f in design.faults]
    pattern = design.load.pattern
    if isinstance(pattern, SpikePattern):
        ends.append(pattern.start_s + pattern.length_s)
    return max(ends, default=0.0)


def simulate(
    design: Design,
    *,
    requests: int | None = None,
    seed: int = 1,
    progress: Callable[[float], None] | None = None,
    method: Method = "auto",
    trace: bool = False,
    clock: Callable[[], float] = time.perf_counter,
) -> SimReport:
    """Run `design` under its load and summarise what happened, model alongside.

    `requests` defaults to what the report's precision needs: `default_requests(design)`,
    then more when that run's intervals are too wide (`precise_requests`); `progress` is called
    with the share done (0..1); the same seed gives the same report.
    """
    from coach.simulate.analytic import analytic
    from coach.simulate.checks import require_valid
    from coach.simulate.report import summarise
    from coach.simulate.topology import build

    require_valid(design)
    count = requests if requests is not None else default_requests(design)
    check_requests(count)
    topology = build(design)
    started = clock()
    if requests is None:
        raw = _sized_run(topology, count, seed=seed, progress=progress, method=method, trace=trace)
        count = raw.requests
    else:
        raw = run(
            topology, requests=count, seed=seed, progress=progress, method=method, trace=trace
        )
    elapsed = clock() - started
    tiers = analytic(design, topology)
    return summarise(
        design,
        topology,
        raw,
        tiers,
        seed=seed,
        elapsed_s=elapsed,
        notes=_timing_notes(design, count, defaulted=requests is None),
    )


def _sized_run(
    topology: Topology,
    first: int,
    *,
    seed: int,
    progress: Callable[[float], None] | None,
    method: Method,
    trace: bool,
) -> RawResult:
    """A first run of `first` requests, and a longer one when its intervals are too wide
    (the same seed: the longer run starts with the very requests of the first)."""
    share = PILOT_SHARE if progress else 1.0
    raw = run(
        topology,
        requests=first,
        seed=seed,
        progress=(lambda done: progress(done * share)) if progress else None,
        method=method,
        trace=trace,
    )
    more = precise_requests(raw, topology.design)
    if more <= first:
        return raw
    return run(
        topology,
        requests=more,
        seed=seed,
        progress=(lambda done: progress(share + done * (1 - share))) if progress else None,
        method=method,
        trace=trace,
    )


PILOT_SHARE = 0.2  # of the progress bar, for the first run when a longer one may follow


def _timing_notes(design: Design, requests: int, *, defaulted: bool) -> tuple[str, ...]:
    from coach.simulate.sampling import run_seconds

    seconds = run_seconds(design.load, requests)
    notes = []
    unstable = unstable_tiers(design) if defaulted else []
    if unstable and requests == UNSTABLE_REQUESTS:
        more = len(unstable) - 3
        names = ", ".join(unstable[:3]) + (f" and {more} more" if more > 0 else "")
        notes.append(
            f"ran {requests:,} requests: with {names} unstable, a longer run only shows a "
            "longer backlog (ask for more requests to see it)"
        )
    for fault in design.faults:
        if fault.at_s >= seconds:
            notes.append(
                f"the fault on {fault.component} at {fault.at_s:g} s starts after the run ends "
                f"({seconds:.1f} s): use more requests"
            )
    pattern = design.load.pattern
    if isinstance(pattern, SpikePattern) and pattern.start_s >= seconds:
        notes.append(
            f"the spike at {pattern.start_s:g} s starts after the run ends ({seconds:.1f} s): "
            "use more requests"
        )
    return tuple(notes)
