"""Storage, bandwidth and memory figures."""

from __future__ import annotations

from coach.estimate.model import Step
from coach.estimate.quantity import BYTE_RATE, BYTES, format_number, format_quantity
from coach.estimate.traffic import dau_is_share, dau_known
from coach.estimate.units import MONTH_DAYS, SECONDS_PER_DAY, YEAR_DAYS
from coach.estimate.workbook import Workbook

STORAGE = "Storage"
BANDWIDTH = "Bandwidth"
MEMORY = "Memory"


def derive_storage(book: Workbook) -> None:
    _written(book)
    _catalogue(book)


def _written(book: Workbook) -> None:
    """Storage per day, month, year and retention; with replication, one copy too.

    The one-copy figures ("raw" storage) are what most worked examples quote first
    ("150 GB/day, ~270 TB over 5 years, ~0.8 PB with 3 replicas").
    """
    daily = _writes_per_day(book)
    if daily is None or not book.has("write_size"):
        return
    steps = [*daily, book.term("x", "write_size", "per write")]
    if book.has("replication") and book.value("replication") != 1:
        title = "1 copy per day"
        if book.add("raw_storage_per_day", title, STORAGE, steps, BYTES, period="day") is None:
            return
        steps = [
            book.term("", "raw_storage_per_day"),
            book.term("x", "replication", "replicas"),
        ]
    if book.add("storage_per_day", "storage per day", STORAGE, steps, BYTES, period="day") is None:
        return
    raw = "raw_storage_per_day" in book.results
    book.add(
        "storage_per_month",
        "storage per month",
        STORAGE,
        [book.term("", "storage_per_day"), _days_per("month", MONTH_DAYS)],
        BYTES,
        period="month",
    )
    copies = [("raw_", "1 copy"), ("", "storage")] if raw else [("", "storage")]
    for prefix, what in copies:
        per_day = book.term("", f"{prefix}storage_per_day")
        steps = [per_day, _days_per("year", YEAR_DAYS)]
        title = f"{what} per year"
        book.add(f"{prefix}storage_per_year", title, STORAGE, steps, BYTES, period="year")
    if book.has("retention"):
        step, shown = _retention(book)
        for prefix, what in copies:
            steps = [book.term("", f"{prefix}storage_per_day"), step]
            book.add(f"{prefix}storage_total", f"{what} for {shown}", STORAGE, steps, BYTES)


def _days_per(period: str, days: int) -> Step:
    return Step("x", f"{days} days/{period}", days, "constant", f"day/{period}")


def _retention(book: Workbook) -> tuple[Step, str]:
    """ "x 1,825 days (5 years)": the retention as days, and as the user wrote it."""
    retention = book.q("retention")
    days = retention.value / SECONDS_PER_DAY
    shown = format_quantity(retention, 3)
    text = f"{format_number(days, 4)} days"
    if not shown.endswith(("day", "days")):
        text += f" ({shown})"
    return Step("x", text, days, "retention", "day"), shown


def _catalogue(book: Workbook) -> None:
    """Data held whole rather than written by the users: a video or product catalogue."""
    if book.has("catalogue_size", "catalogue_item_size"):
        steps = [
            book.term("", "catalogue_size", "items"),
            book.term("x", "catalogue_item_size", "per item"),
        ]
        book.add("catalogue_storage", "catalogue", STORAGE, steps, BYTES)


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
        Step("x", first.text, first.factor, first.source, first.unit),
        *rest,
    ]


def derive_bandwidth(book: Workbook) -> None:
    """Bandwidth in and out, on average and at the peak."""
    size = _read_size(book)
    for name, title, rate, size_name, words in (
        ("ingress_bandwidth", "ingress (writes)", "write_qps", "write_size", "writes"),
        ("peak_ingress_bandwidth", "ingress at peak", "peak_write_qps", "write_size", "writes"),
        ("egress_bandwidth", "egress (reads)", "read_qps", size, "reads"),
        ("peak_egress_bandwidth", "egress at peak", "peak_read_qps", size, "reads"),
    ):
        if size_name and book.has(rate, size_name):
            per = "per write" if words == "writes" else "per read"
            steps = [book.term("", rate, words), book.term("x", size_name, per)]
            book.add(name, title, BANDWIDTH, steps, BYTE_RATE)


def derive_cache(book: Workbook) -> None:
    size = _read_size(book)
    if book.has("read_qps", "cache_ratio") and size:
        steps = [
            book.term("", "read_qps", "reads"),
            Step("x", "1 day", SECONDS_PER_DAY, "constant", "second"),
            book.share("x", "cache_ratio", "cached"),
            book.term("x", size, "per read"),
        ]
        book.add("cache_memory", "cache (hot reads)", MEMORY, steps, BYTES)
    _timelines(book)


def _timelines(book: Workbook) -> None:
    """Precomputed home timelines (feeds) of the daily users, held in memory."""
    if dau_known(book) and book.has("timeline_length", "timeline_entry_size"):
        steps = [
            book.term("", "daily_active_users", "timelines (DAU)"),
            book.term("x", "timeline_length", "entries each"),
            book.term("x", "timeline_entry_size", "per entry"),
        ]
        book.add("timeline_memory", "timelines in memory", MEMORY, steps, BYTES)


def _read_size(book: Workbook) -> str | None:
    """read_size, which defaults to write_size."""
    for name in ("read_size", "write_size"):
        if book.has(name):
            return name
    return None
