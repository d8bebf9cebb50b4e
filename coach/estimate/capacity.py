"""Cluster capacity figures: Little's law against connections, buffers against RAM,
bandwidth at the average and the largest payload, and what retries add.

These apply whenever their inputs are there; the baseline preset supplies them all.
"""

from __future__ import annotations

from dataclasses import replace

from coach.estimate.model import Step
from coach.estimate.quantity import (
    BYTE_RATE,
    BYTES,
    COUNT,
    RATE,
    SECONDS,
    Quantity,
    Style,
    format_number,
    format_quantity,
)
from coach.estimate.traffic import overhead_step, request_rate
from coach.estimate.workbook import Workbook

CONNECTIONS = "Connections"
BANDWIDTH = "Bandwidth"
MEMORY = "Memory"
RETRIES = "Retries"


def derive_capacity(book: Workbook) -> None:
    _bandwidth(book)
    _concurrency(book)
    _memory(book)
    _retries(book)


def _bandwidth(book: Workbook) -> None:
    found = request_rate(book)
    if found is None:
        return
    load, sums = found
    for name, title, size, words in (
        ("request_bandwidth", "bandwidth (average)", "message_size", "per message"),
        ("worst_case_bandwidth", "bandwidth (max payload)", "max_payload", "max payload"),
    ):
        if book.has(size):
            steps = [load, book.term("x", size, words)]
            book.add(name, title, BANDWIDTH, steps, BYTE_RATE, depends=sums)


def _concurrency(book: Workbook) -> None:
    found = request_rate(book)
    if found is not None and book.has("target_latency"):
        load, sums = found
        steps = [load, book.term("x", "target_latency", "target latency")]
        book.add(
            "requests_in_flight",
            "in flight (Little's law)",
            CONNECTIONS,
            steps,
            COUNT,
            depends=sums,
        )
    if not book.has("nodes", "connections_per_node"):
        return
    steps = [book.term("", "nodes", "nodes"), book.term("x", "connections_per_node", "connections")]
    book.add("connection_capacity", "connections", CONNECTIONS, steps, COUNT)
    capacity = "connection_capacity"
    if book.has("coordination_overhead") and book.value("coordination_overhead") > 0:
        overhead = overhead_step(book)
        steps = [book.term("", capacity, "connections"), replace(overhead, op="x")]
        book.add("usable_connections", "usable connections", CONNECTIONS, steps, COUNT)
        capacity = "usable_connections"
    if book.has("requests_in_flight"):
        steps = [
            book.term("", "requests_in_flight", "in flight"),
            book.term("/", capacity, "usable"),
        ]
        book.add(
            "connection_utilization",
            "connections in use",
            CONNECTIONS,
            steps,
            COUNT,
            style=Style(percent=True),
        )
    if book.has("target_latency"):
        steps = [
            book.term("", capacity, "connections"),
            book.term("/", "target_latency", "per request"),
        ]
        book.add("max_rps", "max requests/s", CONNECTIONS, steps, RATE)
        if found is not None and book.has("max_rps"):
            load, sums = found
            steps = [book.term("", "max_rps", "possible"), replace(load, op="/")]
            book.add(
                "headroom",
                "headroom",
                CONNECTIONS,
                steps,
                COUNT,
                style=Style(times=True),
                depends=sums,
            )


def _memory(book: Workbook) -> None:
    if book.has("connections_per_node", "buffer_size"):
        steps = [
            book.term("", "connections_per_node", "connections"),
            book.term("x", "buffer_size", "buffer each"),
        ]
        book.add("buffer_memory_per_node", "buffers per node", MEMORY, steps, BYTES)
    if book.has("requests_in_flight", "nodes", "max_payload"):
        steps = [
            book.term("", "requests_in_flight", "in flight"),
            book.term("/", "nodes", "nodes"),
            book.term("x", "max_payload", "max payload"),
        ]
        book.add("payload_memory_per_node", "payloads per node", MEMORY, steps, BYTES)
    if book.has("ram_per_node") and book.has("buffer_memory_per_node"):
        steps = [
            book.term("", "buffer_memory_per_node", "buffers"),
            book.term("/", "ram_per_node", "RAM"),
        ]
        book.add(
            "buffer_memory_share",
            "RAM for buffers",
            MEMORY,
            steps,
            COUNT,
            style=Style(percent=True),
        )


def _retries(book: Workbook) -> None:
    found = request_rate(book)
    if found is None or not book.has("retries"):
        return
    load, sums = found
    retries = book.value("retries")
    failing = book.value("failure_rate") if book.has("failure_rate") else 1.0
    attempts = 1 + retries * failing
    shown = format_quantity(Quantity(failing, COUNT, Style(percent=True)), 3)
    text = (
        f"{format_number(attempts, 3)} attempts ({format_number(retries)} retry, {shown} failing)"
    )
    steps = [load, Step("x", text, attempts, "retries")]
    book.add("retry_rps", "load with retries", RETRIES, steps, RATE, depends=sums)
    if book.has("target_latency"):
        steps = [
            book.term("", "retry_rps", "requests"),
            book.term("x", "target_latency", "target latency"),
        ]
        book.add("retry_in_flight", "in flight with retries", RETRIES, steps, COUNT)
        tries = 1 + retries
        steps = [
            book.term("", "target_latency", "per attempt"),
            Step("x", f"{format_number(tries)} attempts", tries, "retries"),
        ]
        book.add("retry_latency", "retried latency", RETRIES, steps, SECONDS)
