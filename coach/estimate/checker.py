"""Check a user's figure against the engine's: a typed verdict, and where the two part.

Interview estimates are judged by order of magnitude, so the check is a ratio: a
figure within `tolerance` times the engine's (either way; by default the square root
of 10, half a decade on a log scale) is right. A figure beyond it is off, and is
never reported as anything else.

When a figure is off, `diagnosis` names the slip behind it only when the figures show
it (see `coach.estimate.diagnosis` for the rule). Whatever the diagnosis, `working`
sets the user's figure beside each line of the derivation, and `parts_at` is the step
just after the last line the user's figure agrees with: where theirs parts from the
engine's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from coach.errors import CoachError, did_you_mean
from coach.estimate.calc import evaluate
from coach.estimate.diagnosis import DIAGNOSIS_TOLERANCE, Diagnosis, SlipKind, diagnose
from coach.estimate.inputs import DIMENSION_WORDS
from coach.estimate.model import Estimate, EstimateResult, Step
from coach.estimate.names import RESULT_NAMES, resolve_result_name
from coach.estimate.quantity import BYTE_RATE, BYTES, COUNT, RATE, format_number
from coach.estimate.units import PERIOD_SECONDS

# Within about 3x either way: the same order of magnitude for interview purposes
# (half a decade on a log scale).
DEFAULT_TOLERANCE = math.sqrt(10)
_CLOSE = math.log(1.15)  # within 15%: the figure "matches"

__all__ = [
    "DEFAULT_TOLERANCE",
    "DIAGNOSIS_TOLERANCE",
    "Diagnosis",
    "FigureCheck",
    "SlipKind",
    "Standing",
    "WorkingLine",
    "check_figure",
    "resolve_result_name",
]


class Standing(str, Enum):
    """Where a figure stands against the engine's."""

    MATCH = "match"  # within 15%
    CLOSE = "close"  # within the tolerance: the right order of magnitude
    TOO_HIGH = "too_high"  # beyond the tolerance
    TOO_LOW = "too_low"


@dataclass(frozen=True)
class WorkingLine:
    """One line of the working behind a figure, with the user's figure beside it."""

    name: str  # the result this line computes: "write_qps"
    title: str  # "write QPS"
    derivation: str  # "500M/day writes / 86,400 s/day = 5.8K/s"
    value: float  # in base units
    display: str  # "5.8K/s"
    ratio: float | None  # the user's figure / this line's value; None when not comparable
    within_tolerance: bool | None
    shown_ratio: float | None = None  # the user's figure / this line's value as displayed

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "derivation": self.derivation,
            "value": self.value,
            "display": self.display,
            "ratio": self.ratio,
            "within_tolerance": self.within_tolerance,
        }


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
    verdict: str  # one sentence: "10K/s is about 12x under the estimate 120K/s: too low"
    derivation: str
    differing_step: Step | None  # the diagnosis's step, else where the figure parts
    hint: str  # the diagnosis, or where the figure parts, in words; "" when within
    standing: Standing
    tolerance: float
    diagnosis: Diagnosis | None  # only when the figures show it
    parts_at: Step | None  # the step after the last line of working the figure agrees with
    working: tuple[WorkingLine, ...]  # every line behind the figure, upstream first

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "user_text": self.user_text,
            "user_value": self.user_value,
            "engine_value": self.engine_value,
            "engine_display": self.engine_display,
            "unit": self.unit,
            "within_tolerance": self.within_tolerance,
            "standing": self.standing.value,
            "ratio": self.ratio,
            "tolerance": self.tolerance,
            "verdict": self.verdict,
            "diagnosis": self.diagnosis.to_json() if self.diagnosis else None,
            "parts_at": self.parts_at.render() if self.parts_at else None,
            "hint": self.hint,
            "working": [line.to_json() for line in self.working],
        }


def check_figure(
    name: str, user_text: str, estimate: Estimate, tolerance: float = DEFAULT_TOLERANCE
) -> FigureCheck:
    """Compare `user_text` ("6K/s", "15 TB") with the estimate's figure `name`.

    `name` may be a result name or a loose phrase ("qps", "storage per year").
    `tolerance` is a factor: 3.0 accepts anything from a third to three times the figure.
    Raises CoachError for an unknown figure and for a figure that does not read or has
    the wrong kind of unit.
    """
    if not tolerance > 1:
        raise CoachError(f"tolerance must be more than 1 (a factor such as 3), got {tolerance}")
    result = _result(name, estimate)
    user = _user_value(user_text, result)
    ratio = user / result.value if result.value else math.inf
    within = _within(ratio, tolerance)
    standing = _standing(ratio, within)
    working = _working(estimate, result, user, tolerance)
    diagnosis = None if within else diagnose(estimate, result.name, ratio, user_text, tolerance)
    parts_at = None if within else _parts_at(estimate, working)
    step = diagnosis.step if diagnosis and diagnosis.step else parts_at
    return FigureCheck(
        name=result.name,
        user_text=user_text,
        user_value=user,
        engine_value=result.value,
        engine_display=result.display,
        unit=result.unit,
        within_tolerance=within,
        ratio=ratio,
        verdict=_verdict(user_text, result, _shown_ratio(user, result), standing),
        derivation=result.derivation,
        differing_step=step,
        hint="" if within else _hint(diagnosis, parts_at, working),
        standing=standing,
        tolerance=tolerance,
        diagnosis=diagnosis,
        parts_at=parts_at,
        working=working,
    )


def _within(ratio: float, tolerance: float) -> bool:
    return 0 < ratio < math.inf and abs(math.log(ratio)) <= math.log(tolerance) + 1e-12


def _standing(ratio: float, within: bool) -> Standing:
    if within:
        return Standing.MATCH if abs(math.log(ratio)) <= _CLOSE else Standing.CLOSE
    return Standing.TOO_HIGH if ratio > 1 else Standing.TOO_LOW


def _result(name: str, estimate: Estimate) -> EstimateResult:
    resolved = name if name in estimate.results else resolve_result_name(name)
    if resolved is None:
        raise CoachError(f"unknown figure '{name}'{did_you_mean(name, RESULT_NAMES)}")
    if resolved not in estimate.results:
        raise CoachError(f"this estimate has no {resolved}: the inputs it needs are not given")
    return estimate.results[resolved]


def _user_value(text: str, result: EstimateResult) -> float:
    calculated = evaluate(text)
    q = calculated.quantity
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
        billions = [note for note in calculated.notes if "billion" in note]
        why = f" ({billions[0]})" if billions else ""
        raise CoachError(
            f"'{text}' is {got}{why}, but {result.name} is {expected} (like {result.display})"
        )
    if not value > 0 or not math.isfinite(value):
        raise CoachError(f"'{text}': a figure must be more than zero")
    return value


def _working(
    estimate: Estimate, figure: EstimateResult, user: float, tolerance: float
) -> tuple[WorkingLine, ...]:
    """Each line behind the figure, with the user's figure beside the comparable ones.

    A line is comparable when it is the same kind of figure, over the same period: a
    read QPS beside the write QPS it starts from, not beside the storage per day.
    """
    lines = []
    for result in estimate.lineage(figure.name):
        comparable = (
            result.unit == figure.unit and result.period == figure.period and result.value > 0
        )
        ratio = user / result.value if comparable else None
        within = _within(ratio, tolerance) if ratio is not None else None
        lines.append(
            WorkingLine(
                result.name,
                result.title,
                result.derivation,
                result.value,
                result.display,
                ratio,
                within,
                _shown_ratio(user, result) if comparable else None,
            )
        )
    return tuple(lines)


def _shown_ratio(user: float, result: EstimateResult) -> float:
    """The user's figure over the estimate as it is shown beside it: a reader checks
    "12K/s is about 10x under 120K/s" against the figures on the screen, not against
    the 115.7K/s behind the rounding."""
    return user / result.shown if result.shown else math.inf


def _parts_at(estimate: Estimate, working: tuple[WorkingLine, ...]) -> Step | None:
    """The first step of new information after the last line the figure agrees with."""
    agreed = [i for i, line in enumerate(working[:-1]) if line.within_tolerance]
    if not agreed:
        return None
    after = working[agreed[-1] + 1]
    for step in estimate.results[after.name].steps:
        if step.op and step.source not in estimate.results:
            return step
    return None


def _hint(
    diagnosis: Diagnosis | None, parts_at: Step | None, working: tuple[WorkingLine, ...]
) -> str:
    if diagnosis is not None:
        return diagnosis.text
    agreed = [line for line in working[:-1] if line.within_tolerance]
    if parts_at is not None and agreed:
        line = agreed[-1]
        return (
            f"no single step explains the difference: yours is near {line.title} "
            f"({line.display}) and parts from the working at '{parts_at.render()}'"
        )
    return "no single step explains the difference: set your figure beside each line of the working"


def _verdict(text: str, result: EstimateResult, ratio: float, standing: Standing) -> str:
    if standing is Standing.MATCH:
        return f"{text} matches the estimate {result.display}"
    if standing is Standing.CLOSE:  # say how far off: "within 3.2x" of an equal figure misleads
        how_far = (
            f"{format_number(ratio, 2)}x" if ratio > 1 else f"{format_number(1 / ratio, 2)}x under"
        )
        return (
            f"{text} is about {how_far} the estimate {result.display}: the right order of magnitude"
        )
    if standing is Standing.TOO_HIGH:
        return f"{text} is about {format_number(ratio, 2)}x the estimate {result.display}: too high"
    under = format_number(1 / ratio, 2)
    return f"{text} is about {under}x under the estimate {result.display}: too low"
