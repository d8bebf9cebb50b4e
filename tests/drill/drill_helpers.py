"""Questions with known answers, built by hand for the drill tests."""

from __future__ import annotations

from coach.drill.question import BareUnit, ChoiceAnswer, DrillKind, NumberAnswer, Question
from coach.estimate.quantity import BYTES, COUNT, RATE, Quantity


def storage_question() -> Question:
    return Question(
        template="estimation.photo-storage",
        kind=DrillKind.ESTIMATION,
        text="40M daily users post 2 photos a day of 2 MB each: storage per year?",
        answer=NumberAnswer(expected=Quantity(5.84e16, BYTES), display="58.4 PB"),
        derivation=("40M/day × 2 = 80M/day",),
        check="40M/day * 2 * 2 MB * 365 days",
    )


def rate_question() -> Question:
    return Question(
        template="units.per-second",
        kind=DrillKind.UNITS,
        text="1M requests a day is about how many requests per second?",
        answer=NumberAnswer(
            expected=Quantity(1e6 / 86400, RATE), display="11.6/s", bare=BareUnit("/s", 1.0)
        ),
    )


def kib_question() -> Question:
    return Question(
        template="units.iec-count",
        kind=DrillKind.UNITS,
        text="How many KiB in 2^20 bytes?",
        answer=NumberAnswer(
            expected=Quantity(2.0**20, BYTES), display="1,024 KiB", bare=BareUnit("KiB", 1024.0)
        ),
    )


def count_question() -> Question:
    return Question(
        template="estimation.in-flight",
        kind=DrillKind.ESTIMATION,
        text="A service takes 1,000 requests/s at 65 ms average latency: in flight?",
        answer=NumberAnswer(expected=Quantity(65.0, COUNT), display="65"),
    )


def choice_question() -> Question:
    return Question(
        template="latency.which-faster",
        kind=DrillKind.LATENCY,
        text="Which is faster: (a) a round trip within one datacenter or (b) reading 1 MB "
        "sequentially from SSD?",
        answer=ChoiceAnswer(
            options=(
                ("a", "a round trip within one datacenter"),
                ("b", "reading 1 MB sequentially from SSD"),
            ),
            correct="b",
        ),
    )
