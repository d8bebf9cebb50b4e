"""Percentiles and the median as numpy computes them, from one partition of the data.

`np.percentile` and `np.median` each partition a copy of their array, and a
percentile between two ranks goes through `np.unique` (which imports
`numpy.ma`). A report wants the p50, p95, p99 and median of a million
latencies, and the p99 of each batch of them: here the ranks they need are
found by selection, and interpolated with numpy's own formula (its default
"linear" method, Hyndman and Fan's seventh), so each figure is numpy's to the
last bit (`tests/simulate/test_simulate_quantiles.py` compares them).

A partition around one rank is several times cheaper in numpy than around two
(a million values: 2 ms, and 12 ms for two ranks side by side), so the ranks
are found one partition each, lowest first, each in what lies above the last,
and a rank's upper neighbour is the least value above it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    at = _select(np, values, ranks)
    found = [_lerp(at[below], at[above], weight) for below, above, weight in spots]
    median = (at[middle[0]] + at[middle[1]]) / 2 if n % 2 == 0 else at[middle[0]]
    return found, median


def row_percentile(rows: np.ndarray, percent: float) -> np.ndarray:
    """`np.percentile(rows, percent, axis=1)` of a 2-d float array without NaN: each row
    partitioned in place in a copy, along its own memory."""
    import numpy as np

    below, above, weight = _neighbours(rows.shape[1], percent)
    part = np.partition(rows, below, axis=1)
    a = part[:, below]
    b = part[:, above:].min(axis=1) if above > below else a
    step = b - a
    return b - step * (1 - weight) if weight >= 0.5 else a + step * weight


def _select(np: Any, values: np.ndarray, ranks: list[int]) -> dict[int, float]:
    """The values at `ranks` (sorted, 0-based) of `values` sorted: a partition around each
    rank, made in what lies above the one before, or the least of that when the rank is
    just above it."""
    at: dict[int, float] = {}
    rest, offset = values, 0  # rest: the values of ranks `offset` and up, in some order
    for rank in ranks:
        if rank == offset:
            at[rank] = float(rest.min())
            continue
        part = np.partition(rest, rank - offset)
        at[rank] = float(part[rank - offset])
        rest, offset = part[rank - offset + 1 :], rank + 1
    return at
