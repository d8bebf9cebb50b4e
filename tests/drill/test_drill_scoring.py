"""The log-scale bands, checked at their edges from both sides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.drill.scoring import Band, band_for_ratio, percent, ratio, score

E = 5.84e16  # an expected value in base units (58.4 PB)


@pytest.mark.parametrize(
    ("factor", "band"),
    [
        (1.0, Band.EXACT),
        (1.1, Band.EXACT),
        (1.1001, Band.WITHIN_2X),
        (2.0, Band.WITHIN_2X),
        (2.0001, Band.WITHIN_10X),
        (10.0, Band.WITHIN_10X),
        (10.001, Band.OFF),
        (1000.0, Band.OFF),
    ],
)
def test_band_edges_high_and_low(factor: float, band: Band) -> None:
    assert score(E * factor, E)[0] is band  # answered too high
    assert score(E / factor, E)[0] is band  # answered too low by the same factor


def test_ratio_is_symmetric_and_at_least_one() -> None:
    assert ratio(30, 10) == pytest.approx(3.0)
    assert ratio(10, 30) == pytest.approx(3.0)
    assert ratio(7, 7) == 1.0


@pytest.mark.parametrize("answer", [0.0, -5.0, float("inf"), float("nan")])
def test_answers_that_cannot_be_compared_are_off(answer: float) -> None:
    band, r = score(answer, E)
    assert band is Band.OFF
    assert r is None


def test_points_per_band() -> None:
    assert [b.points for b in Band] == [3, 2, 1, 0]
    assert band_for_ratio(None) is Band.OFF


def test_percent_of_the_maximum() -> None:
    assert percent(0, 0) is None
    assert percent(9, 3) == 100.0
    assert percent(4, 3) == pytest.approx(44.4)


@given(
    expected=st.floats(min_value=1e-12, max_value=1e18),
    factor=st.floats(min_value=1.0, max_value=1e6),
)
def test_high_and_low_by_the_same_factor_score_the_same(expected: float, factor: float) -> None:
    high, r_high = score(expected * factor, expected)
    low, r_low = score(expected / factor, expected)
    assert high is low
    assert r_high == pytest.approx(factor, rel=1e-9)
    assert r_low == pytest.approx(factor, rel=1e-9)


@given(st.floats(min_value=1.0, max_value=1e6), st.floats(min_value=1.0, max_value=1e6))
def test_a_larger_ratio_never_scores_more(a: float, b: float) -> None:
    small, large = sorted((a, b))
    assert band_for_ratio(small).points >= band_for_ratio(large).points
