"""Plain verdicts on headroom from the capacity figures."""

from __future__ import annotations

from coach.estimate.model import Verdict
from coach.estimate.quantity import BYTE_RATE, COUNT, Quantity, Style, format_quantity
from coach.estimate.workbook import Workbook, bits_per_second

OK_BELOW = 0.7  # above 70% of a limit is tight: bursts and failures eat the rest


def status(used: float, limit: float) -> str:
    share = used / limit if limit else float("inf")
    if share <= OK_BELOW:
        return "ok"
    return "tight" if share <= 1 else "over"


def _show(book: Workbook, name: str) -> str:
    if name in book.results:
        return format_quantity(book.q(name), 3)
    return book.input_text(name)


def _percent(value: float) -> str:
    return format_quantity(Quantity(value, COUNT, Style(percent=True)), 2)


def derive_verdicts(book: Workbook) -> list[Verdict]:
    found = [_connections(book), _retries(book), _memory(book), _bandwidth(book), _headroom(book)]
    return [verdict for group in found for verdict in group]


def _usable(book: Workbook) -> str | None:
    for name in ("usable_connections", "connection_capacity"):
        if name in book.results:
            return name
    return None


def _connections(book: Workbook) -> list[Verdict]:
    usable = _usable(book)
    if usable is None or "requests_in_flight" not in book.results:
        return []
    used, limit = book.value("requests_in_flight"), book.value(usable)
    state = status(used, limit)
    advice = {"ok": "room to spare", "tight": "little room for bursts", "over": "add nodes"}[state]
    text = (
        f"{_show(book, 'requests_in_flight')} requests in flight use "
        f"{_percent(used / limit)} of {_show(book, usable)} usable connections: {advice}."
    )
    return [Verdict("connections", state, text)]


def _retries(book: Workbook) -> list[Verdict]:
    verdicts = []
    usable = _usable(book)
    if usable and "retry_in_flight" in book.results:
        used, limit = book.value("retry_in_flight"), book.value(usable)
        state = status(used, limit)
        fits = "fits" if used <= limit else "does not fit"
        text = (
            f"if failed requests are retried, {_show(book, 'retry_rps')} puts "
            f"{_show(book, 'retry_in_flight')} requests in flight against {_show(book, usable)} "
            f"usable connections: a retry storm {fits}"
        )
        if state != "ok":
            text += "; cap retries with a budget and backoff, or add nodes"
        verdicts.append(Verdict("retries", state, text + "."))
    if "retry_latency" in book.results and book.has("target_latency"):
        text = (
            f"a request that fails and is retried takes up to {_show(book, 'retry_latency')}, "
            f"over the {_show(book, 'target_latency')} target: time out early or hedge."
        )
        verdicts.append(Verdict("retry latency", "info", text))
    return verdicts


def _memory(book: Workbook) -> list[Verdict]:
    if not book.has("ram_per_node"):
        return []
    parts = [n for n in ("buffer_memory_per_node", "payload_memory_per_node") if n in book.results]
    if not parts:
        return []
    used = sum(book.value(n) for n in parts)
    ram = book.value("ram_per_node")
    pieces = {
        "buffer_memory_per_node": "connection buffers",
        "payload_memory_per_node": "max payloads in flight",
    }
    listed = " + ".join(f"{_show(book, n)} {pieces[n]}" for n in parts)
    state = status(used, ram)
    text = f"{listed} per node use {_percent(used / ram)} of {_show(book, 'ram_per_node')} RAM."
    return [Verdict("memory", state, text)]


def _bandwidth(book: Workbook) -> list[Verdict]:
    if "request_bandwidth" not in book.results and "worst_case_bandwidth" not in book.results:
        return []
    pieces = []
    if "request_bandwidth" in book.results:
        value = book.value("request_bandwidth")
        pieces.append(f"{_show(book, 'request_bandwidth')} ({bits_per_second(value)}) on average")
    if "worst_case_bandwidth" in book.results:
        value = book.value("worst_case_bandwidth")
        worst = f"{_show(book, 'worst_case_bandwidth')} ({bits_per_second(value)})"
        if book.has("nodes"):
            per_node = value / book.value("nodes")
            node = format_quantity(Quantity(per_node, BYTE_RATE), 2)
            worst += f", {node} ({bits_per_second(per_node)}) per node,"
        pieces.append(f"{worst} if every request carried the maximum payload")
    return [Verdict("bandwidth", "info", "; ".join(pieces) + ".")]


def _headroom(book: Workbook) -> list[Verdict]:
    if "headroom" not in book.results:
        return []
    headroom = book.value("headroom")
    state = status(1, headroom)
    limit = f"{_show(book, 'max_rps')} at {_show(book, 'target_latency')} per request"
    if headroom >= 1:
        text = f"about {book.results['headroom'].display} on connections: they allow {limit}"
        if "buffer_memory_share" in book.results and book.value("buffer_memory_share") < 0.5:
            text += "; memory is not the limit"
    else:
        text = (
            f"none: connections allow {limit}, {book.results['headroom'].display} of the load; "
            "add nodes or connections, or cut the latency"
        )
    return [Verdict("headroom", state, text + ".")]
