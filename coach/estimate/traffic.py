"""Traffic figures: daily active users, QPS, peaks, fanout, servers."""

from __future__ import annotations

import math

from coach.estimate.model import Step
from coach.estimate.quantity import COUNT, RATE, Quantity, Style, format_quantity
from coach.estimate.units import SECONDS_PER_DAY
from coach.estimate.workbook import Workbook

TRAFFIC = "Traffic"
SERVERS = "Servers"


def derive_traffic(book: Workbook) -> None:
    _daily_active_users(book)
    _concurrent_users(book)
    _write_qps(book)
    _read_qps(book)
    for kind in ("write", "read"):
        if book.has("peak_factor", f"{kind}_qps"):
            steps = [
                book.term("", f"{kind}_qps", f"{kind}s"),
                book.term("x", "peak_factor", "peak factor"),
            ]
            book.add(f"peak_{kind}_qps", f"peak {kind} QPS", TRAFFIC, steps, RATE)
    if book.has("fanout", "write_qps"):
        steps = [
            book.term("", "write_qps", "writes"),
            book.term("x", "fanout", "deliveries per write"),
        ]
        book.add("fanout_qps", "fanout deliveries", TRAFFIC, steps, RATE)
    if book.has("peak_factor", "fanout_qps"):
        steps = [
            book.term("", "fanout_qps", "deliveries"),
            book.term("x", "peak_factor", "peak factor"),
        ]
        book.add("peak_fanout_qps", "fanout at peak", TRAFFIC, steps, RATE)


def dau_is_share(book: Workbook) -> bool:
    """A daily_active_users of 100% or less is a share of `users`, not a head count."""
    return "daily_active_users" in book.inputs and book.value("daily_active_users") <= 1


def dau_known(book: Workbook) -> bool:
    """Is there a head count of daily active users (given, or derived from a share)?"""
    return book.has("daily_active_users") and (
        not dau_is_share(book) or "daily_active_users" in book.results
    )


def _daily_active_users(book: Workbook) -> None:
    if dau_is_share(book) and book.has("users"):
        steps = [
            book.term("", "users", "users"),
            book.share("x", "daily_active_users", "active daily"),
        ]
        book.add("daily_active_users", "daily active users", TRAFFIC, steps, COUNT)


def _concurrent_users(book: Workbook) -> None:
    """Users online at once: each daily user's time online is a share of the day."""
    if not (dau_known(book) and book.has("online_time")):
        return
    steps = [
        book.term("", "daily_active_users", "DAU"),
        book.term("x", "online_time", "online each"),
        Step("/", "24 h", SECONDS_PER_DAY, "constant", "second"),
    ]
    book.add("concurrent_users", "online at once", TRAFFIC, steps, COUNT)
    if book.has("peak_factor"):
        steps = [
            book.term("", "concurrent_users", "online"),
            book.term("x", "peak_factor", "peak factor"),
        ]
        book.add("peak_concurrent_users", "online at once at peak", TRAFFIC, steps, COUNT)


def _write_qps(book: Workbook) -> None:
    if book.has("writes"):
        steps = book.per_second("writes", "writes")
    elif book.has("writes_per_user") and dau_known(book):
        first, *rest = book.per_second("writes_per_user", "writes each")
        steps = [
            book.term("", "daily_active_users", "DAU"),
            Step("x", first.text, first.factor, first.source, first.unit),
            *rest,
        ]
    else:
        return
    book.add("write_qps", "write QPS", TRAFFIC, steps, RATE)


def _read_qps(book: Workbook) -> None:
    if book.has("reads"):
        steps = book.per_second("reads", "reads")
    elif book.has("read_write_ratio", "write_qps"):
        steps = [
            book.term("", "write_qps", "writes"),
            book.term("x", "read_write_ratio", "reads per write"),
        ]
    else:
        return
    book.add("read_qps", "read QPS", TRAFFIC, steps, RATE)


def request_rate(book: Workbook) -> tuple[Step, tuple[str, ...]] | None:
    """What the servers carry: rps if given, else peak (or average) reads + writes.

    Returns the first step of a derivation and the results it sums.
    """
    if book.has("rps"):
        return book.term("", "rps", "requests"), ()
    for prefix, words in (("peak_", "peak requests"), ("", "requests")):
        names = tuple(
            f"{prefix}{kind}_qps" for kind in ("write", "read") if book.has(f"{prefix}{kind}_qps")
        )
        if names:
            total = sum(book.value(n) for n in names)
            text = format_quantity(Quantity(total, RATE), 2)
            parts = " + ".join(n.replace("_qps", "").replace("_", " ") for n in names)
            step = Step("", f"{text} {words} ({parts})", total, "+".join(names), "1/second")
            return step, names
    return None


def derive_servers(book: Workbook) -> None:
    found = request_rate(book)
    if found is None or not book.has("node_rps"):
        return
    load, sums = found
    steps = [load, book.term("/", "node_rps", "per server")]
    overhead = book.value("coordination_overhead") if book.has("coordination_overhead") else 0
    if overhead > 0:
        steps.append(overhead_step(book))
    book.add(
        "servers", "servers", SERVERS, steps, COUNT, finish=math.ceil, style=Style(), depends=sums
    )


def overhead_step(book: Workbook) -> Step:
    """The capacity coordination leaves, as in "/ 80% left after 20% coordination"."""
    keep = 1 - book.value("coordination_overhead")
    kept = format_quantity(Quantity(keep, COUNT, Style(percent=True)), 3)
    lost = format_quantity(book.q("coordination_overhead").with_style(percent=True), 3)
    return Step("/", f"{kept} left after {lost} coordination", keep, "coordination_overhead")
