"""The napkin calculator: the issue's examples, the grammar, and its errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import CoachError
from coach.estimate.calc import USUAL, evaluate


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
        # A number followed by a compound unit is one quantity.
        ("1 TB / 100 MB/s", "2.78 h"),
        ("1 TB / 100 MB/s in hours", "2.78 h"),
        ("1 TB / 100 MB/s in min", "166.7 min"),
        ("1 TB / 100 MB/s in s", "10,000 s"),
        ("1 TB / 100 MB / s", "2.78 h"),  # spaces do not change what belongs together
        ("10B/day / 86400 s/day", "115.7K/s"),
        ("5 KB/user * 10M users", "50 GB"),
        ("5 KB per user per day * 10M users", "50 GB/day"),
        ("100 MB/s in Mbps", "800 Mbps"),
        ("1 GB / 10 ms", "100 GB/s"),
        ("150M in million", "150 million"),
        ("10B/day in per day", "10B per day"),
        # Three whole digits keep one decimal: 115.7K/s, not 116K/s.
        ("462.9 GB", "462.9 GB"),
        ("999.96K", "1M"),
        ("99.96K", "100K"),
    ],
)
def test_evaluate(expr: str, display: str) -> None:
    assert evaluate(expr).display == display


def test_the_issue_examples_have_the_right_value_and_unit() -> None:
    seconds = evaluate("1 TB / 100 MB/s")
    assert (seconds.value, seconds.unit) == (pytest.approx(10_000), "seconds")
    hours = evaluate("1 TB / 100 MB/s in hours")
    assert (hours.value, hours.unit, hours.display) == (pytest.approx(10_000), "seconds", "2.78 h")
    rate = evaluate("10B/day / 86400 s/day")
    assert (rate.value, rate.unit) == (pytest.approx(1e10 / 86_400), "1/s")


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("10 - 3 + 2", 9),  # left to right, not 10 - (3 + 2)
        ("1 - 2 - 3", -4),
        ("1 GB - 200 MB - 300 MB", 500e6),
        ("8 / 2 * 4", 16),  # * and / alike, left to right
        ("2 * 3 / 4 * 5", 7.5),
        ("100 / 10 / 2", 5),
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("2 * 3^2", 18),
        ("2^3^2", 512),  # right to left: 2^(3^2)
        ("2**3**2", 512),
        ("10^-3", 0.001),
        ("-2^2", -4),  # the power binds tighter than the sign
        ("2^-1^2", 0.5),
        ("100 % * 3", 3),
        ("1,000 x 2 - 1", 1999),
    ],
)
def test_associativity_and_precedence(expr: str, value: float) -> None:
    assert evaluate(expr).value == pytest.approx(value)


def test_json_is_in_base_units() -> None:
    assert evaluate("500M/day * 10KB * 30 days").to_json() == {
        "value": pytest.approx(1.5e14),
        "unit": "bytes",
        "display": "150 TB",
        "read_as": "500M/day * 10KB * 30 days",
        "notes": [],
    }
    rate = evaluate("250B/month in /s").to_json()
    assert rate["unit"] == "1/s"
    assert rate["value"] == pytest.approx(250e9 / (30 * 86_400))


def test_month_and_year_lengths_are_stated_when_used() -> None:
    assert evaluate("250B/month in /s").notes == ("1 month = 30 days, 1 year = 365 days",)
    assert evaluate("1 year in days").display == "365 days"
    assert evaluate("1 month in days").display == "30 days"
    assert evaluate("500M/day in /s").notes == ()


@pytest.mark.parametrize(
    ("expr", "read_as"),
    [
        ("1 TB / 100 MB/s", "1 TB / (100 MB/s)"),
        ("1 TB / 100 MB/s in hours", "1 TB / (100 MB/s) in hours"),
        ("10B/day / 86400 s/day", "10B/day / (86400 s/day)"),
        ("100 MB / 10 s", "100 MB / (10 s)"),
        ("1 TB per 100 MB per s", "1 TB per (100 MB per s)"),
    ],
)
def test_a_regrouping_is_shown_with_parentheses(expr: str, read_as: str) -> None:
    result = evaluate(expr)
    assert result.read_as == read_as
    assert f"read as: {read_as}" in result.notes


@pytest.mark.parametrize(
    "expr", ["500M/day * 10KB * 30 days", "100MB/10s", "2^40 B in TiB", "1000/s x 65 ms"]
)
def test_no_note_when_nothing_was_regrouped(expr: str) -> None:
    assert not any(note.startswith("read as") for note in evaluate(expr).notes)


def test_a_glued_b_next_to_a_count_or_a_size_is_pointed_out() -> None:
    note = "300B read as 300 billion: for bytes write 300 B"
    assert note in evaluate("500M * 300B").notes
    assert note in evaluate("300B").notes
    assert "1B read as 1 billion: for bytes write 1 B" in evaluate("1B * 1 KB").notes


@pytest.mark.parametrize("expr", ["10B/day", "10B tweets", "10B tweets/day * 300 B", "10B / 1 day"])
def test_a_glued_b_that_plainly_counts_has_no_note(expr: str) -> None:
    assert not any("billion" in note for note in evaluate(expr).notes)


def test_dividing_a_count_by_a_unit_ratio_is_pointed_out() -> None:
    # 86400 s/day is 1: the user meant 300M a day, and gets a count, with a word.
    result = evaluate("150M * 2 / 86400 s/day")
    assert (result.value, result.unit) == (pytest.approx(300e6), "count")
    assert "86400 s/day equals 1: it changes units, not counts; " in " ".join(result.notes)
    # With the period given, the same ratio converts, and nothing needs saying.
    assert not any("equals 1" in n for n in evaluate("300M/day / 86400 s/day").notes)


def test_a_glued_b_is_named_when_the_units_clash() -> None:
    with pytest.raises(CoachError, match="300B read as 300 billion: for bytes write 300 B"):
        evaluate("1 GB - 300B")
    with pytest.raises(CoachError, match="300B read as 300 billion"):
        evaluate("300B in KB")


@pytest.mark.parametrize(
    ("expr", "unit", "hint"),
    [
        ("150M * 2 / 24 h / 3600 s", "1/s^2", "divides by a time twice"),
        ("2 KB * 3 KB", "bytes^2", "multiplies two sizes"),
        ("5 s * 3 s", "s^2", "multiplies by a time twice"),
        ("10 s / 1 MB", "s/bytes", "divide the size by a bandwidth"),
        ("1000 / 10 KB", "1/bytes", "divides by a size"),
        ("10 KB * 5 s", "bytes*s", "check that each value has its unit"),
    ],
)
def test_an_odd_unit_is_an_error_with_the_parsed_form_and_a_hint(
    expr: str, unit: str, hint: str
) -> None:
    with pytest.raises(CoachError) as info:
        evaluate(expr)
    message = str(info.value)
    assert f"gives a result in {unit}, not a size, a time, a rate, a count or a bandwidth" in (
        message
    )
    assert "(read as: " in message
    assert hint in message
    assert "\n" not in message


def test_an_odd_unit_names_a_loose_glued_b() -> None:
    with pytest.raises(CoachError, match="300B read as 300 billion"):
        evaluate("300B * 1 KB * 1 KB")


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


# -- properties ----------------------------------------------------------------------------

_numbers = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(_numbers, _numbers, _numbers)
def test_plus_minus_times_divide_go_left_to_right(a: float, b: float, c: float) -> None:
    def calc(expr: str) -> float:
        return evaluate(expr).value

    assert calc(f"{a!r} - {b!r} + {c!r}") == pytest.approx(a - b + c, rel=1e-9, abs=1e-9)
    assert calc(f"{a!r} - {b!r} - {c!r}") == pytest.approx(a - b - c, rel=1e-9, abs=1e-9)
    assert calc(f"{a!r} / {b!r} * {c!r}") == pytest.approx(a / b * c, rel=1e-9)
    assert calc(f"{a!r} / {b!r} / {c!r}") == pytest.approx(a / b / c, rel=1e-9)
    assert calc(f"{a!r} + {b!r} * {c!r}") == pytest.approx(a + b * c, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=2),
)
def test_powers_go_right_to_left(a: int, b: int, c: int) -> None:
    assert evaluate(f"{a}^{b}^{c}").value == pytest.approx(a ** (b**c))
    assert evaluate(f"{a}^-{b}").value == pytest.approx(a**-b)


@settings(max_examples=100, deadline=None)
@given(_numbers, _numbers)
def test_a_compound_unit_is_one_quantity(size: float, speed: float) -> None:
    # "X TB / Y MB/s" is a time, whatever the numbers: the bandwidth is one quantity.
    result = evaluate(f"{size!r} TB / {speed!r} MB/s")
    assert result.unit == "seconds"
    assert result.value == pytest.approx(size * 1e12 / (speed * 1e6), rel=1e-9)


_LEAVES = ["100 MB/s", "86400 s/day", "5 KB/user", "3", "10B/day", "2 h", "500M", "(2 + 3)", "1 TB"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LEAVES), min_size=1, max_size=4), st.data())
def test_the_parsed_form_reads_back_the_same(leaves: list[str], data: st.DataObject) -> None:
    ops = [data.draw(st.sampled_from(["*", "/", "x", "per"])) for _ in leaves[1:]]
    expr = leaves[0] + "".join(f" {op} {leaf}" for op, leaf in zip(ops, leaves[1:], strict=True))
    try:
        first = evaluate(expr)
    except CoachError as exc:  # an odd unit: its parsed form is odd the same way
        assert "read as: " in exc.message
        return
    assert first.unit in USUAL
    again = evaluate(first.read_as)
    # The parsed form means the same, and reading it again changes nothing.
    assert math.isclose(again.value, first.value, rel_tol=1e-9)
    assert again.read_as == first.read_as
