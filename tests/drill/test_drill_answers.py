"""Reading answers: units, plain numbers, wrong kinds, choices."""

from __future__ import annotations

import pytest
from drill_helpers import (
    choice_question,
    count_question,
    kib_question,
    rate_question,
    storage_question,
)

from coach.drill.answers import UNREADABLE, UnreadableAnswer, read_answer


def test_the_unreadable_message_is_the_documented_one() -> None:
    assert UNREADABLE == "could not read that as a number with units: try `3 PB` or `1.5K/s`"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 PB", 3e15),
        ("58.4PB", 5.84e16),
        ("2 TiB", 2 * 1024.0**4),
        ("40M * 2 * 2 MB * 365", 5.84e16),  # working it out in the answer is fine
    ],
)
def test_sizes_read_in_bytes(text: str, value: float) -> None:
    assert read_answer(storage_question(), text).value == pytest.approx(value)


@pytest.mark.parametrize("text", ["3 XB", "three", "", "   ", "5 +"])
def test_unparseable_answers_get_the_hint(text: str) -> None:
    with pytest.raises(UnreadableAnswer) as caught:
        read_answer(storage_question(), text)
    assert caught.value.message == UNREADABLE


def test_the_calculators_reason_comes_along() -> None:
    with pytest.raises(UnreadableAnswer) as caught:
        read_answer(storage_question(), "3 XB")
    assert "unknown unit 'XB'" in caught.value.detail


def test_a_plain_number_for_a_size_asks_for_a_unit() -> None:
    with pytest.raises(
        UnreadableAnswer,
        match="that is a plain number, but this question asks for a size: try `3 PB`",
    ):
        read_answer(storage_question(), "58")


def test_a_rate_for_a_size_is_refused() -> None:
    with pytest.raises(UnreadableAnswer, match="that is a rate, but this question asks for a size"):
        read_answer(storage_question(), "1.5K/s")


@pytest.mark.parametrize(
    ("text", "value"), [("1.5K/s", 1500.0), ("12", 12.0), ("1M/day", 1e6 / 86400)]
)
def test_rates_and_plain_numbers_per_second(text: str, value: float) -> None:
    assert read_answer(rate_question(), text).value == pytest.approx(value)


@pytest.mark.parametrize("text", ["1024", "1024 KiB", "1 MiB", "1K"])
def test_how_many_kib(text: str) -> None:
    assert read_answer(kib_question(), text).value == pytest.approx(
        2.0**20 if text != "1K" else 1000 * 1024.0
    )


def test_a_count_takes_a_plain_number() -> None:
    assert read_answer(count_question(), "65").value == 65.0
    with pytest.raises(UnreadableAnswer, match="that is a duration"):
        read_answer(count_question(), "65 ms")


@pytest.mark.parametrize("text", ["b", "B", "(b)", "b)", " b "])
def test_choices(text: str) -> None:
    assert read_answer(choice_question(), text).choice == "b"


@pytest.mark.parametrize("text", ["c", "ssd", "", "ab"])
def test_a_choice_that_is_not_offered(text: str) -> None:
    with pytest.raises(UnreadableAnswer, match="answer a or b"):
        read_answer(choice_question(), text)
