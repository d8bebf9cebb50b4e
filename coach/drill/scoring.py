"""Scoring an answer on a log scale: how many times off it is, not by how much.

The ratio is r = max(answer / expected, expected / answer), so being 3x high and 3x
low count the same. Bands (edges inclusive):

    exact       r <= 1.1   3 points   (napkin rounding: 86,400 s a day read as 90K)
    within 2x   r <= 2     2 points
    within 10x  r <= 10    1 point    (the right order of magnitude)
    off         r > 10     0 points   (also a zero, a negative or a wrong choice)

A choice question ("which is faster") is exact when right and off when wrong.
A drill's score is its points over 3 points a question, as a percentage.
"""

from __future__ import annotations

import math
from enum import Enum

EXACT_RATIO = 1.1
TWO_X_RATIO = 2.0
TEN_X_RATIO = 10.0
MAX_POINTS = 3

# Float noise must not push an answer across an edge: 1.1 * e / e can be 1.1000000000000001.
_EDGE_SLACK = 1e-9


class Band(str, Enum):
    EXACT = "exact"
    WITHIN_2X = "within_2x"
    WITHIN_10X = "within_10x"
    OFF = "off"

    @property
    def points(self) -> int:
        return _POINTS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def close(self) -> bool:
        """Within 2x: what keeps a streak going."""
        return self in (Band.EXACT, Band.WITHIN_2X)


_POINTS = {Band.EXACT: 3, Band.WITHIN_2X: 2, Band.WITHIN_10X: 1, Band.OFF: 0}
_LABELS = {
    Band.EXACT: "exact",
    Band.WITHIN_2X: "within 2x",
    Band.WITHIN_10X: "within 10x",
    Band.OFF: "off",
}


def ratio(answer: float, expected: float) -> float | None:
    """How many times off `answer` is (>= 1), or None when it cannot be compared."""
    if answer <= 0 or expected <= 0 or not math.isfinite(answer) or not math.isfinite(expected):
        return None
    return max(answer / expected, expected / answer)


def band_for_ratio(r: float | None) -> Band:
    if r is None:
        return Band.OFF
    for band, edge in (
        (Band.EXACT, EXACT_RATIO),
        (Band.WITHIN_2X, TWO_X_RATIO),
        (Band.WITHIN_10X, TEN_X_RATIO),
    ):
        if r <= edge * (1 + _EDGE_SLACK):
            return band
    return Band.OFF


def score(answer: float, expected: float) -> tuple[Band, float | None]:
    """The band of `answer` against `expected`, and the ratio it came from."""
    r = ratio(answer, expected)
    return band_for_ratio(r), r


def percent(points: int, questions: int) -> float | None:
    """Points as a percentage of the most a drill of `questions` could earn."""
    if questions == 0:
        return None
    return round(100.0 * points / (MAX_POINTS * questions), 1)
