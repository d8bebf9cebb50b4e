"""The saved state of one drill: what was asked, what was answered, how it scored.

Stored as JSON in the `drills` table, one row per drill, updated after every answer.
`coach stats` reads it back. Extend freely, rename never.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, Field

from coach.drill.answers import ReadAnswer
from coach.drill.question import ChoiceAnswer, Question
from coach.drill.scoring import Band, percent, score


class DrillStatus(str, Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INPUT_CLOSED = "input_closed"  # stdin ended before the last question
    INTERRUPTED = "interrupted"  # Ctrl-C


class DrillAnswer(BaseModel):
    number: int  # 1-based position in the drill
    template: str  # "estimation.photo-storage"
    kind: str  # "estimation", "latency", "units"
    question: str
    expected_value: float | None  # base units; None for a choice question
    expected_unit: str  # "bytes", "1/s", ... or "choice"
    expected_display: str
    answer: str  # as typed
    answer_value: float | None  # base units; None for a choice question
    ratio: float | None  # how many times off; None for a choice or an unreadable value
    band: Band
    points: int
    derivation: list[str] = Field(default_factory=list)
    check: str | None = None  # a `coach calc` expression for the expected value
    tries: int = 1  # unreadable answers count as tries too
    answered_at: datetime


class DrillRecord(BaseModel):
    id: int | None = None
    kind: str  # what was asked for: estimation, latency, units or mixed
    seed: int
    count: int  # questions planned
    status: DrillStatus = DrillStatus.IN_PROGRESS
    created_at: datetime
    updated_at: datetime
    answers: list[DrillAnswer] = Field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(a.points for a in self.answers)

    @property
    def score(self) -> float | None:
        """0-100 over the questions answered; None before the first answer."""
        return percent(self.points, len(self.answers))


def answer_from(
    number: int, question: Question, read: ReadAnswer, tries: int, at: datetime
) -> DrillAnswer:
    """The record of one answered question, graded."""
    band, ratio = grade(question, read)
    if isinstance(question.answer, ChoiceAnswer):
        expected_value, unit = None, "choice"
    else:
        expected_value = question.answer.expected.value
        unit = question.answer.expected.dimension
    return DrillAnswer(
        number=number,
        template=question.template,
        kind=question.kind.value,
        question=question.text,
        expected_value=expected_value,
        expected_unit=unit,
        expected_display=question.expected_display,
        answer=read.text if read.choice is None else read.choice,
        answer_value=read.value,
        ratio=ratio,
        band=band,
        points=band.points,
        derivation=list(question.derivation),
        check=question.check,
        tries=tries,
        answered_at=at,
    )


def grade(question: Question, read: ReadAnswer) -> tuple[Band, float | None]:
    """The band of an answer and how many times off it is (None for a choice)."""
    if isinstance(question.answer, ChoiceAnswer):
        return (Band.EXACT if read.choice == question.answer.correct else Band.OFF), None
    if read.value is None:
        return Band.OFF, None
    return score(read.value, question.answer.expected.value)
