"""The scratch pad the estimate rules write on: inputs, results so far, step builders."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.estimate.model import EstimateResult, InputValue, Step, product
from coach.estimate.quantity import (
    BYTE_RATE,
    BYTES,
    COUNT,
    RATE,
    Quantity,
    Style,
    format_number,
    format_quantity,
)
from coach.estimate.units import MONTH_DAYS, PERIOD_SECONDS, SECONDS_PER_DAY, YEAR_DAYS

# A number, an optional K/M/B/T, an optional unit, an optional "/period": no arithmetic.
_SIMPLE = re.compile(r"[\d.,]+[KMBTkx]?%?(?: ?[A-Za-zµ]+)?(?: ?/ ?[A-Za-z]+)?")
DISPLAY_DIGITS = 2  # what you say at the whiteboard: 5.8K/s
EXACT_DIGITS = 4  # what the arithmetic gives: 5.787K/s

# How to turn a count per period into a count per day, and what to write for it.
_TO_DAY: dict[str, tuple[str, str, float]] = {
    "s": ("x", "86,400 s/day", SECONDS_PER_DAY),
    "min": ("x", "1,440 min/day", 1_440),
    "h": ("x", "24 h/day", 24),
    "week": ("/", "7 days/week", 7),
    "month": ("/", f"{MONTH_DAYS} days/month", MONTH_DAYS),
    "year": ("/", f"{YEAR_DAYS} days/year", YEAR_DAYS),
}
_UNIT = {"min": "min", "h": "h", "day": "day", "week": "week", "month": "month", "year": "year"}


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
        """A step that uses an input or a result as it stands (base units)."""
        if name in self.results:
            text = self.results[name].display
        else:
            text = self.input_text(name, **style)
        return Step(op, f"{text} {words}".strip(), self.value(name), name)

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
        count = q.value * PERIOD_SECONDS[per]
        text = f"{self.input_text(name)} {words}".strip()
        return [
            Step("", text, count, name),
            Step("/", _seconds_in(per), PERIOD_SECONDS[per], "constant"),
        ]

    def per_day(self, name: str, words: str) -> list[Step]:
        """A rate as a count per day: "500M/day", "10M/month / 30 days/month"."""
        q = self.q(name)
        per = "s" if name in self.results else (q.style.per or "s")
        if per == "s":
            first = self.term("", name, words)
        else:
            count = q.value * PERIOD_SECONDS[per]
            first = Step("", f"{self.input_text(name)} {words}".strip(), count, name)
        if per == "day":
            return [first]
        op, text, factor = _TO_DAY[per]
        return [first, Step(op, text, factor, "constant")]

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
        display = format_quantity(quantity, _display_digits(quantity))
        exact = format_quantity(quantity, EXACT_DIGITS)
        shown = " ".join(step.render() for step in steps)
        if finish:
            shown += f" = {format_quantity(Quantity(raw, dimension, style), 3)}, rounded up"
        if dimension == BYTE_RATE:
            display_line = f"{display} ({bits_per_second(value)})"
        else:
            display_line = display
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
