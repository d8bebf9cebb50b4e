"""The estimate checker: order-of-magnitude verdicts and the step that went wrong."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import CoachError
from coach.estimate.checker import (
    DEFAULT_TOLERANCE,
    DIAGNOSIS_TOLERANCE,
    SlipKind,
    Standing,
    check_figure,
)
from coach.estimate.engine import estimate
from coach.estimate.names import RESULT_NAMES, resolve_result_name
from coach.estimate.quantity import Quantity, format_quantity

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


# -- typed verdicts and diagnoses that the figures show --------------------------------

TWITTER = {
    "writes": "500M/day",
    "read_write_ratio": "20",
    "write_size": "300 B",
    "read_size": "10 KB",
    "fanout": "200",
    "retention": "5 years",
    "replication": "3",
    "peak_factor": "2",
}


@pytest.fixture(scope="module")
def twitter():  # type: ignore[no-untyped-def]
    return estimate(TWITTER)


def test_an_11x_low_read_qps_is_the_reads_per_write_left_out(twitter) -> None:  # type: ignore[no-untyped-def]
    # 10K/s against 116K/s: with "x 20 reads per write" put back it is 200K/s, 1.7x
    # from the engine's, within the 2x that interview rounding adds.
    check = check_figure("read_qps", "10K/s", twitter)
    assert check.standing is Standing.TOO_LOW and not check.within_tolerance
    assert check.diagnosis is not None
    assert check.diagnosis.kind is SlipKind.LEFT_OUT
    assert check.diagnosis.step is not None and check.diagnosis.step.source == "read_write_ratio"
    assert check.diagnosis.residual == pytest.approx(20 * 10_000 / (500e6 / 86_400 * 20))
    assert check.hint == "it looks like the step 'x 20 reads per write' was left out"
    assert check.differing_step == check.diagnosis.step


def test_a_step_within_the_tolerance_never_explains_a_miss(twitter) -> None:  # type: ignore[no-untyped-def]
    # 2.7 PB is 3.3x the 820 TB: "x 3 replicas" counted twice would leave a figure
    # within the 3.16x tolerance, so it cannot be why this one is off.
    check = check_figure("storage_total", "2.7 PB", twitter)
    assert check.standing is Standing.TOO_HIGH
    assert check.diagnosis is None
    assert check.hint.startswith("no single step explains the difference")
    # With a tighter tolerance the same slip can make a miss, and is named.
    strict = check_figure("storage_total", "2.7 PB", twitter, tolerance=2)
    assert strict.diagnosis is not None and strict.diagnosis.kind is SlipKind.APPLIED_TWICE
    assert strict.diagnosis.step is not None and strict.diagnosis.step.source == "replication"


def test_bits_and_bytes_only_where_bits_can_be_meant(twitter) -> None:  # type: ignore[no-untyped-def]
    # 2 PB against 270 TB is 7.3x: near 8, but nobody sizes storage in bits.
    storage = check_figure("raw_storage_total", "2 PB", twitter)
    assert storage.standing is Standing.TOO_HIGH
    assert storage.diagnosis is None
    assert "bits" not in storage.hint
    # A bandwidth, or a figure written in bits, can be 8x off for that reason.
    egress = check_figure("egress_bandwidth", "1.2 Gbps", twitter)  # the answer is 1.2 GB/s
    assert egress.diagnosis is not None and egress.diagnosis.kind is SlipKind.BITS_BYTES
    written_in_bits = check_figure("raw_storage_per_day", "150 Gbit", twitter)
    assert written_in_bits.diagnosis is not None
    assert written_in_bits.diagnosis.kind is SlipKind.BITS_BYTES


def test_two_slips_that_fit_alike_name_neither() -> None:
    # 8 reads per write and 8 bits per byte both turn 7.2 MB/s into 0.9 MB/s.
    est = estimate({"writes": "1K/s", "read_write_ratio": "8", "write_size": "900 B"})
    check = check_figure("egress_bandwidth", "900 KB/s", est)
    assert not check.within_tolerance
    assert check.diagnosis is None


def test_a_per_day_figure_given_per_second() -> None:
    est = estimate({"writes": "5K/s", "write_size": "1 KB"})  # no 86,400 in the working
    check = check_figure("write_qps", "430M/s", est)
    assert check.diagnosis is not None and check.diagnosis.kind is SlipKind.PER_DAY
    assert check.diagnosis.step is None


def test_the_peak_given_for_the_average() -> None:
    est = estimate({"writes": "1B/day", "peak_factor": "5"})  # 11.6K/s, 58K/s at peak
    check = check_figure("write_qps", "58K/s", est)
    assert check.diagnosis is not None and check.diagnosis.kind is SlipKind.PEAK
    assert "peak" in check.hint
    # The peak figure itself: the average given for it is the peak factor left out.
    peak = check_figure("peak_write_qps", "11.6K/s", est)
    assert peak.diagnosis is not None and peak.diagnosis.kind is SlipKind.LEFT_OUT


def test_the_figure_beside_each_line_of_the_working(twitter) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("read_qps", "15K/s", twitter)  # 7.7x low: too far for the x 20
    assert check.diagnosis is None
    assert [line.name for line in check.working] == ["write_qps", "read_qps"]
    first, last = check.working
    assert first.ratio == pytest.approx(15_000 / (500e6 / 86_400))
    assert first.within_tolerance is True and last.within_tolerance is False
    assert check.parts_at is not None and check.parts_at.render() == "x 20 reads per write"
    assert "near write QPS (5.8K/s)" in check.hint
    assert "parts from the working at 'x 20 reads per write'" in check.hint


def test_lines_of_another_kind_are_not_compared(twitter) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("storage_total", "80 TB", twitter)
    by_name = {line.name: line for line in check.working}
    assert by_name["storage_per_day"].ratio is None  # bytes a day beside bytes: not comparable
    assert by_name["storage_total"].ratio == pytest.approx(80e12 / 821.25e12)
    assert check.parts_at is None


def test_a_figure_within_tolerance_has_no_diagnosis_and_no_hint(twitter) -> None:  # type: ignore[no-untyped-def]
    check = check_figure("storage_total", "2 PB", twitter)  # 2.4x
    assert check.standing is Standing.CLOSE
    assert (check.diagnosis, check.parts_at, check.hint) == (None, None, "")
    assert check_figure("write_qps", "5.8K/s", twitter).standing is Standing.MATCH


def test_a_glued_b_for_a_size_is_explained(twitter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CoachError, match="270B read as 270 billion: for bytes write 270 B"):
        check_figure("storage_total", "270B", twitter)


def test_json_is_plain_data(twitter) -> None:  # type: ignore[no-untyped-def]
    data = check_figure("read_qps", "10K/s", twitter).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["standing"] == "too_low"
    assert data["diagnosis"]["kind"] == "left_out"
    assert data["diagnosis"]["step"] == "x 20 reads per write"
    assert [line["name"] for line in data["working"]] == ["write_qps", "read_qps"]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(
        [
            "write_qps",
            "read_qps",
            "peak_read_qps",
            "storage_total",
            "egress_bandwidth",
            "cache_memory",
            "fanout_qps",
        ]
    ),
    log_ratio=st.floats(min_value=-7, max_value=7),
    tolerance=st.floats(min_value=1.2, max_value=10),
)
def test_a_figure_that_is_off_is_never_reported_as_fine(
    name: str, log_ratio: float, tolerance: float
) -> None:
    est = estimate(TWITTER)
    result = est.results[name]
    shown = Quantity(result.value * 10**log_ratio, result.unit)
    check = check_figure(name, format_quantity(shown, 8), est, tolerance=tolerance)
    off = abs(math.log(check.ratio)) > math.log(tolerance) + 1e-9
    assert check.within_tolerance is not off
    assert (check.standing in (Standing.TOO_HIGH, Standing.TOO_LOW)) is off
    assert ("too high" in check.verdict or "too low" in check.verdict) is off
    assert bool(check.hint) is off
    if check.diagnosis is not None:  # only when the figures show it
        slip = check.diagnosis
        assert abs(math.log(slip.factor)) > math.log(tolerance)
        assert slip.residual <= min(DIAGNOSIS_TOLERANCE, tolerance) + 1e-9
        if slip.step is not None:
            assert slip.step in est.chain(name)
