"""Run a design: pick the engine, run it, return what it measured.

Two engines implement one model. The queue-by-queue engine (`batch.py`) is
the fast one; it cannot run node failures, cycles in the station graph or a
run in which a client retries, so those go to the event engine (`events.py`).
Which one ran is reported; both are tested against queueing theory.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from coach.errors import CoachError
from coach.simulate.design import Design, SpikePattern
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
    """Simulate `requests` arrivals; the same seed gives the same numbers."""
    from coach.simulate.batch import Batch, Feedback
    from coach.simulate.events import Engine
    from coach.simulate.graph import station_groups

    check_requests(requests)
    groups = station_groups(topology) if method != "event" else None
    if method == "batch" and groups is None:
        raise ValueError("this design needs the event engine (node failures)")
    if groups is not None:
        batch = Batch(
            topology, groups, requests=requests, seed=seed, progress=progress, trace=trace
        )
        try:
            return batch.run()
        except Feedback:
            if method == "batch":
                raise
    engine = Engine(topology, requests=requests, seed=seed, progress=progress, trace=trace)
    return engine.run()


DEFAULT_REQUESTS = 200_000
MAX_DEFAULT_REQUESTS = 2_000_000


def default_requests(design: Design) -> int:
    """200K requests, or enough to run a quarter past the last fault or spike."""
    from coach.simulate.sampling import expected_arrivals

    end = _last_event_s(design)
    needed = math.ceil(expected_arrivals(design.load, end * 1.25)) if end else 0
    return min(max(DEFAULT_REQUESTS, needed), MAX_DEFAULT_REQUESTS)


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

    `requests` defaults to `default_requests(design)`; `progress` is called
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
    raw = run(topology, requests=count, seed=seed, progress=progress, method=method, trace=trace)
    elapsed = clock() - started
    tiers = analytic(design, topology)
    return summarise(
        design,
        topology,
        raw,
        tiers,
        seed=seed,
        elapsed_s=elapsed,
        notes=_timing_notes(design, count),
    )


def _timing_notes(design: Design, requests: int) -> tuple[str, ...]:
    from coach.simulate.sampling import run_seconds

    seconds = run_seconds(design.load, requests)
    notes = []
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
