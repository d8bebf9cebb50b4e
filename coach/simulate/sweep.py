"""The highest load a design carries within its SLO, and the latency curve on the way.

A sweep that thinks before it simulates:

1. The queueing model brackets the knee. Utilisation grows in proportion to
   the load, so the model knows the load at which the first pool is offered
   its capacity; from there up the SLO is missed however long a run would be
   (`report.SloResult`), and those loads are not simulated at all.
2. Evenly spaced loads below that are simulated for the curve, then the gap
   between the highest load that met the SLO and the lowest that missed is
   narrowed until it is under 1% of the load.
3. Each point's run is sized by the confidence its verdict needs: a first
   run long enough for its busiest queue to settle (within the 25,000
   requests `coach simulate` starts with), then, while the SLO target is
   inside the p99's confidence interval, a run long enough for the interval
   to clear it (up to 50,000 requests, or what faults and a spike need). A
   point far from the target is settled in a few thousand requests.
4. Points are simulated two at a time in a process pool of two when a round
   is long enough to pay for the pool's start (the gap is then cut in three).

Every run uses the same seed (common random numbers), so the curve is smooth
and loads compare fairly; a load run in the other process gives the same
numbers as in this one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.errors import CoachError
from coach.simulate.design import Design
from coach.simulate.overrides import with_rps

DEFAULT_SWEEP_REQUESTS = 50_000  # a point's full length (more when faults or a spike need it)
FIRST_RUN = 4_000  # requests a point starts with
LONGEST_FIRST_RUN = 25_000  # a first run, however slow its queues settle (coach simulate's)
RESOLUTION = 0.01  # stop when the gap is under 1% of the load
MAX_ROUNDS = 10
POOL_WORTH = 60_000  # requests in a round before a second process pays for its start
SAFETY = 1.3  # a longer run than the interval alone asks for: the estimate of it is noisy


@dataclass(frozen=True)
class SweepPoint:
    rps: float
    p99_ms: float | None  # p99 of the answered requests; None: not simulated or none answered
    mean_ms: float | None
    met: bool
    failed_ratio: float
    utilization: float  # the busiest pool's: offered by the model, or measured if higher
    observed_p99_ms: float | None = None  # over every request (the SLO's); None: unbounded
    requests: int = 0  # simulated; 0: settled by the model alone (offered past capacity)
    unsettled: str = ""  # the pool still filling when the run ended (its figures are low)

    @property
    def by_model(self) -> bool:
        return self.requests == 0

    def to_json(self) -> dict[str, object]:
        return {
            "rps": round(self.rps, 2),
            "p99_ms": _round(self.p99_ms),
            "mean_ms": _round(self.mean_ms),
            "met": self.met,
            "failed_ratio": round(self.failed_ratio, 5),
            "utilization": round(self.utilization, 4),
            "observed_p99_ms": _round(self.observed_p99_ms),
            "requests": self.requests,
            "settled_by": "model" if self.by_model else "simulation",
            "unsettled": self.unsettled or None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass(frozen=True)
class SweepResult:
    slo_p99_ms: float
    low: float
    high: float
    points: tuple[SweepPoint, ...]  # by load
    best_rps: float | None  # the highest load that met the SLO; None if even `low` missed
    capacity_rps: float | None = None  # where the model's first pool reaches its capacity

    @property
    def requests(self) -> int:
        return sum(p.requests for p in self.points)

    @property
    def best(self) -> SweepPoint | None:
        return next((p for p in self.points if p.rps == self.best_rps), None)

    def to_json(self) -> dict[str, object]:
        return {
            "slo_p99_ms": self.slo_p99_ms,
            "low_rps": self.low,
            "high_rps": self.high,
            "max_rps_within_slo": self.best_rps,
            "model_capacity_rps": None
            if self.capacity_rps is None
            else round(self.capacity_rps, 2),
            "requests": self.requests,
            "points": [p.to_json() for p in self.points],
        }


def parse_range(text: str) -> tuple[float, float]:
    """`rps=1000..5000` (or `1000..5000`) -> (1000.0, 5000.0)."""
    body = text.split("=", 1)[1] if "=" in text else text
    if "=" in text and text.split("=", 1)[0].strip() != "rps":
        raise CoachError(f"--sweep {text!r}: only rps can be swept, as rps=LOW..HIGH")
    low_text, sep, high_text = body.partition("..")
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise CoachError(f"--sweep {text!r}: expected rps=LOW..HIGH, like rps=500..5000") from None
    if not sep or not (0 < low < high < math.inf):
        raise CoachError(f"--sweep {text!r}: expected 0 < LOW < HIGH, like rps=500..5000")
    return low, high


def capacity_rps(design: Design) -> float | None:
    """The load at which the model's busiest pool is offered its capacity (None: no pool)."""
    from coach.simulate.analytic import STABILITY_TOLERANCE, analytic

    busiest = max(
        (p.utilization for tier in analytic(design).values() for p in tier.pools), default=0.0
    )
    if busiest <= 0.0:
        return None
    return design.load.rps * (1.0 - STABILITY_TOLERANCE) / busiest


def sweep(
    design: Design,
    low: float,
    high: float,
    *,
    points: int = 8,
    requests: int | None = None,
    seed: int = 1,
    workers: int = 2,
    progress: Callable[[float], None] | None = None,
) -> SweepResult:
    """Find the highest load in [low, high] whose runs meet the SLO.

    `requests` fixes every point's run length (no sizing); `workers=1` keeps to
    one process.
    """
    if design.slo is None:
        raise CoachError("--sweep needs an SLO: add `slo: {p99_ms: ...}` to the design")
    if points < 2:
        raise CoachError("a sweep needs at least 2 points")
    cap = capacity_rps(design)
    runner = _Runner(design, seed, requests, workers, progress)
    try:
        step = (high - low) / (points - 1)
        grid = runner.measure([low + i * step for i in range(points)], cap)
        best, worst = _bracket(grid)
        lo = best.rps if best is not None else None
        hi = worst.rps if worst is not None else None
        if lo is not None and hi is not None and cap is not None and cap < hi:
            hi = cap  # missed from there up, by the model
        for round_ in range(MAX_ROUNDS):
            if lo is None or hi is None or hi - lo <= RESOLUTION * lo:
                break
            # the model's capacity is often the knee itself (a lenient SLO): try just below it
            probe = round_ == 0 and cap is not None and hi == cap
            lo, hi = runner.narrow(lo, hi, cap, probe=probe)
    finally:
        runner.close()
    if progress is not None:
        progress(1.0)
    done = tuple(sorted(runner.done.values(), key=lambda p: p.rps))
    return SweepResult(design.slo.p99_ms, low, high, done, lo, cap)


def _bracket(grid: Sequence[SweepPoint]) -> tuple[SweepPoint | None, SweepPoint | None]:
    """The last point that met the SLO before the first that did not."""
    best = None
    for point in grid:
        if not point.met:
            return best, point
        best = point
    return best, None


class _Runner:
    """Measures loads: by the model past capacity, else by runs sized to their verdict."""

    def __init__(
        self,
        design: Design,
        seed: int,
        requests: int | None,
        workers: int,
        progress: Callable[[float], None] | None,
    ) -> None:
        self.design = design
        self.seed = seed
        self.fixed = requests
        self.workers = max(1, workers)
        self.progress = progress
        self.done: dict[float, SweepPoint] = {}
        self.pool: object | None = None

    def narrow(
        self, lo: float, hi: float, cap: float | None, *, probe: bool = False
    ) -> tuple[float, float]:
        """One round: the gap (lo met, hi missed) cut in two, or in three with two
        processes; `probe` tries just below `hi` beside the middle."""
        if probe:
            loads = [(lo + hi) / 2.0, hi - RESOLUTION * lo / 2.0]
            if not self._parallel(loads):
                loads = loads[1:]
        else:
            parts = 3 if self._parallel([lo + (hi - lo) / 3, lo + (hi - lo) * 2 / 3]) else 2
            loads = [lo + (hi - lo) * i / parts for i in range(1, parts)]
        for point in self.measure(loads, cap):
            if point.met:
                lo = max(lo, point.rps)
            else:
                hi = min(hi, point.rps)
        return lo, hi

    def measure(self, loads: list[float], cap: float | None) -> list[SweepPoint]:
        """Each load's point, in the order given."""
        todo = [r for r in loads if r not in self.done and (cap is None or r < cap)]
        for r in loads:
            if r not in self.done and r not in todo:
                self.done[r] = _by_model(self.design, r)
        jobs = [(self.design, r, self.seed, self.fixed) for r in todo]
        if self._parallel(todo):
            found = list(self._pool().map(_simulate_point, jobs))  # type: ignore[attr-defined]
        else:
            found = [_simulate_point(job) for job in jobs]
        for point in found:
            self.done[point.rps] = point
            if self.progress is not None:
                self.progress(min(len(self.done) / (len(self.done) + 4), 0.95))
        return [self.done[r] for r in loads]

    def _parallel(self, loads: list[float]) -> bool:
        """Do these runs simulate enough requests to pay for a second process's start?"""
        if self.workers < 2 or len(loads) < 2:
            return False
        total = sum(_first_run(with_rps(self.design, r), self.fixed) for r in loads)
        return total >= POOL_WORTH

    def _pool(self) -> object:
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()  # type: ignore[attr-defined]


def _by_model(design: Design, rps: float) -> SweepPoint:
    """A load the model puts past capacity: the SLO is missed, the p99 unbounded."""
    from coach.simulate.analytic import analytic

    tiers = analytic(with_rps(design, rps))
    busiest = max((p.utilization for tier in tiers.values() for p in tier.pools), default=0.0)
    return SweepPoint(rps, None, None, False, 0.0, busiest)


def _full_length(design: Design) -> int:
    """The longest run a point gets: the sweep's full length, or enough for its faults and
    spike (`engine.default_requests`)."""
    from coach.simulate.engine import default_requests

    if design.faults or _has_events(design):
        return default_requests(design)
    return DEFAULT_SWEEP_REQUESTS


def _simulate_point(job: tuple[Design, float, int, int | None]) -> SweepPoint:
    """Run one load, longer while the SLO target is inside the p99's confidence interval."""
    from coach.simulate.analytic import settling
    from coach.simulate.engine import simulate

    design, rps, seed, fixed = job
    at = with_rps(design, rps)
    longest = fixed or _full_length(at)
    count = _first_run(at, fixed)
    while True:
        report = simulate(at, requests=count, seed=seed)
        more = _needed(report, count)
        if fixed or more <= count or count >= longest:
            break
        count = min(max(more, 2 * count), longest)
    slo = report.slo
    assert slo is not None
    latency = report.latency
    slowest = settling(at)
    unsettled = slowest[0] if slowest and slowest[1] > report.window_s * 1000.0 else ""
    return SweepPoint(
        rps=rps,
        p99_ms=latency.p99 if latency else None,
        mean_ms=latency.mean if latency else None,
        met=slo.met,
        failed_ratio=report.failed / report.requests,
        utilization=report.bottleneck.utilization if report.bottleneck else 0.0,
        observed_p99_ms=None if slo.overloaded else slo.observed_p99_ms,
        requests=count,
        unsettled=unsettled,
    )


def _first_run(design: Design, fixed: int | None) -> int:
    """A point's first run: long enough to settle (all of it with faults or a spike)."""
    if fixed is not None:
        return fixed
    longest = _full_length(design)
    if design.faults or _has_events(design):
        return longest
    from coach.simulate.analytic import settling

    slowest = settling(design)
    needed = 0 if slowest is None else math.ceil(design.load.rps / 1000.0 * slowest[1])
    return min(max(FIRST_RUN, needed), LONGEST_FIRST_RUN, longest)


def _has_events(design: Design) -> bool:
    return design.load.pattern.kind != "constant"


def _needed(report: object, count: int) -> int:
    """Requests for the SLO verdict to be clear of the p99's noise (`count`: it already is)."""
    slo = report.slo  # type: ignore[attr-defined]
    p = report.precision  # type: ignore[attr-defined]
    if slo.overloaded:
        return count
    if slo.observed_p99_ms is None:
        # over 1% failed: clear unless it is close to 1%
        share = report.failed / report.requests  # type: ignore[attr-defined]
        return count if share >= 0.015 else 4 * count
    if p is None:
        return 4 * count
    gap = abs(slo.observed_p99_ms - slo.p99_ms)
    half = p.p99.half_width
    if gap > half:
        return count
    if gap <= 0.0:
        return 1 << 62
    return math.ceil(count * (SAFETY * half / gap) ** 2)
