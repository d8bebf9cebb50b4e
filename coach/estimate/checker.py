"""Check a user's figure against the engine's, and say which step went wrong.

Interview estimates are judged by order of magnitude, so the check is a ratio:
a figure within `tolerance` times the engine's (either way) is right. When it is
not, the ratio itself is the clue: 86,400x off means "seconds per day" was left
out; 3x off with 3 replicas means replication was forgotten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.errors import CoachError, did_you_mean
from coach.estimate.calc import evaluate
from coach.estimate.inputs import DIMENSION_WORDS
from coach.estimate.model import Estimate, EstimateResult, Step
from coach.estimate.names import RESULT_NAMES, resolve_result_name
from coach.estimate.quantity import BYTE_RATE, BYTES, COUNT, RATE, format_number
from coach.estimate.units import PERIOD_SECONDS

# Within about 3x either way: the same order of magnitude for interview purposes
# (half a decade on a log scale).
DEFAULT_TOLERANCE = math.sqrt(10)
_CLOSE = math.log(1.15)  # a ratio within 15% of a step's factor is "that step"
_SLIPS = [
    (1e3, "a unit prefix is off by 1,000x (KB vs MB, K vs M?)"),
    (1e6, "a unit prefix is off by 1,000,000x (KB vs GB, K vs B?)"),
    (8, "bits and bytes are mixed up (8 bits per byte)"),
]

__all__ = ["DEFAULT_TOLERANCE", "FigureCheck", "check_figure", "resolve_result_name"]


@dataclass(frozen=True)
class FigureCheck:
    """How a user's figure compares with the engine's."""

    name: str
    user_text: str
    user_value: float
    engine_value: float
    engine_display: str
    unit: str
    within_tolerance: bool
    ratio: float  # user / engine
    verdict: str
    derivation: str
    differing_step: Step | None
    hint: str


def check_figure(
    name: str, user_text: str, estimate: Estimate, tolerance: float = DEFAULT_TOLERANCE
) -> FigureCheck:
    """Compare `user_text` ("6K/s", "15 TB") with the estimate's figure `name`.

    `name` may be a result name or a loose phrase ("qps", "storage per year").
    `tolerance` is a factor: 3.0 accepts anything from a third to three times the figure.
    """
    if tolerance <= 1:
        raise CoachError(f"tolerance must be more than 1 (a factor such as 3), got {tolerance}")
    result = _result(name, estimate)
    user = _user_value(user_text, result)
    engine = result.value
    ratio = user / engine if engine else math.inf
    within = max(ratio, 1 / ratio) <= tolerance if ratio > 0 else False
    step, hint = (None, "") if within else _differing_step(estimate, result.name, ratio)
    return FigureCheck(
        name=result.name,
        user_text=user_text,
        user_value=user,
        engine_value=engine,
        engine_display=result.display,
        unit=result.unit,
        within_tolerance=within,
        ratio=ratio,
        verdict=_verdict(user_text, result, ratio, within),
        derivation=result.derivation,
        differing_step=step,
        hint=hint,
    )


def _result(name: str, estimate: Estimate) -> EstimateResult:
    resolved = name if name in estimate.results else resolve_result_name(name)
    if resolved is None:
        raise CoachError(f"unknown figure '{name}'{did_you_mean(name, RESULT_NAMES)}")
    if resolved not in estimate.results:
        raise CoachError(f"this estimate has no {resolved}: the inputs it needs are not given")
    return estimate.results[resolved]


def _user_value(text: str, result: EstimateResult) -> float:
    q = evaluate(text).quantity
    value = q.value
    if q.dimension == result.unit:
        pass
    elif q.dimension == COUNT and result.unit == RATE:
        pass  # "4000" for a QPS means per second
    elif q.dimension == BYTE_RATE and result.unit == BYTES and result.period:
        value = q.value * PERIOD_SECONDS[result.period]  # "30 TB/day" for storage per day
    else:
        expected = DIMENSION_WORDS.get(result.unit, result.unit)
        got = DIMENSION_WORDS.get(q.dimension, q.dimension)
        raise CoachError(
            f"'{text}' is {got}, but {result.name} is {expected} (like {result.display})"
        )
    if not value > 0 or not math.isfinite(value):
        raise CoachError(f"'{text}': a figure must be more than zero")
    return value


def _verdict(text: str, result: EstimateResult, ratio: float, within: bool) -> str:
    if within and abs(math.log(ratio)) <= _CLOSE:
        return f"{text} matches the estimate {result.display}"
    if within:  # say how far off it is: "within 3.2x" of an equal figure reads as a miss
        how_far = (
            f"{format_number(ratio, 2)}x" if ratio > 1 else f"{format_number(1 / ratio, 2)}x under"
        )
        return (
            f"{text} is about {how_far} the estimate {result.display}: the right order of magnitude"
        )
    if ratio > 1:
        return f"{text} is about {format_number(ratio, 2)}x the estimate {result.display}: too high"
    under = format_number(1 / ratio, 2)
    return f"{text} is about {under}x under the estimate {result.display}: too low"


def _differing_step(estimate: Estimate, name: str, ratio: float) -> tuple[Step | None, str]:
    """The step whose factor best explains the ratio, with a sentence saying how."""
    off = math.log(ratio)
    best: tuple[float, Step, str] | None = None
    for step in estimate.chain(name):
        if not step.op or step.factor <= 0 or abs(math.log(step.factor)) < _CLOSE:
            continue
        sign = 1 if step.op == "/" else -1  # leaving out "/ f" makes you f times too high
        for direction, how in ((sign, "left out"), (-sign, "applied twice")):
            miss = abs(off - direction * math.log(step.factor))
            if miss <= _CLOSE and (best is None or miss < best[0]):
                best = (miss, step, how)
    if best is not None:
        _, step, how = best
        return step, f"it looks like the step '{step.render()}' was {how}"
    for factor, slip in _SLIPS:
        if abs(abs(off) - math.log(factor)) <= _CLOSE:
            return None, slip
    return None, "no single step explains the difference: compare your working with the derivation"
