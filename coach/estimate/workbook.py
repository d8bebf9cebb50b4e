"""The scratch pad the estimate rules write on: inputs, results so far, step builders."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from coach.estimate.model import EstimateResult, InputValue, Step, product
from coach.estimate.quantity import (
    BYTE_RATE,
    BYTES,
    COUNT,
    RATE,
    SECONDS,
    Quantity,
    Style,
    dimension_name,
    format_number,
    format_quantity,
    round_sig,
)
from coach.estimate.units import (
    MONTH_DAYS,
    PERIOD_SECONDS,
    SECONDS_PER_DAY,
    YEAR_DAYS,
    registry,
)

# A number, an optional K/M/B/T, an optional unit, an optional "/period": no arithmetic.
_SIMPLE = re.compile(r"[\d.,]+[KMBTkx]?%?(?: ?[A-Za-zµ]+)?(?: ?/ ?[A-Za-z]+)?")
DISPLAY_DIGITS = 2  # what you say at the whiteboard: 5.8K/s
EXACT_DIGITS = 4  # what the arithmetic gives: 5.787K/s

# How to turn a count per period into a count per day: the operation, the words, the
# factor and its unit.
_TO_DAY: dict[str, tuple[str, str, float, str]] = {
    "s": ("x", "86,400 s/day", SECONDS_PER_DAY, "second/day"),
    "min": ("x", "1,440 min/day", 1_440, "minute/day"),
    "h": ("x", "24 h/day", 24, "hour/day"),
    "week": ("/", "7 days/week", 7, "day/week"),
    "month": ("/", f"{MONTH_DAYS} days/month", MONTH_DAYS, "day/month"),
    "year": ("/", f"{YEAR_DAYS} days/year", YEAR_DAYS, "day/year"),
}
_UNIT = {"min": "min", "h": "h", "day": "day", "week": "week", "month": "month", "year": "year"}
# The pint name of each period, and the pint unit of each dimension's base unit.
PINT_PERIOD = {
    "s": "second",
    "min": "minute",
    "h": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
_BASE_UNIT = {
    COUNT: "",
    BYTES: "byte",
    SECONDS: "second",
    RATE: "1/second",
    BYTE_RATE: "byte/second",
}


def base_unit(dimension: str, period: str | None = None) -> str:
    """The pint unit of a figure's value: "byte", or "byte/day" for storage per day."""
    unit = _BASE_UNIT[dimension]
    return f"{unit}/{PINT_PERIOD[period]}" if period else unit


@functools.cache
def _pint_unit(text: str) -> Any:
    """A step's unit as pint reads it, read once ("" is a plain number)."""
    return registry().Unit(text) if text else registry().dimensionless


def measure(steps: tuple[Step, ...] | list[Step]) -> Quantity:
    """What the steps give, units and all, in base units: the check on every derivation.

    Each step's factor carries its unit ("/ 86,400 s/day" divides by seconds per day),
    so the product's dimension says what the working computes, whatever it claims.
    """
    ureg = registry()
    total = ureg.Quantity(1.0)
    for step in steps:
        term = ureg.Quantity(step.factor, _pint_unit(step.unit))
        # The first step has no operation: it starts the product, 1 x its term.
        total = total / term if step.op == "/" else total * term
    base = total.to_base_units()
    dims = base.dimensionality
    dimension = dimension_name(dims.get("[information]", 0), dims.get("[time]", 0))
    return Quantity(float(base.magnitude), dimension)


def _per_period(rate: float, period: str) -> float:
    """A rate in base units (1/s) back as the count per period the user wrote.

    Rounded to 12 digits: 500M/day is stored as 5787.037.../s, and multiplying it back
    gives 499,999,999.99999994, which would round the figures after it down (13 TB
    for 13.5 TB).
    """
    return round_sig(rate * PERIOD_SECONDS[period], 12)


def _seconds_in(period: str) -> str:
    """Seconds in a period, as in "86,400 s/day"; a month or a year also says its days."""
    text = f"{format_number(PERIOD_SECONDS[period], 12)} s/{_UNIT[period]}"
    if period == "month":
        text += f" ({MONTH_DAYS} days)"
    elif period == "year":
        text += f" ({YEAR_DAYS} days)"
    return text


@dataclass
class Workbook:
    inputs: dict[str, InputValue]
    results: dict[str, EstimateResult] = field(default_factory=dict)

    @property
    def iec(self) -> bool:
        """Show sizes in KiB, MiB... when the user wrote any size that way."""
        return any(v.quantity.style.iec for v in self.inputs.values())

    def has(self, *names: str) -> bool:
        return all(n in self.inputs or n in self.results for n in names)

    def q(self, name: str) -> Quantity:
        if name in self.results:
            return self.results[name].quantity
        return self.inputs[name].quantity

    def value(self, name: str) -> float:
        return self.q(name).value

    # -- terms ---------------------------------------------------------------------------

    def term(self, op: str, name: str, words: str = "", **style: object) -> Step:
        """A step that uses an input or a result as it stands (base units).

        A figure kept per period (storage per day) is shown and measured per that period.
        """
        period = None
        if name in self.results:
            result = self.results[name]
            period = result.period
            text = result.display + (f"/{period}" if period else "")
        else:
            text = self.input_text(name, **style)
        unit = base_unit(self.q(name).dimension, period)
        return Step(op, f"{text} {words}".strip(), self.value(name), name, unit)

    def input_text(self, name: str, **style: object) -> str:
        """An input as the user typed it when that is plain, else formatted."""
        value = self.inputs[name]
        # A rate typed as a plain number ("2" writes per user) is shown with its period.
        period_missing = value.quantity.dimension == RATE and "/" not in value.text
        if as_typed(value.text) and not style and not period_missing:
            return value.text.strip()
        q = value.quantity
        return format_quantity(q.with_style(**style) if style else q, 3)

    def share(self, op: str, name: str, words: str) -> Step:
        """A fraction shown as a percentage: "x 20% cached"."""
        return self.term(op, name, words, percent=True)

    def per_second(self, name: str, words: str) -> list[Step]:
        """A rate input as it was written, then converted to per second."""
        q = self.q(name)
        per = q.style.per or "s"
        if name in self.results or per == "s":
            return [self.term("", name, words)]
        count = _per_period(q.value, per)
        text = f"{self.input_text(name)} {words}".strip()
        pint_period = PINT_PERIOD[per]
        return [
            Step("", text, count, name, f"1/{pint_period}"),
            Step("/", _seconds_in(per), PERIOD_SECONDS[per], "constant", f"second/{pint_period}"),
        ]

    def per_day(self, name: str, words: str) -> list[Step]:
        """A rate as a count per day: "500M/day", "10M/month / 30 days/month"."""
        q = self.q(name)
        per = "s" if name in self.results else (q.style.per or "s")
        if per == "s":
            first = self.term("", name, words)
        else:
            count = _per_period(q.value, per)
            text = f"{self.input_text(name)} {words}".strip()
            first = Step("", text, count, name, f"1/{PINT_PERIOD[per]}")
        if per == "day":
            return [first]
        op, text, factor, unit = _TO_DAY[per]
        return [first, Step(op, text, factor, "constant", unit)]

    # -- results -------------------------------------------------------------------------

    def add(
        self,
        name: str,
        title: str,
        section: str,
        steps: list[Step],
        dimension: str,
        *,
        period: str | None = None,
        style: Style | None = None,
        finish: Callable[[float], float] | None = None,
        depends: tuple[str, ...] = (),
    ) -> EstimateResult | None:
        """Record a result computed from its steps; skip it if the numbers are not usable."""
        raw = product(steps)
        value = finish(raw) if finish else raw
        if not math.isfinite(value) or value < 0:
            return None
        if style is None:
            style = Style(iec=self.iec) if dimension in (BYTES, BYTE_RATE) else Style()
        quantity = Quantity(value, dimension, style)
        digits = _display_digits(quantity)
        display = format_quantity(quantity, digits)
        exact = format_quantity(quantity, EXACT_DIGITS)
        shown = " ".join(step.render() for step in steps)
        # The working ends in the unit its steps give: "... x 3 replicas = 450 GB/day".
        measured = measure(steps)
        worked = Quantity(measured.value, measured.dimension, replace(style, per=period))
        if finish:
            shown += f" = {format_quantity(worked, 3)}, rounded up"
            worked = Quantity(value, dimension, style)
        if measured.dimension == BYTE_RATE and not period:
            display_line = f"{format_quantity(worked, digits)} ({bits_per_second(value)})"
        else:
            display_line = format_quantity(worked, digits)
        sources = [*depends, *(s.source for s in steps if s.source in self.results)]
        depends = tuple(dict.fromkeys(sources))
        result = EstimateResult(
            name=name,
            title=title,
            section=section,
            quantity=quantity,
            steps=tuple(steps),
            display=display,
            exact=exact,
            derivation=f"{shown} = {display_line}",
            depends_on=depends,
            period=period,
            rounded=round_sig(value, digits),
        )
        self.results[name] = result
        return result


def _display_digits(q: Quantity) -> int:
    """Two significant digits, but a small whole count stays whole: 128 connections, not 130."""
    whole = q.dimension == COUNT and float(q.value).is_integer() and q.value < 1000
    return 3 if whole else DISPLAY_DIGITS


def as_typed(text: str) -> bool:
    """Is this input text a plain quantity ("1024 MB", "500M/day") worth showing as typed?"""
    return _SIMPLE.fullmatch(text.strip()) is not None


def bits_per_second(bytes_per_second: float) -> str:
    """Bandwidth as network people say it: 536 MB/s is "4.3 Gbps"."""
    bits = bytes_per_second * 8
    for unit, factor in (("Tbps", 1e12), ("Gbps", 1e9), ("Mbps", 1e6), ("Kbps", 1e3)):
        if bits >= factor:
            return f"{format_quantity(Quantity(bits / factor), DISPLAY_DIGITS)} {unit}"
    return f"{format_quantity(Quantity(bits), DISPLAY_DIGITS)} bps"
