"""Unit questions: powers of two, seconds in a period, rates per day and per second.

Each asks "how many": a plain number is read in the unit the question names, and an
answer with units of the right kind is converted, so "1024" and "1024 KiB" both work.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from coach.drill.derive import Chain, number_question
from coach.drill.question import BareUnit, DrillKind, Question

Template = Callable[[random.Random], Question]

_IEC = {"KiB": 10, "MiB": 20, "GiB": 30, "TiB": 40}
_SI = {"KB": 3, "MB": 6, "GB": 9, "TB": 12, "PB": 15}


_question = partial(number_question, DrillKind.UNITS)


def iec_count(rng: random.Random) -> Question:
    unit = rng.choice(list(_IEC))
    power = _IEC[unit] + rng.choice([4, 8, 10, 12, 16, 20])
    chain = Chain(f"2^{power} B", shown=f"2^{power} B").note(f"1 {unit} = 2^{_IEC[unit]} bytes")
    chain.show_in(unit, f"2^{power} / 2^{_IEC[unit]} = 2^{power - _IEC[unit]}")
    return _question(
        "iec-count",
        f"How many {unit} in 2^{power} bytes?",
        chain,
        unit=unit,
        bare=BareUnit(unit, 2.0 ** _IEC[unit]),
    )


def power_of_two(rng: random.Random) -> Question:
    power = rng.choice([20, 30, 32, 40, 50])
    unit = {20: "MB", 30: "GB", 32: "GB", 40: "TB", 50: "PB"}[power]
    chain = Chain(f"2^{power} B", shown=f"2^{power} B")
    chain.note(f"2^10 = 1,024, a bit over 10^3, so 2^{power} is a bit over 10^{power * 3 // 10}")
    chain.show_in(unit)
    return _question(
        "power-of-two",
        f"2^{power} bytes is roughly how many {unit}?",
        chain,
        unit=unit,
        bare=BareUnit(unit, 10.0 ** _SI[unit]),
    )


_PERIOD_STEPS: dict[str, list[tuple[str, str]]] = {
    "hour": [("* 60", "minutes in an hour")],
    "day": [("* 60", "minutes in an hour"), ("* 24", "hours in a day")],
    "week": [("* 60", "minutes in an hour"), ("* 24", "hours in a day"), ("* 7", "days")],
    "month": [
        ("* 60", "minutes in an hour"),
        ("* 24", "hours in a day"),
        ("* 30", "days: interviews count a month as 30"),
    ],
    "year": [("* 60", "minutes in an hour"), ("* 24", "hours in a day"), ("* 365", "days")],
}


def seconds_in(rng: random.Random) -> Question:
    period = rng.choice(list(_PERIOD_STEPS))
    chain = Chain("60 s", unit="s")
    for step, note in _PERIOD_STEPS[period]:
        chain.then(step, note)
    article = "an" if period == "hour" else "a"
    return _question(
        "seconds-in",
        f"Roughly how many seconds are in {article} {period}?",
        chain,
        unit="s",
        bare=BareUnit("s", 1.0),
    )


def per_day_to_per_second(rng: random.Random) -> Question:
    amount = rng.choice(["1M", "10M", "100M", "500M", "1B", "5B"])
    chain = Chain(f"{amount}/day").note("a day is 86,400 s, about 100K").show_in("/s")
    return _question(
        "per-second",
        f"{amount} requests a day is about how many requests per second?",
        chain,
        unit="/s",
        bare=BareUnit("/s", 1.0),
    )


def per_second_to_per_day(rng: random.Random) -> Question:
    amount = rng.choice(["10", "100", "1K", "5K", "20K"])
    chain = Chain(f"{amount}/s").show_in("/day")
    return _question(
        "per-day",
        f"{amount} requests per second is how many requests a day?",
        chain,
        unit="/day",
        bare=BareUnit("/day", 1 / 86_400),
    )


def bits_to_bytes(rng: random.Random) -> Question:
    gbps = rng.choice([1, 10, 25, 40, 100])
    chain = Chain(f"{gbps} Gbps", shown=f"{gbps} Gbps").show_in("MB/s", "8 bits to a byte")
    return _question(
        "bits-to-bytes",
        f"A {gbps} Gbps link carries how many MB per second?",
        chain,
        unit="MB/s",
        bare=BareUnit("MB/s", 1e6),
    )


def base62_ids(rng: random.Random) -> Question:
    length = rng.choice([5, 6, 7, 8])
    chain = Chain(f"62^{length}").note("each character is one of 62 (a-z, A-Z, 0-9)")
    return _question(
        "base62-ids", f"How many distinct ids do {length} base-62 characters give?", chain
    )


def id_bits(rng: random.Random) -> Question:
    bits = rng.choice([16, 24, 32, 40, 48])
    chain = Chain(f"2^{bits}").note("2^10 is about 1,000")
    return _question("id-bits", f"How many distinct values does a {bits}-bit id have?", chain)


TEMPLATES: tuple[Template, ...] = (
    iec_count,
    power_of_two,
    seconds_in,
    per_day_to_per_second,
    per_second_to_per_day,
    bits_to_bytes,
    base62_ids,
    id_bits,
)
