"""How far one run's mean and p99 latency can be trusted: confidence intervals by batch means.

The latencies of one run are correlated (a request behind a slow one waits
too), so the textbook interval for independent samples is far too narrow.
Batch means (Law, *Simulation Modeling and Analysis*, section 9.5.3): cut
the requests, in arrival order, into B consecutive batches, take each
batch's mean (or p99); long batches are nearly independent of each other,
and their spread gives the interval. When batches are too short to be
independent (a queue near saturation remembers for a long time), fewer,
longer batches spread more: the interval is the wider of 20 and 10 batches.

The same interval decides whether a run is long enough (the report's
warning) and how long a run has to be (`requests_for`): a half-width
shrinks as one over the square root of the run's length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.simulate.result import RawResult

MEAN_TOLERANCE = 0.05  # the report warns when the mean is known to worse than +-5%
P99_TOLERANCE = 0.10  # ... or the p99 to worse than +-10% (95% confidence)
BATCHES = (20, 10)
MIN_BATCH = 100  # requests a batch needs for its p99 to mean anything
CONFIDENCE = 0.95

# Student's t, two-sided 95%, by degrees of freedom (batches - 1)
_T975 = {4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201}
_T975 |= {12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101}
_T975 |= {19: 2.093}


@dataclass(frozen=True)
class Interval:
    """An estimate and its 95% confidence interval, in ms."""

    estimate: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2.0

    @property
    def relative(self) -> float:
        """Half-width over the estimate: 0.05 means +-5%."""
        return self.half_width / self.estimate if self.estimate > 0 else math.inf

    def to_json(self) -> dict[str, float]:
        return {
            "estimate": round(self.estimate, 3),
            "low": round(self.low, 3),
            "high": round(self.high, 3),
        }


@dataclass(frozen=True)
class Precision:
    """The 95% confidence intervals of one run's mean and p99 latency."""

    mean: Interval
    p99: Interval
    samples: int  # latencies the intervals come from
    batches: int

    def enough(
        self, mean_tolerance: float = MEAN_TOLERANCE, p99_tolerance: float = P99_TOLERANCE
    ) -> bool:
        """Are both figures known to within their tolerance?"""
        return self.mean.relative <= mean_tolerance and self.p99.relative <= p99_tolerance

    def requests_for(
        self,
        requests: int,
        mean_tolerance: float = MEAN_TOLERANCE,
        p99_tolerance: float = P99_TOLERANCE,
    ) -> int:
        """Requests a run like this one (of `requests`) needs for both tolerances to hold.

        A half-width shrinks as 1 / sqrt(length), so the length scales with the
        square of how far each figure is from its tolerance.
        """
        worst = max(self.mean.relative / mean_tolerance, self.p99.relative / p99_tolerance)
        if not math.isfinite(worst):
            return requests * 4
        return max(requests, math.ceil(requests * worst * worst))

    def to_json(self) -> dict[str, object]:
        return {
            "confidence": CONFIDENCE,
            "mean_ms": self.mean.to_json(),
            "p99_ms": self.p99.to_json(),
            "batches": self.batches,
        }


def precision(
    latencies: Sequence[float],
    arrivals: Sequence[float] | None = None,
    *,
    p99: float | None = None,
) -> Precision | None:
    """Batch-means intervals for the mean and p99 of `latencies`; None when there are too few.

    `arrivals` (ms, one per latency) puts the requests in arrival order first;
    without it the latencies are taken in the order given. `p99`: the latencies' p99
    when the caller has it already (`np.percentile`'s), to spare a pass over them.
    """
    import numpy as np

    from coach.simulate.quantiles import row_percentile

    values = np.asarray(latencies, dtype=float)
    if arrivals is not None and len(values):
        times = np.asarray(arrivals, dtype=float)
        # often in arrival order already (a one-station run answers in that order): then
        # the stable sort would leave every value where it is
        if not (times[1:] >= times[:-1]).all():
            values = values[np.argsort(times, kind="stable")]
    usable = [b for b in BATCHES if len(values) >= b * MIN_BATCH]
    if not usable:
        return None
    mean = float(values.mean())
    if p99 is None:
        p99 = float(np.percentile(values, 99))
    mean_hw = p99_hw = 0.0
    for count in usable:
        size = len(values) // count
        rows = values[: size * count].reshape(count, size)
        t = _T975[count - 1] / math.sqrt(count)
        mean_hw = max(mean_hw, t * float(rows.mean(axis=1).std(ddof=1)))
        p99_hw = max(p99_hw, t * float(row_percentile(rows, 99).std(ddof=1)))
    return Precision(
        mean=Interval(mean, mean - mean_hw, mean + mean_hw),
        p99=Interval(p99, p99 - p99_hw, p99 + p99_hw),
        samples=len(values),
        batches=usable[0],
    )


def of_run(raw: RawResult, *, p99: float | None = None) -> Precision | None:
    """`precision` of an engine run's answered requests, in arrival order (`p99`: theirs,
    when known)."""
    import numpy as np

    latencies = np.asarray(raw.latencies, dtype=float)
    answered = np.asarray(raw.answered_at, dtype=float)
    arrivals = answered - latencies if len(answered) == len(latencies) else None
    return precision(latencies, arrivals, p99=p99)
