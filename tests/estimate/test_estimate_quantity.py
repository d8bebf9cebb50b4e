"""Quantities: reading interview units, writing them back, and the round trip."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coach.errors import CoachError
from coach.estimate.quantity import (
    BYTE_RATE,
    BYTES,
    COUNT,
    RATE,
    SECONDS,
    Quantity,
    Style,
    format_quantity,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value", "dimension"),
    [
        ("500M", 500e6, COUNT),
        ("10B", 10e9, COUNT),  # a glued B is a billion
        ("10 B", 10, BYTES),  # a B after a space is bytes
        ("2T", 2e12, COUNT),
        ("1.5K", 1500, COUNT),
        ("10KB", 10_000, BYTES),
        ("10 KiB", 10_240, BYTES),
        ("1.27KB", 1270, BYTES),
        ("1 TiB", 2**40, BYTES),
        ("8 bits", 1, BYTES),
        ("1 Gbps", 125e6, BYTE_RATE),
        ("3y", 3 * 365 * 86_400, SECONDS),
        ("65 ms", 0.065, SECONDS),
        ("250 us", 250e-6, SECONDS),
        ("2 weeks", 14 * 86_400, SECONDS),
        ("1 month", 30 * 86_400, SECONDS),
        ("500M/day", 500e6 / 86_400, RATE),
        ("5 tweets per day", 5 / 86_400, RATE),
        ("10K qps", 10_000, RATE),
        ("20%", 0.2, COUNT),
        ("3x", 3, COUNT),
        ("1,000", 1000, COUNT),
        ("100:1", 100, COUNT),
        ("2 million", 2e6, COUNT),
        ("10 MB/s", 10e6, BYTE_RATE),
    ],
)
def test_parse_quantity(text: str, value: float, dimension: str) -> None:
    q = parse_quantity(text)
    assert q.dimension == dimension
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (Quantity(150e12, BYTES), "150 TB"),
        (Quantity(2**40, BYTES, Style(iec=True)), "1 TiB"),
        (Quantity(95_066, RATE), "95.1K/s"),
        (Quantity(500e6 / 86_400, RATE, Style(per="day")), "500M/day"),
        (Quantity(0.065, SECONDS), "65 ms"),
        (Quantity(5 * 365 * 86_400, SECONDS), "5 years"),
        (Quantity(86_400, SECONDS), "1 day"),
        (Quantity(0.2, COUNT, Style(percent=True)), "20%"),
        (Quantity(2, COUNT, Style(times=True)), "2x"),
        (Quantity(999_960, COUNT), "1M"),  # rounding carries into the next suffix
        (Quantity(999_960, BYTES), "1 MB"),
        (Quantity(10e6, BYTE_RATE), "10 MB/s"),
        (Quantity(1 / 86_400, RATE), "1/day"),  # less than one a second: per day
        (Quantity(0, COUNT), "0"),
        (Quantity(-5, COUNT), "-5"),
        (Quantity(1.5e-5, COUNT), "1.5e-5"),
    ],
)
def test_format_quantity(q: Quantity, text: str) -> None:
    assert format_quantity(q) == text


def test_digits_are_significant_digits() -> None:
    q = Quantity(5787.037, RATE)
    assert format_quantity(q, digits=2) == "5.8K/s"
    assert format_quantity(q, digits=4) == "5.787K/s"


def test_style_is_not_part_of_equality() -> None:
    assert parse_quantity("1024 B") == parse_quantity("1 KiB")
    assert parse_quantity("86,400/day") == parse_quantity("1/s")


def test_json_uses_base_units() -> None:
    assert parse_quantity("10 KB").to_json() == {
        "value": 10_000,
        "unit": "bytes",
        "display": "10 KB",
    }


@pytest.mark.parametrize("text", ["abc", "", "5 +", "10 KB + 1 s", "5m", "(1"])
def test_bad_text_is_a_coach_error(text: str) -> None:
    with pytest.raises(CoachError):
        parse_quantity(text)


# -- property: parse(format(q)) gives q back, to the digits shown ------------------------

_dimensions = st.sampled_from([COUNT, BYTES, SECONDS, RATE, BYTE_RATE])
_styles = st.builds(
    Style,
    iec=st.booleans(),
    per=st.sampled_from([None, "s", "min", "h", "day", "week", "month", "year"]),
)


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    dimension = draw(_dimensions)
    exponent = draw(st.floats(min_value=-4, max_value=17))
    mantissa = draw(st.floats(min_value=1, max_value=9.99))
    style = draw(_styles)
    if dimension not in (RATE, BYTE_RATE):
        style = Style(iec=style.iec)
    if dimension == COUNT and draw(st.booleans()):
        style = Style(percent=True)
    return Quantity(mantissa * 10**exponent, dimension, style)


@settings(max_examples=400, deadline=None)
@given(quantities(), st.integers(min_value=2, max_value=6))
@example(Quantity(1000.0, BYTES, Style(iec=True)), 5)  # once said "1,000 B", read back as SI
def test_format_then_parse_round_trips(q: Quantity, digits: int) -> None:
    text = format_quantity(q, digits)
    back = parse_quantity(text)
    assert back.dimension == q.dimension, text
    # The text keeps `digits` significant digits: the value comes back to that precision.
    assert math.isclose(back.value, q.value, rel_tol=10 ** (1 - digits)), text
    # And writing it again gives the same text: formatting is stable.
    assert format_quantity(back, digits) == text


@settings(max_examples=200, deadline=None)
@given(quantities())
def test_json_value_is_the_base_value(q: Quantity) -> None:
    assert q.to_json()["value"] == q.value
    assert q.to_json()["unit"] == q.dimension
