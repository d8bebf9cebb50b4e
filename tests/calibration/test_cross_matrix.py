"""Each problem's rubric is its own: its reference answers score 90+ on it and
25 or less on every other problem's rubric (generic words earn nothing)."""

from __future__ import annotations

import pytest
from calibration import bank_ids, cross_scores

OWN_FLOOR = 90.0
OTHER_CEILING = 25.0


@pytest.fixture(scope="module")
def matrix() -> dict[str, dict[str, float]]:
    return cross_scores()


@pytest.mark.parametrize("own", bank_ids())
def test_a_problems_reference_answers_earn_its_rubric(
    matrix: dict[str, dict[str, float]], own: str
) -> None:
    assert matrix[own][own] >= OWN_FLOOR


@pytest.mark.parametrize("own", bank_ids())
def test_a_problems_reference_answers_earn_little_elsewhere(
    matrix: dict[str, dict[str, float]], own: str
) -> None:
    generous = {other: score for other, score in matrix[own].items() if other != own}
    assert {k: v for k, v in generous.items() if v > OTHER_CEILING} == {}
