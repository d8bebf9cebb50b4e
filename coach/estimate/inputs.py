"""The inputs `coach estimate` understands: names, meanings, units, defaults, ranges.

Problem specs name their capacity assumptions with exactly these names, and
`--set NAME=VALUE` overrides them. This module is light (no pint) so that the
CLI can list the inputs in `--help` without paying for the units library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.errors import CoachError, did_you_mean
from coach.estimate.quantity import BYTES, COUNT, RATE, SECONDS, Quantity
from coach.estimate.units import PERIOD_SECONDS

DIMENSION_WORDS = {
    COUNT: "a plain number",
    BYTES: "a size",
    SECONDS: "a duration",
    RATE: "a rate",
    "bytes/s": "a bandwidth",
}


@dataclass(frozen=True)
class InputSpec:
    """One input: what it means, what unit it takes, its default and its usual range."""

    name: str
    description: str
    dimension: str
    example: str
    low: str  # the documented range, as the user would write it
    high: str
    default: str | None = None
    plain_per: str | None = None  # a rate given as a plain number is per this period
    fraction: bool = False  # a share: at most 100%
    below_one: bool = False  # a share that must stay under 100%
    allow_zero: bool = False
    whole: bool = False  # a whole number (nodes, retries)
    group: str = "workload"  # "workload" or "capacity" (the baseline preset's inputs)


def _spec(
    name: str, dimension: str, example: str, low: str, high: str, about: str, **options: object
) -> InputSpec:
    return InputSpec(name, about, dimension, example, low, high, **options)  # type: ignore[arg-type]


# fmt: off
# One input per line, read as a table: name, unit, example, documented range, meaning.
_SPECS = [
    _spec("users", COUNT, "300M", "1", "10B", "total (or monthly active) users"),
    _spec("daily_active_users", COUNT, "150M", "1", "10B",
          "users active each day: a count, or a share of users such as 50%"),
    _spec("writes", RATE, "500M/day", "1/day", "10T/day", "write rate (new tweets, URLs...)"),
    _spec("writes_per_user", RATE, "2/day", "0.01/day", "10K/day",
          "writes per daily active user (a plain number is per day)", plain_per="day"),
    _spec("reads", RATE, "5B/day", "1/day", "100T/day", "read rate"),
    _spec("read_write_ratio", COUNT, "100", "0.01", "100K", "reads per write (100 or 100:1)"),
    _spec("write_size", BYTES, "10 KB", "1 B", "10 GB", "bytes stored per write"),
    _spec("read_size", BYTES, "10 KB", "1 B", "10 GB", "bytes sent per read"),
    _spec("fanout", COUNT, "200", "1", "100K", "deliveries per write (followers reached)"),
    _spec("retention", SECONDS, "5 years", "1 day", "100 years", "how long data is kept"),
    _spec("replication", COUNT, "3", "1", "10", "copies of each byte stored", default="1"),
    _spec("peak_factor", COUNT, "2", "1", "100", "peak traffic over average"),
    _spec("cache_ratio", COUNT, "20%", "1%", "100%", "share of a day's reads worth caching",
          default="20%", fraction=True),
    _spec("online_time", SECONDS, "2 h", "1 min", "24 h",
          "time each daily active user is online in a day (connected, watching, driving)"),
    _spec("timeline_length", COUNT, "800", "1", "100K",
          "entries kept in each daily user's precomputed timeline (feed)", whole=True),
    _spec("timeline_entry_size", BYTES, "16 B", "1 B", "1 MB",
          "bytes per timeline entry (an id and a little metadata)"),
    _spec("catalogue_size", COUNT, "40K", "1", "100B",
          "items in a catalogue stored whole (titles, hours of video, products)"),
    _spec("catalogue_item_size", BYTES, "40 GB", "1 B", "10 TB",
          "bytes stored per catalogue item, every format included"),
    _spec("node_rps", RATE, "10K/s", "1/s", "1M/s",
          "requests one server handles (a plain number is per second)", plain_per="s"),
    _spec("coordination_overhead", COUNT, "20%", "0%", "90%",
          "share of capacity lost to coordination", default="0%", below_one=True,
          allow_zero=True),
    # The capacity inputs: the baseline preset sets them all.
    _spec("nodes", COUNT, "10", "1", "100K", "servers in the cluster", whole=True,
          group="capacity"),
    _spec("ram_per_node", BYTES, "1024 MB", "1 MB", "10 TB", "memory per server",
          group="capacity"),
    _spec("rps", RATE, "1000/s", "1/s", "100M/s",
          "requests per second the cluster serves (a plain number is per second)",
          plain_per="s", group="capacity"),
    _spec("message_size", BYTES, "1 KB", "1 B", "1 GB", "average request or message size",
          group="capacity"),
    _spec("connections_per_node", COUNT, "16", "1", "1M",
          "concurrent connections one server holds", whole=True, group="capacity"),
    _spec("target_latency", SECONDS, "65 ms", "1 us", "1 h", "target time per request",
          group="capacity"),
    _spec("max_payload", BYTES, "536 KB", "1 B", "10 GB", "largest request or message",
          group="capacity"),
    _spec("buffer_size", BYTES, "64 KB", "1 B", "1 GB", "buffer memory per connection",
          group="capacity"),
    _spec("retries", COUNT, "1", "0", "10", "retries after a failed request", allow_zero=True,
          whole=True, group="capacity"),
    _spec("failure_rate", COUNT, "100%", "0%", "100%",
          "share of requests that fail and are retried (100%: an outage)", default="100%",
          fraction=True, allow_zero=True, group="capacity"),
]
# fmt: on

INPUTS: dict[str, InputSpec] = {spec.name: spec for spec in _SPECS}


def parse_input(name: str, text: str) -> Quantity:
    """Read one input value, checking its unit and range.

    Raises CoachError for an unknown name (with "did you mean"), an expression that
    does not parse, a unit that does not fit, and a zero or negative value.
    """
    spec = INPUTS.get(name)
    if spec is None:
        raise CoachError(
            f"unknown estimate input '{name}'{did_you_mean(name, INPUTS)}"
            " (see 'coach estimate --help')"
        )
    text = str(text).strip()
    if not text:
        raise CoachError(f"{name}: no value given (for example {name}={spec.example})")
    from coach.estimate.calc import evaluate

    try:
        calculated = evaluate(text)
    except CoachError as exc:
        # The text is already in front of the message: drop the calculator's " in '...'".
        message = exc.message.removesuffix(f" in '{text}'")
        raise CoachError(f"{name}={text}: {message} (for example {name}={spec.example})") from None
    quantity = _fit_dimension(spec, calculated.quantity, text, calculated.notes)
    _check_value(spec, quantity, text)
    if spec.whole:  # "2.042K" nodes is 2,042 even though 2.042 * 1000 is not, in floats
        quantity = Quantity(float(round(quantity.value)), quantity.dimension, quantity.style)
    return quantity


def _fit_dimension(spec: InputSpec, q: Quantity, text: str, notes: tuple[str, ...]) -> Quantity:
    if q.dimension == spec.dimension:
        return q
    if spec.dimension == RATE and q.dimension == COUNT and spec.plain_per:
        return Quantity(q.value / PERIOD_SECONDS[spec.plain_per], RATE).with_style(
            per=spec.plain_per
        )
    expected = DIMENSION_WORDS[spec.dimension]
    got = DIMENSION_WORDS.get(q.dimension, q.dimension)
    # "500B" reads as 500 billion, as people say it: the calculator says so.
    billions = [note for note in notes if "billion" in note]
    hint = f" ({billions[0]})" if billions else ""
    raise CoachError(
        f"{spec.name}={text}: expected {expected} such as {spec.example}, got {got}{hint}"
    )


def _check_value(spec: InputSpec, q: Quantity, text: str) -> None:
    where = f"{spec.name}={text}"
    if not math.isfinite(q.value):
        raise CoachError(f"{where}: the value is too large")
    if q.value < 0 or (q.value == 0 and not spec.allow_zero):
        floor = "zero or more" if spec.allow_zero else "more than zero"
        raise CoachError(f"{where}: must be {floor}")
    if spec.fraction and q.value > 1:
        raise CoachError(f"{where}: a share can be at most 100%")
    if spec.below_one and q.value >= 1:
        raise CoachError(f"{where}: must be under 100%")
    if spec.whole and abs(q.value - round(q.value)) > 1e-9 * max(1.0, q.value):
        raise CoachError(f"{where}: must be a whole number")


def help_lines(group: str) -> list[str]:
    """One line per input of a group ("workload", "capacity") for `coach estimate --help`."""
    lines = []
    for spec in INPUTS.values():
        if spec.group != group:
            continue
        extra = f"default {spec.default}" if spec.default else f"e.g. {spec.example}"
        if spec.name == "read_size":
            extra = "default: write_size"
        lines.append(f"{spec.name}: {spec.description} ({extra}; {spec.low} to {spec.high})")
    return lines
