"""Input names, units and ranges: what `--set NAME=VALUE` accepts and refuses."""

from __future__ import annotations

import re

import pytest

from coach.errors import CoachError
from coach.estimate.inputs import INPUTS, help_lines, parse_input
from coach.estimate.quantity import BYTES, RATE, format_quantity

# The names the brief promises problem specs can use.
CONTRACT = """users daily_active_users writes writes_per_user reads read_write_ratio write_size
read_size fanout retention replication peak_factor cache_ratio node_rps coordination_overhead
nodes ram_per_node rps message_size connections_per_node target_latency max_payload buffer_size
retries""".split()  # noqa: SIM905 - reads as the list in the brief


def test_every_contract_name_is_an_input() -> None:
    assert set(CONTRACT) <= set(INPUTS)


def test_every_input_is_documented_with_a_range() -> None:
    lines = help_lines("workload") + help_lines("capacity")
    for name, spec in INPUTS.items():
        assert any(line.startswith(f"{name}: ") for line in lines)
        assert spec.description and spec.example
        # The documented example and both ends of the range are values of the input's
        # kind, in order.
        low, example, high = (parse_input(name, t) for t in (spec.low, spec.example, spec.high))
        assert {low.dimension, example.dimension, high.dimension} == {spec.dimension}, name
        assert low.value <= example.value <= high.value, name


def test_defaults_are_valid() -> None:
    defaults = {name: spec for name, spec in INPUTS.items() if spec.default is not None}
    assert defaults  # replication, cache_ratio, coordination_overhead, failure_rate
    for name, spec in defaults.items():
        value = parse_input(name, spec.default)
        low, high = parse_input(name, spec.low), parse_input(name, spec.high)
        assert value.dimension == spec.dimension, name
        assert low.value <= value.value <= high.value, name


def test_a_plain_number_means_per_day_for_writes_per_user() -> None:
    q = parse_input("writes_per_user", "2")
    assert q.dimension == RATE
    assert q.value == pytest.approx(2 / 86_400)
    assert format_quantity(q) == "2/day"


def test_a_plain_number_means_per_second_for_node_rps() -> None:
    assert parse_input("node_rps", "10K").value == pytest.approx(10_000)


def test_ratio_may_be_written_with_a_colon() -> None:
    assert parse_input("read_write_ratio", "100:1").value == 100


def test_sizes_can_be_expressions() -> None:
    # "10% of tweets carry a 1 MB photo" as an average size.
    q = parse_input("write_size", "10% * 1 MB")
    assert q.dimension == BYTES and q.value == pytest.approx(100_000)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("writes", "abc", "writes=abc: unknown unit 'abc'"),
        ("wrtes", "5/day", "unknown estimate input 'wrtes' (did you mean 'writes'?)"),
        ("write_size", "5/day", "write_size=5/day: expected a size such as 10 KB, got a rate"),
        ("writes", "500M", "writes=500M: expected a rate such as 500M/day, got a plain number"),
        ("retention", "5 KB", "expected a duration"),
        ("writes", "0/day", "must be more than zero"),
        ("write_size", "-5 KB", "must be more than zero"),
        ("retries", "-1", "must be zero or more"),
        ("cache_ratio", "150%", "a share can be at most 100%"),
        ("coordination_overhead", "100%", "must be under 100%"),
        ("nodes", "2.5", "must be a whole number"),
        ("writes", "5 +", "writes=5 +: the expression ends too early"),
        ("writes", "", "writes: no value given"),
        ("writes", "10^1000/day", "too large"),
    ],
)
def test_bad_values_are_one_clear_line(name: str, text: str, message: str) -> None:
    with pytest.raises(CoachError) as info:
        parse_input(name, text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_zero_is_allowed_where_it_means_something() -> None:
    assert parse_input("retries", "0").value == 0
    assert parse_input("coordination_overhead", "0%").value == 0


def test_a_glued_b_on_a_size_gets_a_hint() -> None:
    message = "got a plain number (500B read as 500 billion: for bytes write 500 B)"
    with pytest.raises(CoachError, match=re.escape(message)):
        parse_input("write_size", "500B")
    with pytest.raises(CoachError, match=re.escape("(5B read as 5 billion")):
        parse_input("write_size", "10% * 5B")
