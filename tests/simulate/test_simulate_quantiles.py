"""The one-partition percentiles are numpy's, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from coach.simulate.quantiles import percentiles, row_percentile

PERCENTS = [50, 95, 99]


def _samples() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    arrays = [rng.exponential(10.0, n) for n in (1, 2, 3, 4, 5, 10, 99, 100, 101, 1000, 12345)]
    arrays.append(np.round(rng.exponential(3.0, 5000), 1))  # many equal values
    arrays.append(np.full(64, 2.5))
    arrays.append(rng.lognormal(2.0, 1.5, 100_000))
    return arrays


@pytest.mark.parametrize("values", _samples(), ids=lambda a: f"n={len(a)}")
def test_percentiles_and_median_are_numpys(values: np.ndarray):
    before = values.copy()
    found, median = percentiles(values, PERCENTS)
    expected = np.percentile(values, PERCENTS)
    assert found == [float(x) for x in expected]
    assert median == float(np.median(values))
    assert np.array_equal(values, before)  # the caller's array is left alone


@pytest.mark.parametrize("shape", [(20, 50_000), (10, 100_001), (20, 100), (4, 1), (3, 2)])
def test_row_percentiles_are_numpys(shape: tuple[int, int]):
    rows = np.random.default_rng(11).exponential(16.0, shape)
    for percent in (99, 50, 95, 100, 0):
        got = row_percentile(rows, percent)
        assert np.array_equal(got, np.percentile(rows, percent, axis=1))
