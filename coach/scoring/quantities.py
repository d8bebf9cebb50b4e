"""Figures stated in prose ("about 5.8K writes per second", "150 GB a day").

Each is found with its place and rewritten as the calculator reads it
("5.8K/s", "150 GB/day"), with its kind, so a rubric item bound to an
estimate can be judged by a figure the user wrote in their requirements,
not only by one typed at the estimate prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"(?<![\w.])~?(?P<number>\d+(?:[.,]\d+)*)"
_BYTES = r"\s*(?P<bytes>[kmgtpe]i?b|bytes?)(?![a-z])"
_BITS = r"\s*(?P<bits>[kmgtp]bps)(?![a-z])"  # "75 Tbps": a byte rate in bits
_SCALE = r"\s*(?P<scale>thousand|million|billion|trillion|mn|bn|[kmbt])(?![a-z])"
_SCALED_BYTES = r"\s*(?P<bytes2>b|bytes?)(?![a-z])"
# a rate or a period after the figure, perhaps a few words later:
# "5.8K/s", "1.16M timeline inserts a second", "150 GB per day"
_PER = (
    r"(?P<words>(?:\s+[a-z][a-z'-]*){0,3}?)\s*(?:/\s*|per\s+|an?\s+|each\s+|every\s+)"
    r"(?P<period>s|sec|secs|second|seconds|day|days|d|month|months|mo|year|years|yr|y)(?![a-z])"
)
QUANTITY = re.compile(
    rf"{_NUMBER}(?:{_BITS}|{_BYTES}|{_SCALE}(?:{_SCALED_BYTES})?)?(?:{_PER})?", re.IGNORECASE
)
_PERIODS = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "day": "day", "days": "day", "d": "day",
    "month": "month", "months": "month", "mo": "month",
    "year": "year", "years": "year", "yr": "year", "y": "year",
}  # fmt: skip
_SCALES = {"thousand": "K", "million": "M", "billion": "B", "trillion": "T", "mn": "M", "bn": "B"}


@dataclass(frozen=True)
class Quantity:
    """A figure in the user's text."""

    start: int  # where the figure is typed (offsets into the text)
    end: int
    expression: str  # as the calculator reads it: "5.8K/s", "150 GB/day"
    kind: str  # "rate", "bytes", "byte_rate" or "count"

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


def quantities(text: str) -> list[Quantity]:
    """Every figure in a text, in order."""
    found = []
    for match in QUANTITY.finditer(text):
        number = match.group("number").replace(",", "")
        scale = match.group("scale") or ""
        scale = _SCALES.get(scale.lower(), scale.upper())
        unit = match.group("bytes") or match.group("bytes2") or ""
        period = _PERIODS.get((match.group("period") or "").lower())
        if match.group("bits"):
            bits = match.group("bits")
            expression = f"{number} {bits[0].upper()}bps"
            found.append(Quantity(match.start("number"), match.end(), expression, "byte_rate"))
            continue
        if unit and unit.lower().startswith("byte"):
            unit = "B"
        expression = f"{number}{scale}" + (f" {unit}" if unit else "")
        if period is not None:
            expression += f"/{period}"
        found.append(
            Quantity(
                start=match.start("number"),
                end=match.end(),
                expression=expression,
                kind=_kind(bool(unit), period),
            )
        )
    return found


def _kind(is_bytes: bool, period: str | None) -> str:
    if is_bytes:
        return "bytes" if period is None else "byte_rate"
    return "count" if period is None else "rate"
