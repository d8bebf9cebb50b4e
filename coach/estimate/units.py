"""The words people use for units in interviews, and the pint registry that does the algebra.

The registry is deliberately small (bytes, bits, time) and built lazily: importing
pint costs about 0.2 s, which only `coach calc`, `coach estimate` and the drills pay.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = 86_400
# Interview guides count a month as 30 days (Grokking's "30 days * 24 hours * 3600 seconds")
# and a year as 365 days (Alex Xu's "30 TB * 365 * 5"); we do the same, and say so.
MONTH_DAYS = 30
YEAR_DAYS = 365
CALENDAR_NOTE = f"1 month = {MONTH_DAYS} days, 1 year = {YEAR_DAYS} days"

# Seconds in each period a rate can be "per".
PERIOD_SECONDS: dict[str, float] = {
    "s": 1,
    "min": SECONDS_PER_MINUTE,
    "h": SECONDS_PER_HOUR,
    "day": SECONDS_PER_DAY,
    "week": 7 * SECONDS_PER_DAY,
    "month": MONTH_DAYS * SECONDS_PER_DAY,
    "year": YEAR_DAYS * SECONDS_PER_DAY,
}

_DEFINITIONS = f"""
second = [time] = s
byte = [information] = B
bit = byte / 8
nanosecond = 1e-9 * second
microsecond = 1e-6 * second
millisecond = 1e-3 * second
minute = {SECONDS_PER_MINUTE} * second
hour = {SECONDS_PER_HOUR} * second
day = {SECONDS_PER_DAY} * second
week = 7 * day
month = {MONTH_DAYS} * day
year = {YEAR_DAYS} * day
kilobyte = 1e3 * byte
megabyte = 1e6 * byte
gigabyte = 1e9 * byte
terabyte = 1e12 * byte
petabyte = 1e15 * byte
exabyte = 1e18 * byte
kibibyte = 1024 * byte
mebibyte = 1024 * kibibyte
gibibyte = 1024 * mebibyte
tebibyte = 1024 * gibibyte
pebibyte = 1024 * tebibyte
exbibyte = 1024 * pebibyte
kilobit = 1e3 * bit
megabit = 1e6 * bit
gigabit = 1e9 * bit
terabit = 1e12 * bit
"""


@functools.cache
def registry() -> pint.UnitRegistry:
    """The shared unit registry, built on first use."""
    import pint

    ureg = pint.UnitRegistry(None, cache_folder=None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


@dataclass(frozen=True)
class UnitWord:
    """What one word means: a pint unit expression, a multiplier, or a counted noun."""

    unit: str = ""  # pint expression; "" for a plain number
    factor: float = 1.0  # for multipliers and nouns
    iec: bool = False  # the user thinks in KiB, MiB...
    per: str | None = None  # for rate words such as qps: the period


def _words() -> dict[str, UnitWord]:
    words: dict[str, UnitWord] = {}

    def add(unit: str, *names: str, iec: bool = False, per: str | None = None) -> None:
        for name in names:
            words[name] = UnitWord(unit=unit, iec=iec, per=per)

    add("byte", "B", "byte", "bytes")
    for si, iec, word, iword in [
        ("K", "Ki", "kilo", "kibi"),
        ("M", "Mi", "mega", "mebi"),
        ("G", "Gi", "giga", "gibi"),
        ("T", "Ti", "tera", "tebi"),
        ("P", "Pi", "peta", "pebi"),
        ("E", "Ei", "exa", "exbi"),
    ]:
        add(f"{word}byte", f"{si}B", f"{word}byte", f"{word}bytes")
        add(f"{iword}byte", f"{iec}B", f"{iword}byte", f"{iword}bytes", iec=True)
    add("kilobyte", "kB")
    add("bit", "bit", "bits")
    for si, word in [("K", "kilo"), ("M", "mega"), ("G", "giga"), ("T", "tera")]:
        add(f"{word}bit", f"{si}bit", f"{word}bit", f"{word}bits")
        add(f"{word}bit / second", f"{si}bps", per="s")
    add("kilobit", "kbit")
    add("kilobit / second", "kbps", per="s")
    add("bit / second", "bps", per="s")
    add("nanosecond", "ns", "nanosecond", "nanoseconds")
    add("microsecond", "us", "µs", "μs", "microsecond", "microseconds")
    add("millisecond", "ms", "msec", "millisecond", "milliseconds")
    add("second", "s", "sec", "secs", "second", "seconds")
    add("minute", "min", "mins", "minute", "minutes")
    add("hour", "h", "hr", "hrs", "hour", "hours")
    add("day", "d", "day", "days")
    add("week", "wk", "week", "weeks")
    add("month", "mo", "month", "months")
    add("year", "y", "yr", "yrs", "year", "years")
    add("1 / second", "qps", "rps", "tps", "QPS", "RPS", "TPS", per="s")
    for name, factor in [
        ("hundred", 1e2),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
    ]:
        words[name] = UnitWord(factor=factor)
    for noun in NOUNS:
        words[noun] = UnitWord()
    return words


# Things people count ("500M tweets/day"): they read as plain numbers.
# A word list reads better as words than as a 130-line list literal.
NOUNS = frozenset(
    """user users DAU MAU dau mau request requests req reqs query queries tweet tweets post posts
    message messages msg msgs write writes read reads url urls URL URLs event events photo
    photos video videos image images item items object objects file files row rows record
    records call calls click clicks view views like likes order orders ride rides trip trips
    upload uploads download downloads paste pastes link links delivery deliveries notification
    notifications connection connections conn conns server servers node nodes replica replicas
    op ops operation operations transaction transactions hit hits visit visits search searches
    session sessions person people follower followers comment comments share shares page pages
    document documents doc docs key keys entry entries""".split()  # noqa: SIM905
)

# Glued to a number ("500M", "10B"): multipliers. A glued B is a billion, as people say it.
MULTIPLIERS: dict[str, float] = {"K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}

# Words that could mean two things: refuse them with a hint instead of guessing.
AMBIGUOUS: dict[str, str] = {
    "m": "write min for minutes or M for million",
    "b": "write B (after a space) for bytes or bit for bits",
    "G": "write 1B for a billion or 1 GB for gigabytes",
    **{
        w: f"write {w[0].upper()}B for {n}bytes or {w[0].upper()}bit for {n}bits"
        for w, n in [
            ("kb", "kilo"),
            ("Kb", "kilo"),
            ("mb", "mega"),
            ("Mb", "mega"),
            ("gb", "giga"),
            ("Gb", "giga"),
            ("tb", "tera"),
            ("Tb", "tera"),
        ]
    },
}

WORDS: dict[str, UnitWord] = _words()
# Long words may be typed in any case ("Days", "BYTES"); short symbols may not (MB vs mb).
_FOLDED: dict[str, str] = {name.lower(): name for name in WORDS if len(name) > 3}


def lookup(word: str) -> UnitWord | None:
    """The meaning of one unit word, or None when it is not one we know."""
    if word in WORDS:
        return WORDS[word]
    folded = _FOLDED.get(word.lower())
    return WORDS[folded] if folded else None


def known_words() -> list[str]:
    """Every unit and multiplier word, for "did you mean" suggestions."""
    return [w for w, meaning in WORDS.items() if meaning.unit or meaning.factor != 1]
