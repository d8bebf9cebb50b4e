"""The napkin calculator: evaluate "500M/day * 10KB * 30 days" with units.

`parser` reads the expression; this module checks that the result is a kind of
figure an estimate can be (a size, a time, a rate, a count or a bandwidth), says how
the expression was read when that could surprise, and formats the answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from coach.errors import CoachError
from coach.estimate import units
from coach.estimate.parser import Parsed, parse
from coach.estimate.quantity import (
    BYTE_RATE,
    BYTES,
    COUNT,
    RATE,
    SECONDS,
    Quantity,
    format_quantity,
)

# The dimensions a figure can have: anything else is a slip (a unit left out or doubled).
USUAL = (COUNT, BYTES, SECONDS, RATE, BYTE_RATE)
_KINDS = "a size, a time, a rate, a count or a bandwidth"


@dataclass(frozen=True)
class CalcResult:
    """The value of an expression, ready to print or to compare."""

    expression: str
    quantity: Quantity
    display: str
    notes: tuple[str, ...] = field(default=())
    read_as: str = ""  # the parsed form: "1 TB / (100 MB/s)"

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "unit": self.unit,
            "display": self.display,
            "read_as": self.read_as,
            "notes": list(self.notes),
        }


def evaluate(expr: str, digits: int = 3) -> CalcResult:
    """Evaluate a napkin expression; CoachError (one line, with the column) when it cannot.

    The result is shown with `digits` significant digits, one more when the number
    shown has three whole digits (115.7K/s rather than 116K/s).
    """
    if not expr.strip():
        raise CoachError('empty expression: try "500M/day * 10KB * 30 days"')
    try:
        parsed = parse(expr)
    except (OverflowError, ZeroDivisionError) as exc:
        raise CoachError(f"cannot evaluate '{expr}': {_arith_reason(exc)}") from None
    except RecursionError:
        raise CoachError(f"cannot evaluate '{expr}': it is nested too deeply") from None
    quantity = parsed.quantity
    if not math.isfinite(quantity.value):
        raise CoachError(f"cannot evaluate '{expr}': the result is too large")
    if quantity.dimension not in USUAL:
        raise CoachError(_odd_unit(expr, parsed))
    display = _display(quantity, digits)
    return CalcResult(expr, quantity, display, _notes(parsed), parsed.text)


def _notes(parsed: Parsed) -> tuple[str, ...]:
    """What the user should know about how the expression was read, one line each."""
    notes = []
    if parsed.regrouped:
        notes.append(f"read as: {parsed.text}")
    # A glued B next to a count or a size may have meant bytes; in a rate (10B/day
    # written as 10B / 1 day) it is a count either way.
    if parsed.quantity.dimension != RATE:
        notes.extend(b.note for b in parsed.billions if not b.counted)
    if parsed.conversions and parsed.quantity.dimension == COUNT:
        # "500M / 86400 s/day" divides by 1: the count was meant per day.
        notes.append(
            f"{parsed.conversions[0]} equals 1: it changes units, not counts; "
            "for a rate, write the count with its period, such as 500M/day"
        )
    if parsed.used_calendar:
        notes.append(units.CALENDAR_NOTE)
    return tuple(dict.fromkeys(notes))


def _odd_unit(expr: str, parsed: Parsed) -> str:
    dimension = parsed.quantity.dimension
    hint = _odd_unit_hint(dimension)
    loose = [b.note for b in parsed.billions if not b.counted]
    if loose:
        hint = f"{loose[0]}; or {hint}"
    return f"'{expr}' gives a result in {dimension}, not {_KINDS} (read as: {parsed.text}): {hint}"


def _odd_unit_hint(dimension: str) -> str:
    """A likely cause for each kind of odd unit."""
    if dimension.startswith("1/s^") or "/s^" in dimension:
        return "it divides by a time twice: convert periods with a ratio such as 86400 s/day"
    if dimension.startswith("s^") or "*s" in dimension:
        return "it multiplies by a time twice: check that each value has its unit"
    if dimension.startswith("bytes^"):
        return "it multiplies two sizes: one of them is probably a count"
    if dimension.startswith("s/bytes"):
        return "it divides a time by a size: to get a time, divide the size by a bandwidth"
    if "/bytes" in dimension:
        return "it divides by a size: to count items, divide a size by a size (1 TB / 10 KB)"
    return "check that each value has its unit"


def _display(quantity: Quantity, digits: int) -> str:
    text = format_quantity(quantity, digits)
    if _HUNDREDS.match(text):
        finer = format_quantity(quantity, digits + 1)
        if _HUNDREDS.match(finer):  # not when the finer one rounds to another scale
            return finer
    return text


# A number with exactly three whole digits, as shown: "116K/s", "150 TB", "-462 GB".
_HUNDREDS = re.compile(r"-?\d{3}(?![\d,])")


def _arith_reason(exc: ArithmeticError) -> str:
    return "division by zero" if isinstance(exc, ZeroDivisionError) else "a number is too large"
