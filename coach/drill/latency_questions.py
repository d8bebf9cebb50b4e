"""Latency questions drawn from the latency table (`coach.drill.latency`)."""

from __future__ import annotations

import random
from collections.abc import Callable

from coach.drill import latency
from coach.drill.derive import Chain
from coach.drill.question import ChoiceAnswer, DrillKind, NumberAnswer, Question
from coach.estimate.quantity import SECONDS, Quantity, format_quantity

Template = Callable[[random.Random], Question]


def duration(seconds: float) -> str:
    """A latency as people say it: "1 ns", "16 us", "2.5 ms" (the calculator stops at us)."""
    if seconds < 1e-6:
        return f"{seconds * 1e9:.3g} ns"
    return format_quantity(Quantity(seconds, SECONDS))


def _calc_literal(seconds: float) -> str:
    """The same figure as a calculator expression ("16 us", "4 ns")."""
    return duration(seconds).replace(",", "")


def _source_line(entry: latency.Latency) -> str:
    return f"{entry.what}: {duration(entry.seconds)} ({entry.cite.short})"


def _then_line(entry: latency.Latency) -> list[str]:
    if entry.then_s is None:
        return []
    dean = latency.SOURCES["dean-2012"]
    return [f"in {dean.short} it was {duration(entry.then_s)}: hardware moved on"]


def _seconds_answer(seconds: float) -> NumberAnswer:
    return NumberAnswer(expected=Quantity(seconds, SECONDS), display=duration(seconds))


def how_long(rng: random.Random) -> Question:
    entry = rng.choice(latency.TABLE)
    return Question(
        template="latency.how-long",
        kind=DrillKind.LATENCY,
        text=f"Roughly how long does {entry.what} take?",
        answer=_seconds_answer(entry.seconds),
        derivation=(_source_line(entry), *_then_line(entry)),
    )


def which_faster(rng: random.Random) -> Question:
    fast, slow = rng.choice(latency.comparable_pairs())
    first, second = (fast, slow) if rng.random() < 0.5 else (slow, fast)
    correct = "a" if first is fast else "b"
    ratio = slow.seconds / fast.seconds
    return Question(
        template="latency.which-faster",
        kind=DrillKind.LATENCY,
        text=f"Which is faster: (a) {first.what} or (b) {second.what}?",
        answer=ChoiceAnswer(options=(("a", first.what), ("b", second.what)), correct=correct),
        derivation=(
            _source_line(first),
            _source_line(second),
            f"{fast.what} is about {ratio:.3g}x faster",
        ),
    )


def how_many_times(rng: random.Random) -> Question:
    fast, slow = rng.choice(latency.comparable_pairs())
    chain = Chain(_calc_literal(slow.seconds)).then(f"/ {_calc_literal(fast.seconds)}")
    expected, display = chain.result()
    return Question(
        template="latency.how-many-times",
        kind=DrillKind.LATENCY,
        text=f"About how many times longer does {slow.what} take than {fast.what}?",
        answer=NumberAnswer(expected=expected, display=f"{display}x"),
        derivation=(_source_line(slow), _source_line(fast), *chain.lines),
        check=chain.expression,
    )


def sequential_read(rng: random.Random) -> Question:
    entry = latency.BY_ID[rng.choice(latency.SEQUENTIAL_1MB)]
    gigabytes = rng.choice([1, 10, 100])
    medium = entry.what.rsplit(" from ", 1)[1]
    chain = (
        Chain(f"{gigabytes} GB / 1 MB")
        .note(f"{gigabytes} GB is {gigabytes:,}K blocks of 1 MB")
        .then(f"* {_calc_literal(entry.seconds)}", f"{duration(entry.seconds)} per MB")
    )
    expected, display = chain.result()
    return Question(
        template="latency.sequential-read",
        kind=DrillKind.LATENCY,
        text=f"Roughly how long does reading {gigabytes} GB sequentially from {medium} take?",
        answer=NumberAnswer(expected=expected, display=display),
        derivation=(_source_line(entry), *chain.lines),
        check=chain.expression,
    )


def round_trips(rng: random.Random) -> Question:
    entry = latency.BY_ID[rng.choice(["dc-rtt", "sf-ny", "sf-uk", "ca-nl"])]
    trips = rng.choice([3, 5, 10, 20])
    chain = Chain(f"{trips}").then(f"* {_calc_literal(entry.seconds)}", "one round trip each")
    expected, display = chain.result()
    return Question(
        template="latency.round-trips",
        kind=DrillKind.LATENCY,
        text=(
            f"A request makes {trips} sequential calls, each {entry.what}: how much time goes "
            "on the network?"
        ),
        answer=NumberAnswer(expected=expected, display=display),
        derivation=(_source_line(entry), *chain.lines),
        check=chain.expression,
    )


TEMPLATES: tuple[Template, ...] = (
    how_long,
    which_faster,
    how_many_times,
    sequential_read,
    round_trips,
)
