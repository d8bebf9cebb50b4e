"""The napkin calculator: the issue's examples, the grammar, and its errors."""

from __future__ import annotations

import pytest

from coach.errors import CoachError
from coach.estimate.calc import evaluate


@pytest.mark.parametrize(
    ("expr", "display"),
    [
        ("500M/day * 10KB * 30 days", "150 TB"),
        ("250B/month in /s", "96.5K/s"),  # 95K/s with a 30.44-day month; we use 30 days
        ("2^40 B in TiB", "1 TiB"),
        ("2**40 B", "1.1 TB"),
        ("100 MB / 10 s", "10 MB/s"),  # a unit binds to its number: (100 MB) / (10 s)
        ("1 / 2 days in /day", "0.5/day"),
        ("1000/s x 65 ms", "65"),  # Little's law
        ("300M * 50%", "150M"),
        ("10% of 1 MB", "100 KB"),
        ("500M/day * 10 KB", "5 TB/day"),  # a rate keeps the period it was given in
        ("536 KB * 1000/s in Gbps", "4.29 Gbps"),
        ("536 KB * 1000/s in Mbps", "4,288 Mbps"),  # "in" keeps every whole digit
        ("5 years in days", "1,825 days"),
        ("65/128 in %", "50.8%"),
        ("(1 + 2) * 3 KiB", "9 KiB"),  # IEC in, IEC out
        ("-5 + 3", "-2"),
        ("2 x 3", "6"),
        ("1.5K/s", "1.5K/s"),
        ("10 thousand tweets", "10K"),
        ("1 Gbps in MB/s", "125 MB/s"),
    ],
)
def test_evaluate(expr: str, display: str) -> None:
    assert evaluate(expr).display == display


def test_json_is_in_base_units() -> None:
    assert evaluate("500M/day * 10KB * 30 days").to_json() == {
        "value": pytest.approx(1.5e14),
        "unit": "bytes",
        "display": "150 TB",
    }
    rate = evaluate("250B/month in /s").to_json()
    assert rate["unit"] == "1/s"
    assert rate["value"] == pytest.approx(250e9 / (30 * 86_400))


def test_month_and_year_lengths_are_stated_when_used() -> None:
    assert evaluate("250B/month in /s").notes == ("1 month = 30 days, 1 year = 365 days",)
    assert evaluate("1 year in days").display == "365 days"
    assert evaluate("1 month in days").display == "30 days"
    assert evaluate("500M/day in /s").notes == ()


def test_an_odd_unit_gets_a_note() -> None:
    # "/ 24 h / 3600 s" divides by time twice: say so rather than guess.
    result = evaluate("150M * 2 / 24 h / 3600 s")
    assert result.unit == "1/s^2"
    assert any("check that each value has its unit" in note for note in result.notes)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("", "empty expression"),
        ("5 +", "ends too early at column 4"),
        ("10 KB + 5 s", "cannot add bytes and seconds at column 7"),
        ("(5", "missing ')'"),
        ("5 $", "unexpected character '$' at column 3"),
        ("5m", "'m' is ambiguous: write min for minutes or M for million"),
        ("10 Mb", "'Mb' is ambiguous"),
        ("5 M", "write it straight after the number"),
        ("10 KBs", "unknown unit 'KBs' (did you mean 'KB'?)"),
        ("5 dayz", "did you mean 'day'?"),
        ("1/0", "division by zero"),
        ("10^1000", "too large"),
        ("2^(1 s)", "an exponent must be a plain number"),
        ("5 days in KB", "cannot show seconds in bytes"),
        ("5 in 1/s", "write only a unit after 'in'"),
        ("5 5", "unexpected '5'"),
        ("1e400", "too large"),
    ],
)
def test_errors_are_one_clear_line(expr: str, message: str) -> None:
    with pytest.raises(CoachError) as info:
        evaluate(expr)
    text = str(info.value)
    assert message in text
    assert "\n" not in text


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(CoachError, match="nested too deeply"):
        evaluate("(" * 5000 + "1" + ")" * 5000)
