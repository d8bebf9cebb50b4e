"""What an engine run measured, before it is summarised into a report."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StationTrace:
    """Every visit to one station (for tests): arrival, start, finish, node."""

    arrive: Any  # numpy arrays, one entry per visit
    start: Any
    finish: Any
    node: Any


@dataclass
class RawResult:
    requests: int
    latencies: Sequence[float]  # ms, one per request that succeeded
    async_latencies: Sequence[float]  # ms from the enqueue to the end of the async work
    failed: int  # requests that got no answer after every attempt
    attempts: int  # attempts sent by clients (requests + retries)
    duration_ms: float
    busy: list[float]  # per station: slot-ms spent serving
    wait_sum: list[float]  # per station: ms spent queueing, summed over visits
    visits: list[int]  # per station: visits served (not dropped)
    dropped: list[int]  # per station: visits refused by a full queue
    errors: list[int]  # per station: visits lost to a failed node or no node up
    timeouts: list[int]  # per station: attempts whose client timeout fired there
    engine: str  # "batch" or "event"
    lost_node_ms: list[float] = field(default_factory=list)  # per station: node-ms down
    last_arrival_ms: float = 0.0
    answered_at: Sequence[float] = ()  # ms: when each successful request was answered
    trace: dict[int, StationTrace] | None = None
    # per station: slot-ms of service inside the arrival window [0, last_arrival_ms]
    busy_window: list[float] | None = None


def busy_before(
    busy: list[float],
    slots: Sequence[Sequence[Sequence[float]]],
    at: float,
    kill_at: dict[int, list[float]] | None = None,
) -> list[float]:
    """Slot-ms of service inside [0, at] per station, taken at the moment `at`.

    `busy` is the service of every visit scheduled so far, in full, and
    `slots[station][node]` when each slot falls free. Every visit scheduled so
    far arrived by `at`, so a slot still busy at `at` stays busy until it falls
    free: its part after `at` is that gap. A node that fails first (`kill_at`,
    per station and node) stops there.
    """
    inside = []
    for st, nodes in enumerate(slots):
        kills = kill_at.get(st) if kill_at else None
        after = 0.0
        for node, frees in enumerate(nodes):
            stop = kills[node] if kills else math.inf
            after += sum(max(min(free, stop) - at, 0.0) for free in frees)
        inside.append(busy[st] - after)
    return inside


def traces_from_records(records: list[list[Any]]) -> dict[int, StationTrace]:
    """The event engine's visit records, [finish, start, arrive, station, node, ...], by station."""
    import numpy as np

    by_station: dict[int, list[list[Any]]] = {}
    for rec in records:
        by_station.setdefault(rec[3], []).append(rec)
    traces = {}
    for st, recs in by_station.items():
        recs.sort(key=lambda r: r[2])
        columns = list(zip(*recs, strict=False))
        traces[st] = StationTrace(
            np.array(columns[2]), np.array(columns[1]), np.array(columns[0]), np.array(columns[4])
        )
    return traces
