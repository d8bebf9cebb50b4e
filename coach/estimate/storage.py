"""Storage, bandwidth and cache figures."""

from __future__ import annotations

from coach.estimate.model import Step
from coach.estimate.quantity import BYTE_RATE, BYTES, format_number, format_quantity
from coach.estimate.traffic import dau_is_share
from coach.estimate.units import MONTH_DAYS, SECONDS_PER_DAY, YEAR_DAYS
from coach.estimate.workbook import Workbook

STORAGE = "Storage"
BANDWIDTH = "Bandwidth"
MEMORY = "Memory"


def derive_storage(book: Workbook) -> None:
    daily = _writes_per_day(book)
    if daily is None or not book.has("write_size"):
        return
    steps = [*daily, book.term("x", "write_size", "per write")]
    if book.has("replication") and book.value("replication") != 1:
        steps.append(book.term("x", "replication", "replicas"))
    if book.add("storage_per_day", "storage per day", STORAGE, steps, BYTES, period="day") is None:
        return
    per_day = book.term("", "storage_per_day", "")
    per_day = Step("", f"{per_day.text}/day", per_day.factor, per_day.source)
    for name, title, days, period in (
        ("storage_per_month", "storage per month", MONTH_DAYS, "month"),
        ("storage_per_year", "storage per year", YEAR_DAYS, "year"),
    ):
        step = Step("x", f"{days} days/{period}", days, "constant")
        book.add(name, title, STORAGE, [per_day, step], BYTES, period=period)
    if book.has("retention"):
        retention = book.q("retention")
        days = retention.value / SECONDS_PER_DAY
        shown = format_quantity(retention, 3)
        text = f"{format_number(days, 4)} days"
        if not shown.endswith(("day", "days")):
            text += f" ({shown})"
        step = Step("x", text, days, "retention")
        book.add("storage_total", f"storage for {shown}", STORAGE, [per_day, step], BYTES)


def _writes_per_day(book: Workbook) -> list[Step] | None:
    if book.has("writes"):
        return book.per_day("writes", "writes")
    if "write_qps" not in book.results or not book.has("writes_per_user"):
        return None
    if dau_is_share(book) and "daily_active_users" not in book.results:
        return None
    first, *rest = book.per_day("writes_per_user", "writes each")
    return [
        book.term("", "daily_active_users", "DAU"),
        Step("x", first.text, first.factor, first.source),
        *rest,
    ]


def derive_bandwidth(book: Workbook) -> None:
    if book.has("write_qps", "write_size"):
        steps = [book.term("", "write_qps", "writes"), book.term("x", "write_size", "per write")]
        book.add("ingress_bandwidth", "ingress (writes)", BANDWIDTH, steps, BYTE_RATE)
    size = _read_size(book)
    if book.has("read_qps") and size:
        steps = [book.term("", "read_qps", "reads"), book.term("x", size, "per read")]
        book.add("egress_bandwidth", "egress (reads)", BANDWIDTH, steps, BYTE_RATE)


def derive_cache(book: Workbook) -> None:
    size = _read_size(book)
    if not (book.has("read_qps", "cache_ratio") and size):
        return
    steps = [
        book.term("", "read_qps", "reads"),
        Step("x", "86,400 s/day", SECONDS_PER_DAY, "constant"),
        book.share("x", "cache_ratio", "cached"),
        book.term("x", size, "per read"),
    ]
    book.add("cache_memory", "cache (hot reads)", MEMORY, steps, BYTES)


def _read_size(book: Workbook) -> str | None:
    """read_size, which defaults to write_size."""
    for name in ("read_size", "write_size"):
        if book.has(name):
            return name
    return None
