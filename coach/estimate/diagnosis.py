"""Name the slip behind a figure that is off, but only when the figures show it.

Everything happens on a log scale, where a figure r times the engine's is log(r) away.
A slip of factor f (a step of the working left out or applied twice, 8 bits per byte,
a unit prefix, the 86,400 seconds of a day, the peak factor) moves a figure by log(f).
A slip explains a figure that is off when all three hold:

1. It could have made the figure off on its own: f is beyond the checker's tolerance
   (|log f| > log tolerance). With the default tolerance of 3.16x, "x 3 replicas"
   counted twice leaves a figure within tolerance, so it is never why one is off.
2. Undoing it brings the figure within `DIAGNOSIS_TOLERANCE` (2x) of the engine's:
   the rounding interview arithmetic adds on top of a slip (5.8K said as 6K or 10K,
   86,400 as 100K, 365 as 400). An 11.6x-low read QPS with "x 20 reads per write" in
   the working is 1.7x from the engine's once the 20 is put back: explained.
3. No other slip also fits: when two slips explain the ratio (8 reads per write and
   8 bits per byte, or a 1,000x prefix and "x 1,825 days"), the figures do not say
   which one it was, and neither is named.

A slip that only applies in some contexts is only a candidate there: bits and bytes
for a bandwidth or a figure written in bits, 86,400 and the peak factor for a rate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum

from coach.estimate.model import Estimate, Step
from coach.estimate.quantity import BYTE_RATE, RATE, format_number
from coach.estimate.units import SECONDS_PER_DAY

# Once the slip is undone, the figure is within this factor of the engine's.
DIAGNOSIS_TOLERANCE = 2.0
_BITS = re.compile(r"(?i)bit|bps")


class SlipKind(str, Enum):
    """What went wrong, as the figures show it."""

    LEFT_OUT = "left_out"  # a step of the working was left out
    APPLIED_TWICE = "applied_twice"  # a step of the working was applied twice
    BITS_BYTES = "bits_bytes"  # 8 bits per byte
    UNIT_PREFIX = "unit_prefix"  # KB vs MB, K vs M
    PER_DAY = "per_day"  # a per-day figure given per second, or the other way round
    PEAK = "peak"  # the peak given for the average


@dataclass(frozen=True)
class Diagnosis:
    """The one slip that explains a figure's ratio to the engine's."""

    kind: SlipKind
    factor: float  # the user's figure is about factor (or 1/factor) times the engine's
    step: Step | None  # the step of the working, for LEFT_OUT and APPLIED_TWICE
    residual: float  # how far the figure is from the engine's once the slip is undone
    text: str  # "it looks like the step 'x 20 reads per write' was left out"

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "factor": self.factor,
            "step": self.step.render() if self.step else None,
            "residual": self.residual,
            "text": self.text,
        }


@dataclass(frozen=True)
class _Candidate:
    kind: SlipKind
    factor: float
    shift: float  # the log ratio this slip produces: log(user / engine)
    step: Step | None
    text: str


def diagnose(
    estimate: Estimate, name: str, ratio: float, user_text: str, tolerance: float
) -> Diagnosis | None:
    """The slip that explains `ratio` (user / engine) for figure `name`, or None."""
    if not ratio > 0 or not math.isfinite(ratio):
        return None
    off = math.log(ratio)
    allowed = math.log(min(DIAGNOSIS_TOLERANCE, tolerance))
    fitting = [
        c
        for c in _candidates(estimate, name, user_text)
        if abs(c.shift) > math.log(tolerance) and abs(off - c.shift) <= allowed
    ]
    if len(fitting) != 1:
        return None
    slip = fitting[0]
    residual = math.exp(abs(off - slip.shift))
    return Diagnosis(slip.kind, slip.factor, slip.step, residual, slip.text)


def _candidates(estimate: Estimate, name: str, user_text: str) -> list[_Candidate]:
    """Every slip that could apply to this figure, steps of its working first."""
    steps = estimate.chain(name)
    found = list(_step_slips(steps))
    result = estimate.results[name]
    if result.unit == BYTE_RATE or _BITS.search(user_text):
        text = "bits and bytes look mixed up (8 bits per byte)"
        found += _both_ways(SlipKind.BITS_BYTES, 8, text)
    for factor, example in ((1e3, "KB vs MB, K vs M"), (1e6, "KB vs GB, K vs B")):
        text = f"a unit prefix looks off by {format_number(factor)}x ({example})"
        found += _both_ways(SlipKind.UNIT_PREFIX, factor, text)
    converts = any(s.source == "constant" and s.factor == SECONDS_PER_DAY for s in steps)
    if result.unit in (RATE, BYTE_RATE) and not converts:  # else the step says it better
        text = "it looks like a per-day figure and a per-second one were mixed up (86,400 s/day)"
        found += _both_ways(SlipKind.PER_DAY, SECONDS_PER_DAY, text)
    peak = estimate.inputs.get("peak_factor")
    rate = result.unit in (RATE, BYTE_RATE)
    if rate and peak is not None and not name.startswith("peak_") and peak.quantity.value > 0:
        factor = peak.quantity.value
        shown = format_number(factor)
        text = f"it looks like the peak was given for the average (x {shown} peak factor)"
        found.append(_Candidate(SlipKind.PEAK, factor, math.log(factor), None, text))
    return found


def _step_slips(steps: list[Step]) -> list[_Candidate]:
    found = []
    for step in steps:
        if not step.op or step.factor <= 0 or step.factor == 1:
            continue
        # Leaving out "x f" makes a figure f times too low; leaving out "/ f", too high.
        sign = 1 if step.op == "/" else -1
        shift = sign * math.log(step.factor)
        for kind, how, direction in (
            (SlipKind.LEFT_OUT, "left out", 1),
            (SlipKind.APPLIED_TWICE, "applied twice", -1),
        ):
            text = f"it looks like the step '{step.render()}' was {how}"
            found.append(_Candidate(kind, step.factor, direction * shift, step, text))
    return found


def _both_ways(kind: SlipKind, factor: float, text: str) -> list[_Candidate]:
    shift = math.log(factor)
    return [_Candidate(kind, factor, sign * shift, None, text) for sign in (1, -1)]
