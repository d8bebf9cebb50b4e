"""Percentiles and the median as numpy computes them, from one partition of the data.

`np.percentile` and `np.median` each partition a copy of their array, and a
percentile between two ranks goes through `np.unique` (which imports
`numpy.ma`). A report wants the p50, p95, p99 and median of a million
latencies, and the p99 of each batch of them: here the ranks they need are
found in one partition per array, and interpolated with numpy's own formula
(its default "linear" method, Hyndman and Fan's seventh), so each figure is
numpy's to the last bit (`tests/simulate/test_simulate_quantiles.py` compares them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def _neighbours(n: int, percent: float) -> tuple[int, int, float]:
    """The ranks (0-based) either side of the `percent`-th percentile of n values, and the
    weight of the upper one."""
    virtual = (n - 1) * (percent / 100)
    if virtual >= n - 1:  # numpy takes the last value, whatever the weight
        return n - 1, n - 1, 0.0
    below = math.floor(virtual)
    return below, below + 1, virtual - below


def _lerp(a: float, b: float, weight: float) -> float:
    """numpy's interpolation: from the nearer end, so that a weight of 1 gives b exactly."""
    step = b - a
    return b - step * (1 - weight) if weight >= 0.5 else a + step * weight


def percentiles(values: np.ndarray, percents: Sequence[float]) -> tuple[list[float], float]:
    """`np.percentile(values, percents)` and `np.median(values)` of a 1-d float array that
    has no NaN and at least one value (the array is not changed)."""
    import numpy as np

    n = len(values)
    spots = [_neighbours(n, p) for p in percents]
    middle = [n // 2 - 1, n // 2] if n % 2 == 0 else [n // 2]
    ranks = sorted({r for below, above, _ in spots for r in (below, above)} | set(middle))
    part = np.partition(values, ranks)
    at = {r: float(part[r]) for r in ranks}
    found = [_lerp(at[below], at[above], weight) for below, above, weight in spots]
    median = (at[middle[0]] + at[middle[1]]) / 2 if n % 2 == 0 else at[middle[0]]
    return found, median


def row_percentile(rows: np.ndarray, percent: float) -> np.ndarray:
    """`np.percentile(rows, percent, axis=1)` of a 2-d float array without NaN: each row
    partitioned in place in a copy, along its own memory."""
    import numpy as np

    below, above, weight = _neighbours(rows.shape[1], percent)
    part = np.partition(rows, sorted({below, above}), axis=1)
    a, b = part[:, below], part[:, above]
    step = b - a
    return b - step * (1 - weight) if weight >= 0.5 else a + step * weight
