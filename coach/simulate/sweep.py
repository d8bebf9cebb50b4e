"""The highest load a design carries within its SLO, and the latency curve on the way.

The sweep runs the design at evenly spaced loads, then halves the gap
between the last load that met the SLO and the first that did not. Every
run uses the same seed (common random numbers), so the curve is smooth and
the comparison between loads is fair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach.errors import CoachError
from coach.simulate.design import Design
from coach.simulate.overrides import with_rps

DEFAULT_SWEEP_REQUESTS = 50_000


@dataclass(frozen=True)
class SweepPoint:
    rps: float
    p99_ms: float | None
    mean_ms: float | None
    met: bool
    failed_ratio: float
    utilization: float  # the busiest tier's


@dataclass(frozen=True)
class SweepResult:
    slo_p99_ms: float
    low: float
    high: float
    points: tuple[SweepPoint, ...]  # by load
    best_rps: float | None  # the highest load that met the SLO; None if even `low` missed

    def to_json(self) -> dict[str, object]:
        return {
            "slo_p99_ms": self.slo_p99_ms,
            "low_rps": self.low,
            "high_rps": self.high,
            "max_rps_within_slo": self.best_rps,
            "points": [
                {
                    "rps": round(p.rps, 2),
                    "p99_ms": None if p.p99_ms is None else round(p.p99_ms, 3),
                    "mean_ms": None if p.mean_ms is None else round(p.mean_ms, 3),
                    "met": p.met,
                    "failed_ratio": round(p.failed_ratio, 5),
                    "utilization": round(p.utilization, 4),
                }
                for p in self.points
            ],
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
    if not sep or low <= 0 or high <= low:
        raise CoachError(f"--sweep {text!r}: expected 0 < LOW < HIGH, like rps=500..5000")
    return low, high


def sweep(
    design: Design,
    low: float,
    high: float,
    *,
    points: int = 8,
    refine: int = 4,
    requests: int = DEFAULT_SWEEP_REQUESTS,
    seed: int = 1,
    progress: Callable[[float], None] | None = None,
) -> SweepResult:
    """Find the highest load in [low, high] whose run meets the SLO."""
    from coach.simulate.engine import simulate

    if design.slo is None:
        raise CoachError("--sweep needs an SLO: add `slo: {p99_ms: ...}` to the design")
    if points < 2:
        raise CoachError("a sweep needs at least 2 points")
    runs = points + refine
    done: list[SweepPoint] = []

    def measure(rps: float) -> SweepPoint:
        def inner(share: float) -> None:
            if progress is not None:
                progress((len(done) + share) / runs)

        report = simulate(with_rps(design, rps), requests=requests, seed=seed, progress=inner)
        latency = report.latency
        point = SweepPoint(
            rps=rps,
            p99_ms=latency.p99 if latency else None,
            mean_ms=latency.mean if latency else None,
            met=bool(report.slo and report.slo.met),
            failed_ratio=report.failed / report.requests,
            utilization=report.bottleneck.utilization if report.bottleneck else 0.0,
        )
        done.append(point)
        return point

    step = (high - low) / (points - 1)
    grid = [measure(low + i * step) for i in range(points)]
    best, worst = _bracket(grid)
    for _ in range(refine if best is not None and worst is not None else 0):
        assert best is not None and worst is not None
        middle = measure((best.rps + worst.rps) / 2.0)
        if middle.met:
            best = middle
        else:
            worst = middle
    if progress is not None:
        progress(1.0)
    ordered = tuple(sorted(done, key=lambda p: p.rps))
    return SweepResult(
        design.slo.p99_ms, low, high, ordered, best.rps if best is not None else None
    )


def _bracket(grid: list[SweepPoint]) -> tuple[SweepPoint | None, SweepPoint | None]:
    """The last point that met the SLO before the first that did not."""
    best = None
    for point in grid:
        if not point.met:
            return best, point
        best = point
    return best, None
