"""What a drill question is: its text, the expected answer, and the worked derivation.

A question is data: the generators build it, the runner asks it, the scorer compares
an answer with it, and the record keeps a copy. Nothing here talks to a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from coach.estimate.quantity import BYTE_RATE, BYTES, COUNT, RATE, SECONDS, Quantity


class DrillKind(str, Enum):
    ESTIMATION = "estimation"
    LATENCY = "latency"
    UNITS = "units"


MIXED = "mixed"
KIND_NAMES: tuple[str, ...] = (*(k.value for k in DrillKind), MIXED)


@dataclass(frozen=True)
class BareUnit:
    """What a plain number means for this question ("in KiB", "per second")."""

    label: str  # "KiB", "/s", "MB/s"
    factor: float  # base units in one `label`

    @property
    def words(self) -> str:
        """The unit as a prompt says it: "in KiB", "per second"."""
        per = {"/s": "per second", "/day": "per day", "s": "in seconds"}
        return per.get(self.label, f"in {self.label}")


# One example per kind of answer, the same for every question, so it gives nothing away.
EXAMPLES: dict[str, str] = {
    COUNT: "4.2K",
    BYTES: "3 PB",
    SECONDS: "20 ms",
    RATE: "1.5K/s",
    BYTE_RATE: "3 TB/s",
}


@dataclass(frozen=True)
class NumberAnswer:
    """A numeric answer, compared on a log scale."""

    expected: Quantity  # in base units, with the style to show it in
    display: str  # "58.4 PB"
    bare: BareUnit | None = None  # None: only a count question takes a plain number

    @property
    def example(self) -> str:
        """How an answer of this kind is typed: "3 PB"."""
        return EXAMPLES.get(self.expected.dimension, "4.2K")


@dataclass(frozen=True)
class ChoiceAnswer:
    """A pick between options; right or wrong."""

    options: tuple[tuple[str, str], ...]  # (key, text): ("a", "a disk seek")
    correct: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)

    @property
    def display(self) -> str:
        text = dict(self.options)[self.correct]
        return f"{self.correct}) {text}"


@dataclass(frozen=True)
class Question:
    template: str  # "estimation.photo-storage": what kind of question, for stats
    kind: DrillKind
    text: str
    answer: NumberAnswer | ChoiceAnswer
    derivation: tuple[str, ...] = field(default=())
    check: str | None = None  # a `coach calc` expression that gives the expected value

    @property
    def expected_display(self) -> str:
        return self.answer.display
