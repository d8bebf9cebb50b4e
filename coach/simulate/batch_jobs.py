"""Jobs as columns of arrays, and visit traces, for the queue-by-queue engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.simulate.result import StationTrace

if TYPE_CHECKING:
    import numpy as np


class Jobs:
    """Requests, retries and asynchronous work as columns of growable arrays."""

    COLUMNS = (
        ("rid", "int64"),
        ("pos", "int64"),
        ("now", "float64"),
        ("t0", "float64"),
        ("deadline", "float64"),
        ("attempt", "int64"),
        ("state", "int8"),
        ("prev", "float64"),  # when the job's last step was taken (orders equal arrivals)
        ("rank", "int64"),  # and in which order, among the steps taken then
    )

    def __init__(self, np: Any, capacity: int) -> None:
        self.np = np
        self.count = 0
        self.cols = {name: np.zeros(max(capacity, 16), dtype=kind) for name, kind in self.COLUMNS}

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    def add(self, **values: Any) -> np.ndarray:
        np = self.np
        size = len(np.atleast_1d(values["now"]))
        needed = self.count + size
        if needed > len(self.cols["now"]):
            grown = max(needed, 2 * len(self.cols["now"]))
            for name, column in self.cols.items():
                bigger = np.zeros(grown, dtype=column.dtype)
                bigger[: self.count] = column[: self.count]
                self.cols[name] = bigger
        for name, _ in self.COLUMNS:
            self.cols[name][self.count : needed] = values.get(name, 0)
        ids = np.arange(self.count, needed)
        self.count = needed
        return ids


def one_visit(np: Any, arrive: float, start: float, finish: float, node: int) -> StationTrace:
    return StationTrace(np.array([arrive]), np.array([start]), np.array([finish]), np.array([node]))


def merge_traces(np: Any, traces: list[tuple[int, StationTrace]]) -> dict[int, StationTrace]:
    by_station: dict[int, list[StationTrace]] = {}
    for st, part in traces:
        by_station.setdefault(st, []).append(part)
    merged = {}
    for st, parts in by_station.items():
        merged[st] = StationTrace(
            *(
                np.concatenate([getattr(p, f) for p in parts])
                for f in ("arrive", "start", "finish", "node")
            )
        )
    return merged
