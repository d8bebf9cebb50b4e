"""Reading what the user typed as an answer to one question.

Numeric answers go through the calculator, so "3 PB", "1.5K/s", "2 TiB" and even
"40M * 2 * 2 MB * 365" all read. A plain number takes the unit the question names
("how many KiB"); an answer of the wrong kind (a rate for a size) is refused with a
hint rather than scored, since it is a slip, not an estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.drill.question import ChoiceAnswer, NumberAnswer, Question
from coach.errors import CoachError
from coach.estimate.quantity import BYTE_RATE, BYTES, COUNT, RATE, SECONDS, Quantity

UNREADABLE = "could not read that as a number with units: try `3 PB` or `1.5K/s`"

_KIND_WORDS = {
    COUNT: "a plain number",
    BYTES: "a size",
    SECONDS: "a duration",
    RATE: "a rate",
    BYTE_RATE: "a bandwidth",
}


class UnreadableAnswer(Exception):
    """The text is not an answer to this question; ask again with `message`."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # the calculator's own reason, when there is one


@dataclass(frozen=True)
class ReadAnswer:
    text: str
    value: float | None  # base units of the expected quantity; None for a choice
    choice: str | None = None


def read_answer(question: Question, text: str) -> ReadAnswer:
    """The answer in `text`, or UnreadableAnswer saying what to type instead."""
    text = text.strip()
    if isinstance(question.answer, ChoiceAnswer):
        return _read_choice(question.answer, text)
    return _read_number(question.answer, text)


def _read_choice(answer: ChoiceAnswer, text: str) -> ReadAnswer:
    match = re.fullmatch(r"\(?\s*([a-z])\s*\)?\.?", text.lower())
    if match and match.group(1) in answer.keys:
        return ReadAnswer(text=text, value=None, choice=match.group(1))
    options = " or ".join(answer.keys)
    raise UnreadableAnswer(f"answer {options}")


def _read_number(answer: NumberAnswer, text: str) -> ReadAnswer:
    from coach.estimate.quantity import parse_quantity

    if not text:
        raise UnreadableAnswer(UNREADABLE)
    try:
        quantity = parse_quantity(text)
    except CoachError as exc:
        raise UnreadableAnswer(UNREADABLE, detail=exc.message) from None
    return ReadAnswer(text=text, value=_in_expected_units(answer, quantity))


def _in_expected_units(answer: NumberAnswer, quantity: Quantity) -> float:
    wanted = answer.expected.dimension
    if quantity.dimension == wanted:
        return quantity.value
    if quantity.dimension == COUNT and answer.bare is not None:
        return quantity.value * answer.bare.factor
    got = _KIND_WORDS.get(quantity.dimension, quantity.dimension)
    want = _KIND_WORDS.get(wanted, wanted)
    raise UnreadableAnswer(
        f"that is {got}, but this question asks for {want}: try `{answer.example}`"
    )
