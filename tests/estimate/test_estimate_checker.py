"""The estimate checker: order-of-magnitude verdicts and the step that went wrong."""

from __future__ import annotations

import pytest

from coach.errors import CoachError
from coach.estimate.checker import DEFAULT_TOLERANCE, check_figure
from coach.estimate.engine import estimate
from coach.estimate.names import RESULT_NAMES, resolve_result_name

INPUTS = {
    "writes": "500M/day",
    "read_write_ratio": "10",
    "write_size": "10 KB",
    "replication": "3",
    "peak_factor": "3",
    "retention": "5 years",
}


@pytest.fixture(scope="module")
def est():  # type: ignore[no-untyped-def]
    return estimate(INPUTS)


def test_close_enough_is_within_tolerance(est) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("write_qps", "6K/s", est)
    assert check.within_tolerance
    assert check.ratio == pytest.approx(6000 / (500e6 / 86_400))
    assert check.differing_step is None
    assert check.verdict == "6K/s matches the estimate 5.8K/s"
    assert check.engine_display == "5.8K/s"
    assert check.derivation == est.results["write_qps"].derivation


def test_forgetting_seconds_per_day_is_named(est) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("qps", "500M/s", est)  # a loose name; the rate was not divided
    assert check.name == "write_qps"
    assert not check.within_tolerance
    assert "too high" in check.verdict
    assert check.differing_step is not None
    assert check.differing_step.text == "86,400 s/day"
    assert "left out" in check.hint


def test_forgetting_replication_is_named(est) -> None:  # type: ignore[no-untyped-def]
    # 500M/day x 10 KB x 3 replicas = 15 TB/day; 5 TB is what you get without the replicas.
    check = check_figure("storage_per_day", "5 TB", est, tolerance=2)
    assert not check.within_tolerance
    assert check.differing_step is not None and check.differing_step.source == "replication"
    assert "left out" in check.hint


def test_an_upstream_step_is_found_too(est) -> None:  # type: ignore[no-untyped-def]
    # 1.7M/s is 10x the peak reads: the 10 reads per write, applied twice. That step is
    # upstream, in read_qps, not in peak_read_qps's own derivation.
    twice_ratio = check_figure("peak_read_qps", "1.7M/s", est, tolerance=2)
    assert twice_ratio.differing_step is not None
    assert twice_ratio.differing_step.source == "read_write_ratio"
    assert "applied twice" in twice_ratio.hint


def test_unit_slips_get_a_hint(est) -> None:  # type: ignore[no-untyped-def]
    prefix = check_figure("storage_per_day", "15 GB", est)
    assert prefix.differing_step is None
    assert "unit prefix" in prefix.hint
    bits = check_figure("ingress_bandwidth", "58 Mbps", est)  # the answer is 58 MB/s
    assert "bits and bytes" in bits.hint


def test_no_single_step(est) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("write_qps", "123/s", est)
    assert check.differing_step is None
    assert "no single step" in check.hint


def test_tolerance_is_configurable(est) -> None:  # type: ignore[no-untyped-def]
    assert check_figure("write_qps", "10K/s", est).within_tolerance  # 1.7x, default ~3.2x
    assert not check_figure("write_qps", "10K/s", est, tolerance=1.5).within_tolerance
    assert pytest.approx(10**0.5) == DEFAULT_TOLERANCE
    with pytest.raises(CoachError, match="tolerance"):
        check_figure("write_qps", "10K/s", est, tolerance=1)


def test_user_units_are_read_generously(est) -> None:  # type: ignore[no-untyped-def]
    assert check_figure("write_qps", "5800", est).within_tolerance  # a bare number: per second
    assert check_figure("write_qps", "500M/day", est).ratio == pytest.approx(1)
    per_day = check_figure("storage per day", "15 TB/day", est)  # a rate for a daily amount
    assert per_day.ratio == pytest.approx(1)
    assert check_figure("storage", "27 PB", est).name == "storage_total"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("write_qps", "5 TB", "'5 TB' is a size, but write_qps is a rate"),
        ("write_qps", "0/s", "more than zero"),
        ("write_qps", "abc", "unknown unit 'abc'"),
        ("wirte_qps", "5K/s", "did you mean 'write_qps'?"),
        ("servers", "10", "this estimate has no servers"),
    ],
)
def test_bad_figures_are_coach_errors(est, name: str, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CoachError, match=message.replace("?", r"\?")):
        check_figure(name, text, est)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("qps", "write_qps"),
        ("Write QPS", "write_qps"),
        ("writes per second", "write_qps"),
        ("tweets/s", "write_qps"),
        ("read qps", "read_qps"),
        ("reads per sec", "read_qps"),
        ("peak QPS", "peak_write_qps"),
        ("storage per year", "storage_per_year"),
        ("daily storage", "storage_per_day"),
        ("storage", "storage_total"),
        ("total storage", "storage_total"),
        ("bandwidth", "ingress_bandwidth"),
        ("egress", "egress_bandwidth"),
        ("cache size", "cache_memory"),
        ("number of servers", "servers"),
        ("DAU", "daily_active_users"),
        ("storage_total", "storage_total"),
        ("requests in flight", "requests_in_flight"),
        ("banana", None),
    ],
)
def test_resolve_result_name(text: str, name: str | None) -> None:
    assert resolve_result_name(text) == name


def test_every_result_name_resolves_to_itself() -> None:
    for name in RESULT_NAMES:
        assert resolve_result_name(name) == name
