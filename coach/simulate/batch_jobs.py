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

    def compact(self, keep: np.ndarray) -> None:
        """Keep only the jobs `keep` (sorted ids), renumbered 0, 1, 2... in that order."""
        for column in self.cols.values():
            column[: len(keep)] = column[keep]
        self.count = len(keep)


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


SAVED = ("now", "pos", "state", "prev", "rank")  # the columns a window changes


class Inboxes:
    """Per station, the jobs whose next visit is there, in chunks of (arrival times, ids).

    A window takes from a station only the jobs arriving before its end. Most of a
    chunk is usually taken in the window that made it, by a comparison; a chunk that
    stays (a backlog: requests queued far into the future) is sorted once by arrival
    and then taken from by a search, so it costs nothing until its turn comes. Chunks
    are never changed in place: a copy of the lists is a snapshot. With `undo` on,
    the columns of every job taken are saved first, so a window can be rolled back
    by restoring them (every job a window changes is one it took, or one it made).
    """

    MERGE = 8  # chunks a station keeps before merging them into one, sorted
    SORT = 2048  # a chunk at least this long is sorted when most of it stays

    def __init__(self, np: Any, jobs: Jobs, stations: int) -> None:
        self.np = np
        self.jobs = jobs
        # per station: (times, ids, sorted)
        self.chunks: list[list[tuple[np.ndarray, np.ndarray, bool]]] = [[] for _ in range(stations)]
        self.undo: list[tuple[np.ndarray, list[np.ndarray]]] | None = None

    def put(self, st: int, ids: np.ndarray, times: np.ndarray) -> None:
        if len(ids):
            self.chunks[st].append((times, ids, False))

    def put_routed(self, ids: np.ndarray, stations: np.ndarray, times: np.ndarray) -> None:
        """Jobs going to different stations."""
        np = self.np
        if not len(ids):
            return
        first = int(stations[0])
        if (stations == first).all():
            self.put(first, ids, times)
            return
        for st in np.flatnonzero(np.bincount(stations)).tolist():
            mine = stations == st
            self.put(st, ids[mine], times[mine])

    def take(self, stations: list[int], end: float) -> np.ndarray:
        """Jobs arriving at `stations` before `end`, taken out."""
        np = self.np
        parts = []
        for st in stations:
            kept = []
            for times, ids, ordered in self.chunks[st]:
                if not ordered:
                    early = times < end
                    count = int(np.count_nonzero(early))
                    if count == len(ids):
                        parts.append(ids)
                        continue
                    if count:
                        parts.append(ids[early])
                        times, ids = times[~early], ids[~early]
                    if len(ids) >= self.SORT:
                        order = np.argsort(times, kind="stable")
                        kept.append((times[order], ids[order], True))
                    else:
                        kept.append((times, ids, False))
                    continue
                cut = int(np.searchsorted(times, end, side="left"))
                if cut:
                    parts.append(ids[:cut])
                if cut < len(ids):
                    kept.append((times[cut:], ids[cut:], True))
            if len(kept) > self.MERGE:
                kept = self._merged(kept)
            self.chunks[st] = kept
        if not parts:
            return np.zeros(0, dtype=np.int64)
        taken = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if self.undo is not None:
            self.undo.append((taken, [self.jobs[c][taken] for c in SAVED]))
        return taken

    def _merged(
        self, chunks: list[tuple[np.ndarray, np.ndarray, bool]]
    ) -> list[tuple[np.ndarray, np.ndarray, bool]]:
        """The shorter chunks merged into one, sorted; a chunk longer than all the shorter
        ones together stays as it is. A backlog far into the future (the inbox behind an
        overloaded tier) is thus not sorted again each time a few windows join it: a
        visit is merged again only when the chunks beside it have grown as long as its
        own, a few times in all."""
        np = self.np
        chunks = sorted(chunks, key=lambda c: len(c[1]), reverse=True)
        shorter = sum(len(c[1]) for c in chunks)
        stay = 0
        for times, _, _ in chunks[:-2]:
            shorter -= len(times)
            if len(times) <= shorter:
                break
            stay += 1
        merging = chunks[stay:]
        times = np.concatenate([c[0] for c in merging])
        ids = np.concatenate([c[1] for c in merging])
        order = np.argsort(times, kind="stable")
        return [*chunks[:stay], (times[order], ids[order], True)]

    def empty(self) -> bool:
        return not any(self.chunks)

    def ids(self) -> list[np.ndarray]:
        """The ids of every job waiting in an inbox."""
        return [ids for chunks in self.chunks for _, ids, _ in chunks]

    def renumber(self, keep: np.ndarray) -> None:
        """After `Jobs.compact(keep)`: each id becomes its place in `keep`. The order of
        the ids is unchanged, so is every order made from them."""
        np = self.np
        self.chunks = [
            [(times, np.searchsorted(keep, ids), ordered) for times, ids, ordered in chunks]
            for chunks in self.chunks
        ]
        if self.undo is not None:
            self.undo = []  # a window's, and windows start after a compaction

    def mark(self) -> list[list[tuple[np.ndarray, np.ndarray, bool]]]:
        """A snapshot; also starts saving what the window changes."""
        self.undo = []
        return [list(c) for c in self.chunks]

    def rewind(self, mark: list[list[tuple[np.ndarray, np.ndarray, bool]]]) -> None:
        self.chunks = [list(c) for c in mark]
        for ids, values in reversed(self.undo or []):
            for column, value in zip(SAVED, values, strict=True):
                self.jobs[column][ids] = value
        self.undo = []
