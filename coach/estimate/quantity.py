"""A quantity in base units, and how to read and write one the way people say it.

Values are kept in base units (bytes, seconds, 1/s, bytes/s, plain counts) so that
comparisons and JSON are simple; a `Style` remembers how the user wrote the number
("/day", "KiB", "20%") so it can be shown back the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from coach.estimate.units import PERIOD_SECONDS, SECONDS_PER_DAY, YEAR_DAYS

COUNT = "count"
BYTES = "bytes"
SECONDS = "seconds"
RATE = "1/s"
BYTE_RATE = "bytes/s"

_COUNT_SCALES = [("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)]
_SI_BYTES = [("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]
_IEC_BYTES = [(f"{p}iB", 1024.0 ** (i + 1)) for i, p in enumerate("KMGTPE")][::-1]
_DURATIONS = [
    ("year", YEAR_DAYS * SECONDS_PER_DAY),
    ("day", SECONDS_PER_DAY),
    ("h", 3600),
    ("min", 60),
    ("s", 1),
    ("ms", 1e-3),
    ("us", 1e-6),
]
_PLURAL = {"year": "years", "day": "days"}


@dataclass(frozen=True)
class Style:
    """How to show a quantity; never part of its value or equality."""

    iec: bool = False  # bytes in KiB, MiB... rather than KB, MB...
    per: str | None = None  # a rate shown per this period ("day" -> "500M/day")
    percent: bool = False  # a share shown as "20%"
    times: bool = False  # a factor shown as "2x"
    unit: str | None = None  # a fixed unit from an "in" clause ("TiB", "/s", "GB/day")
    unit_factor: float = 1.0  # base units in one `unit`
    suffixes: bool = True  # with a fixed unit: 96.5K/s (True) or 150,000 GB (False)


@dataclass(frozen=True)
class Quantity:
    """A value in base units with its dimension ("bytes", "seconds", "1/s", "bytes/s", "count")."""

    value: float
    dimension: str = COUNT
    style: Style = field(default=Style(), compare=False)

    @property
    def unit(self) -> str:
        """The base unit the value is expressed in (the same word as the dimension)."""
        return self.dimension

    def with_style(self, **changes: object) -> Quantity:
        from dataclasses import replace

        return Quantity(self.value, self.dimension, replace(self.style, **changes))

    def to_json(self, digits: int = 3) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit, "display": format_quantity(self, digits)}


def dimension_name(information: float, time: float) -> str:
    """Name a dimension from its exponents of bytes and seconds."""
    known = {
        (0, 0): COUNT,
        (1, 0): BYTES,
        (0, 1): SECONDS,
        (0, -1): RATE,
        (1, -1): BYTE_RATE,
    }
    if (information, time) in known:
        return known[(information, time)]

    def power(name: str, exponent: float) -> str:
        exponent = abs(exponent)
        return name if exponent == 1 else f"{name}^{exponent:g}"

    top = [power(n, e) for n, e in ((BYTES, information), ("s", time)) if e > 0]
    bottom = [power(n, e) for n, e in ((BYTES, information), ("s", time)) if e < 0]
    text = "*".join(top) or "1"
    return f"{text}/{'/'.join(bottom)}" if bottom else text


def parse_quantity(text: str) -> Quantity:
    """Read "500M/day", "10 KB", "3y", "20%" or any `coach calc` expression.

    Raises CoachError with one clear line when the text does not read.
    """
    from coach.estimate.calc import evaluate

    return evaluate(text).quantity


def format_quantity(q: Quantity, digits: int = 3) -> str:
    """Write a quantity the way people say it: "95K/s", "150 TB", "1 TiB", "65 ms"."""
    if not math.isfinite(q.value):
        return f"{q.value} {q.unit}"
    style = q.style
    if style.unit is not None:
        number = q.value / style.unit_factor
        if style.suffixes:
            text = format_count(number, digits)
        else:  # "in GB" asks for the number of GB: keep every whole digit (1,825 days)
            text = format_number(number, max(digits, _whole_digits(number)))
        glue = "" if style.unit.startswith("/") or style.unit == "%" else " "
        return f"{text}{glue}{style.unit}"
    dim = q.dimension
    if dim == COUNT:
        if style.percent:
            return f"{format_number(q.value * 100, digits)}%"
        if style.times:
            return f"{format_number(q.value, digits)}x"
        return format_count(q.value, digits)
    if dim == BYTES:
        return _bytes(q.value, digits, style.iec)
    if dim == SECONDS:
        return _duration(q.value, digits)
    if dim == RATE:
        per = style.per or _natural_period(q.value, digits)
        return f"{format_count(q.value * PERIOD_SECONDS[per], digits)}/{per}"
    if dim == BYTE_RATE:
        per = style.per or "s"
        return f"{_bytes(q.value * PERIOD_SECONDS[per], digits, style.iec)}/{per}"
    return f"{format_count(q.value, digits)} {dim}"


def round_sig(x: float, digits: int) -> float:
    """Round to `digits` significant digits, halves away from zero (12.5M -> 13M).

    Python's round() sends halves to the even neighbour, so 12.5M would be said
    "12M": not how anyone rounds at a whiteboard.
    """
    if x == 0 or not math.isfinite(x):
        return x
    places = digits - 1 - math.floor(math.log10(abs(x)))
    exact = Decimal(repr(x)).scaleb(places)
    return float(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP).scaleb(-places))


def _whole_digits(x: float) -> int:
    return min(15, math.floor(math.log10(abs(x))) + 1) if abs(x) >= 1 else 0


def format_number(x: float, digits: int = 3) -> str:
    """A number with thousands separators and no trailing zeros: 86,400 or 0.0512."""
    x = round_sig(x, digits)
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if exponent < -3:
        mantissa = f"{x:.{digits - 1}e}".split("e")
        return f"{mantissa[0].rstrip('0').rstrip('.')}e{int(mantissa[1])}"
    decimals = max(0, digits - 1 - exponent)
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scaled(
    x: float, digits: int, scales: list[tuple[str, float]], least: float = 1.0
) -> tuple[float, str]:
    """Pick the largest scale that keeps the rounded number at `least` or more."""
    for name, factor in scales:
        if abs(round_sig(x / factor, digits)) >= least:
            return x / factor, name
    return x, ""


def format_count(x: float, digits: int = 3) -> str:
    """A count with K, M, B or T: 5.8K, 150M, 3B."""
    number, suffix = _scaled(x, digits, _COUNT_SCALES)
    return f"{format_number(number, digits)}{suffix}"


def _bytes(x: float, digits: int, iec: bool) -> str:
    # In IEC, 1,000 to 1,023 of a unit is shown in the next one up (0.98 KiB, not
    # "1,000 B"): a four-digit figure would read back as SI and change on re-display.
    # (1000/1024 cut, not rounded, to the digits shown: 1,000 B is 0.97656 KiB at five)
    least = math.floor(1000 / 1024 * 10**digits) / 10**digits if iec else 1.0
    number, unit = _scaled(x, digits, _IEC_BYTES if iec else _SI_BYTES, least)
    return f"{format_number(number, digits)} {unit or 'B'}"


def _duration(x: float, digits: int) -> str:
    number, unit = _scaled(x, digits, _DURATIONS)
    if not unit:
        number, unit = x / 1e-6, "us"
    text = format_number(number, digits)
    if unit in _PLURAL and text != "1":
        unit = _PLURAL[unit]
    return f"{text} {unit}"


def _natural_period(rate: float, digits: int) -> str:
    """Per second when there is at least one a second, else the first period with one."""
    for period in ("s", "min", "h", "day", "month", "year"):
        if rate == 0 or abs(round_sig(rate * PERIOD_SECONDS[period], digits)) >= 1:
            return period
    return "year"
