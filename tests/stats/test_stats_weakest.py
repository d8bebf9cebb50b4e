"""The weakest-areas rule at its edges."""

from __future__ import annotations

from coach.stats.weakest import _lowest_and_weak


def test_a_perfect_lowest_score_is_not_a_weakness() -> None:
    assert _lowest_and_weak([(100.0, 0, "units"), (95.0, 1, "latency")], 2) == []
    assert _lowest_and_weak([(89.0, 0, "units"), (95.0, 1, "latency")], 2) == [(89.0, "units")]


def test_the_lowest_and_any_other_below_70_are_weak() -> None:
    scored = [(65.0, 0, "a"), (60.0, 1, "b"), (75.0, 2, "c")]
    assert _lowest_and_weak(scored, 2) == [(60.0, "b"), (65.0, "a")]
