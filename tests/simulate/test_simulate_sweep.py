"""The sweep: the highest load within the SLO, found with few runs, and its chart."""

from __future__ import annotations

import pytest

from coach.errors import CoachError
from coach.simulate.analytic import analytic
from coach.simulate.chart import LEGEND, MET, MISSED, OFF_CHART, latency_curve
from coach.simulate.design import Design
from coach.simulate.engine import simulate
from coach.simulate.overrides import with_rps
from coach.simulate.sweep import (
    DEFAULT_SWEEP_REQUESTS,
    SweepPoint,
    capacity_rps,
    parse_range,
    sweep,
)

ONE_TIER = Design.model_validate(
    {
        "load": {"rps": 1000},
        "slo": {"p99_ms": 60},
        "components": [
            {
                "name": "app",
                "kind": "service",
                "nodes": 2,
                "concurrency": 8,
                "routing": "least_connections",
                "service_ms": {"mean": 10, "dist": "lognormal", "p99": 40},
            }
        ],
    }
)
TWO_TIERS = Design.model_validate(
    {
        "load": {"rps": 500},
        "slo": {"p99_ms": 100},
        "components": [
            {
                "name": "lb",
                "kind": "load_balancer",
                "nodes": 2,
                "concurrency": 4,
                "service_ms": {"mean": 0.5, "dist": "constant"},
                "calls": ["app"],
            },
            {"name": "app", "kind": "service", "nodes": 4, "service_ms": {"mean": 5}},
        ],
    }
)


def brute_force(design: Design, low: float, step: float, seed: int) -> float | None:
    """The highest load of an even grid whose full-length run meets the SLO (up from `low`)."""
    best, rps = None, low
    while True:
        report = simulate(with_rps(design, rps), requests=DEFAULT_SWEEP_REQUESTS, seed=seed)
        assert report.slo is not None
        if not report.slo.met:
            return best
        best, rps = rps, rps + step


@pytest.mark.parametrize("design", [ONE_TIER, TWO_TIERS], ids=["one tier", "two tiers"])
def test_the_sweep_answers_within_the_noise_of_a_brute_force_sweep(design: Design) -> None:
    cap = capacity_rps(design)
    assert cap is not None
    result = sweep(design, 0.2 * cap, 1.5 * cap, seed=1)
    step = 0.01 * cap
    answers = [brute_force(design, 0.8 * cap, step, seed) for seed in (1, 2, 3)]
    assert all(a is not None for a in answers)
    assert result.best_rps is not None
    assert min(answers) - step <= result.best_rps <= max(answers) + step  # type: ignore[type-var]
    # and it got there with fewer requests than one brute-force pass from the same start
    passes = (min(answers) - 0.8 * cap) / step + 2  # type: ignore[operator]
    assert result.requests < passes * DEFAULT_SWEEP_REQUESTS


def test_the_twitter_sweep_stops_below_capacity_within_the_error_budget() -> None:
    from coach.commands import common

    twitter = common.problem("twitter").reference_design
    result = sweep(twitter, 1000, 50000, seed=1)
    assert result.best_rps is not None and result.best is not None
    # every tier below 100% by the model at the answer, failures within the 1% budget
    tiers = analytic(with_rps(twitter, result.best_rps))
    assert all(p.utilization < 1.0 for tier in tiers.values() for p in tier.pools)
    assert result.best.failed_ratio <= 0.01
    assert result.best.observed_p99_ms is not None
    assert result.best.observed_p99_ms <= 200
    for point in result.points:
        busiest = max(
            p.utilization for t in analytic(with_rps(twitter, point.rps)).values() for p in t.pools
        )
        if busiest >= 1.0:  # past capacity: missed, and never simulated
            assert not point.met and point.by_model and point.observed_p99_ms is None
        if point.met:
            assert point.rps <= result.best_rps
        if not point.by_model:  # the verdict is the p99 over every request
            assert point.met == (point.observed_p99_ms is not None and point.observed_p99_ms <= 200)


def test_runs_are_sized_by_the_confidence_their_verdict_needs() -> None:
    result = sweep(TWO_TIERS, 100, 1200, seed=1)
    by_load = {round(p.rps): p for p in result.points}
    assert by_load[100].requests < 10_000  # far from the target: settled quickly
    near = [p for p in result.points if not p.by_model and p.rps > 0.8 * 800]
    assert near and max(p.requests for p in near) >= DEFAULT_SWEEP_REQUESTS
    assert all(p.by_model for p in result.points if p.rps >= 800)


def test_two_processes_change_no_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from coach.simulate import sweep as module

    alone = sweep(TWO_TIERS, 100, 1200, seed=3, workers=1)
    used = []
    real_map = ProcessPoolExecutor.map

    def counted(self: ProcessPoolExecutor, *args: object, **kwargs: object) -> object:
        used.append(True)
        return real_map(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ProcessPoolExecutor, "map", counted)
    monkeypatch.setattr(module, "POOL_WORTH", 0)  # use the pool at every round
    pooled = sweep(TWO_TIERS, 100, 1200, seed=3, workers=2)
    assert used
    # a load measured in another process gives the same numbers; two at a time cut the gap
    # in thirds rather than halves, so the answer moves, by less than the resolution
    shared = {p.rps: p for p in alone.points}.keys() & {p.rps: p for p in pooled.points}.keys()
    assert len(shared) >= 8
    for rps in shared:
        assert next(p for p in alone.points if p.rps == rps) == next(
            p for p in pooled.points if p.rps == rps
        )
    assert alone.best_rps is not None and pooled.best_rps is not None
    assert pooled.best_rps == pytest.approx(alone.best_rps, rel=2 * module.RESOLUTION)


def test_a_fixed_request_count_runs_every_simulated_point_that_long() -> None:
    result = sweep(TWO_TIERS, 100, 1200, seed=1, requests=5_000)
    assert {p.requests for p in result.points if not p.by_model} == {5_000}


def test_a_design_past_capacity_everywhere_has_no_answer() -> None:
    result = sweep(TWO_TIERS, 900, 1200, seed=1)
    assert result.best_rps is None and result.requests == 0
    assert all(p.by_model and not p.met for p in result.points)


@pytest.mark.parametrize("text", ["rps=10", "rps=5..1", "rps=0..5", "nodes=1..2", "rps=a..b"])
def test_bad_ranges_are_refused(text: str) -> None:
    with pytest.raises(CoachError, match="--sweep"):
        parse_range(text)


# -- the chart -----------------------------------------------------------------------------


def point(rps: float, p99: float | None, met: bool) -> SweepPoint:
    return SweepPoint(rps, p99, p99, met, 0.0, 0.5, observed_p99_ms=p99, requests=1000)


def test_the_chart_fits_80_columns_and_has_a_legend() -> None:
    points = [point(1000 + 1000 * i, 10.0 * i, 10.0 * i <= 1000) for i in range(1, 40)]
    lines = latency_curve(points, 1000.0)
    assert max(len(line) for line in lines) <= 80
    assert lines[-1].strip() == LEGEND
    for mark in (MET, MISSED, OFF_CHART):
        assert mark in LEGEND


def test_a_point_is_above_the_slo_line_exactly_when_it_missed() -> None:
    slo = 100.0
    points = [
        point(1, 50.0, True),
        point(2, 99.9, True),  # rounds onto the line's row: on it, not above
        point(3, 100.4, False),  # rounds onto the line's row, but missed: one row up
        point(4, 120.0, False),
        point(5, None, False),  # unbounded: at the top
        point(6, 30.0, False),  # answered fast, but the SLO was missed (say, overloaded)
    ]
    lines = latency_curve(points, slo, width=12)
    rows = lines[1:-3]
    slo_row = next(i for i, line in enumerate(rows) if "SLO" in line)

    def row_of(col: int) -> int:
        return next(
            i for i, line in enumerate(rows) if len(line) > 9 + col and line[9 + col] in "*x^"
        )

    cols = [round(i * 11 / 5) for i in range(6)]
    for p, col in zip(points, cols, strict=True):
        above = row_of(col) < slo_row
        assert above == (not p.met), (p, lines)
