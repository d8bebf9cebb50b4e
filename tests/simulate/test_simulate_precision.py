"""Batch-means confidence intervals: they cover the truth as often as they claim."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.simulate.precision import MEAN_TOLERANCE, P99_TOLERANCE, precision


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Exponential-looking latencies with memory: each one leans on the one before."""
    noise = rng.exponential(1.0, n)
    out = np.empty(n)
    level = 1.0
    for i in range(n):
        level = phi * level + (1 - phi) * noise[i] * 2
        out[i] = level
    return out


def test_the_interval_covers_the_mean_about_95_percent_of_the_time() -> None:
    covered = 0
    for seed in range(60):
        values = np.random.default_rng(seed).exponential(10.0, 20_000)
        p = precision(values)
        assert p is not None
        covered += p.mean.low <= 10.0 <= p.mean.high
    assert covered >= 52  # 95% of 60 is 57; a binomial spread reaches 52 rarely


def test_the_p99_interval_covers_the_true_p99() -> None:
    truth = 10.0 * math.log(100)
    covered = sum(
        (p := precision(np.random.default_rng(seed).exponential(10.0, 20_000))) is not None
        and p.p99.low <= truth <= p.p99.high
        for seed in range(60)
    )
    assert covered >= 50


def test_correlated_latencies_get_a_wider_interval_that_still_covers() -> None:
    covered = 0
    for seed in range(30):
        values = ar1(np.random.default_rng(seed), 40_000, 0.98)
        p = precision(values)
        assert p is not None
        naive = 1.96 * values.std() / math.sqrt(len(values))
        assert p.mean.half_width > 2 * naive  # the memory makes the naive interval too narrow
        covered += p.mean.low <= 2.0 <= p.mean.high
    assert covered >= 24


def test_arrival_order_is_what_the_batches_follow() -> None:
    rng = np.random.default_rng(1)
    values = ar1(rng, 10_000, 0.99)
    arrivals = np.arange(len(values), dtype=float)
    shuffle = rng.permutation(len(values))
    assert precision(values[shuffle], arrivals[shuffle]) == precision(values)


def test_requests_for_scales_with_the_square_of_the_gap() -> None:
    p = precision(np.random.default_rng(2).exponential(10.0, 2_000))
    assert p is not None and not p.enough()
    needed = p.requests_for(2_000)
    worst = max(p.mean.relative / MEAN_TOLERANCE, p.p99.relative / P99_TOLERANCE)
    assert needed == math.ceil(2_000 * worst**2)
    bigger = precision(np.random.default_rng(3).exponential(10.0, needed))
    assert bigger is not None
    assert bigger.mean.relative <= MEAN_TOLERANCE * 1.25
    assert bigger.p99.relative <= P99_TOLERANCE * 1.25


@pytest.mark.parametrize("count", [0, 10, 999])
def test_too_few_latencies_have_no_interval(count: int) -> None:
    assert precision(np.ones(count)) is None


def test_a_report_centres_its_p99_interval_on_the_p99_it_shows() -> None:
    from coach.simulate.design import Design
    from coach.simulate.engine import simulate

    design = Design.model_validate(
        {"load": {"rps": 800}, "components": [{"name": "app", "kind": "service",
         "concurrency": 10, "service_ms": {"mean": 10, "dist": "exponential"}}]}
    )  # fmt: skip
    report = simulate(design, requests=20_000, seed=4)
    assert report.latency is not None and report.precision is not None
    assert report.precision.p99.estimate == report.latency.p99
    latencies = np.random.default_rng(4).exponential(10.0, 20_000)
    given = precision(latencies, p99=float(np.percentile(latencies, 99)))
    assert given == precision(latencies)  # the p99 handed in is the one it would compute
