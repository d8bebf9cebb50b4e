"""Window by window, and rolling a window back when a client retry falls inside it.

A client retry re-enters at the front at the moment an attempt times out or
is refused, and the front is already done for the window. When a window
finds a retry due before its end, it is rolled back, random streams
included, and redone up to that moment; the retry then arrives in the next
window like any other request. Rewinding the streams keeps the result
exact: the redone part replays the same numbers, and the moment it stops at
depends only on the part replayed. Frequent retries (every thousand requests
or more often) are left to the event engine: rollbacks would cost more than
they save. A mixin of `Batch` (`batch.py`).
"""

from __future__ import annotations

from typing import Any

from coach.simulate.result import busy_before

INF = float("inf")
WINDOW, MIN_WINDOW = 8192, 512  # arrivals per window
MIN_SPACING = 1000  # arrivals between retries below which the event engine is faster


class Feedback(Exception):
    """This run needs the event engine (too many rollbacks, or a retry with no time to roll to)."""


class Shrink(Exception):
    """A retry is due at `at`, inside the window being simulated."""

    def __init__(self, at: float) -> None:
        self.at = at


class Windows:
    """`Batch`'s windows and rollbacks; uses everything the batch keeps."""

    requests: int
    cursor: int
    retries: list[Any]
    active: Any
    doomed: list[Any]
    max_attempt: int
    plan: Any
    progress: Any
    stats: dict[str, list[float]]
    expected: float
    arrivals: Any
    busy_window: list[float] | None

    def _windows(self) -> None:
        feedback = self.max_attempt > 0
        size = WINDOW
        start, rollbacks = 0.0, 0
        # a window ends at the last arrival, where the busy time inside the arrival
        # window is taken (`result.busy_before`)
        mark = float(self.arrivals[-1]) if self.requests else INF
        while self.cursor < self.requests or self.retries or len(self.active) or self.doomed:
            self._apply_faults(start)
            end = min(self._window_end(size), self.plan.next_time())
            if start < mark:
                end = min(end, mark)
            saved = self._snapshot() if feedback else None
            grow = True
            while True:
                try:
                    self._window(end)
                    break
                except Shrink as shrink:
                    if saved is None or shrink.at <= start:
                        raise Feedback from None
                    rollbacks += 1
                    self._restore(saved)
                    end = shrink.at
                    # Windows about half the distance between retries waste little. When
                    # retries come every few thousand requests or more often, rollbacks
                    # cost more than they save: the event engine takes over.
                    spacing = max(self.cursor, 1) / rollbacks
                    if rollbacks >= 8 and spacing < MIN_SPACING:
                        raise Feedback from None
                    size, grow = max(MIN_WINDOW, min(WINDOW, int(spacing / 2))), False
            if grow:
                size = min(WINDOW, size * 2)
            if end == mark:
                slots = [state.slots for state in self.states]
                self.busy_window = busy_before(self.stats["busy"], slots, mark, self.plan.kill_at)
            start = end
            if self.progress is not None:
                self.progress(min(sum(self.stats["visits"]) / self.expected, 1.0))

    def _window_end(self, size: int) -> float:
        if self.cursor + size >= self.requests:
            return INF
        return float(self.arrivals[self.cursor + size])

    def _snapshot(self) -> dict[str, Any]:
        jobs, act = self.jobs, self.active
        streams = [self.fork_stream, *self.service, *self.uniform]
        return {
            "states": [s.copy() for s in self.states],
            "route_rng": self.rngs[1].bit_generator.state,
            "streams": [s.mark() for s in streams],
            "count": jobs.count,
            "active": act.copy(),
            "rows": {k: jobs[k][act].copy() for k in ("now", "pos", "state", "prev", "rank")},
            "retries": list(self.retries),
            "doomed": list(self.doomed),
            "numbers": (self.seq, self.sent, self.cursor, self.failed),
            "stats": {k: list(v) for k, v in self.stats.items()},
            "lengths": (
                len(self.latencies),
                len(self.async_latencies),
                len(self.traces),
                len(self.answered),
            ),
        }

    def _restore(self, saved: dict[str, Any]) -> None:
        self.states = [s.copy() for s in saved["states"]]
        self.rngs[1].bit_generator.state = saved["route_rng"]
        streams = [self.fork_stream, *self.service, *self.uniform]
        for stream, mark in zip(streams, saved["streams"], strict=False):
            stream.rewind(mark)
        self.jobs.count = saved["count"]
        self.active = saved["active"].copy()
        for k, values in saved["rows"].items():
            self.jobs[k][self.active] = values
        self.retries = list(saved["retries"])
        self.doomed = list(saved["doomed"])
        self.seq, self.sent, self.cursor, self.failed = saved["numbers"]
        self.stats = {k: list(v) for k, v in saved["stats"].items()}
        lat, asy, tr, ans = saved["lengths"]
        del self.latencies[lat:], self.async_latencies[asy:], self.traces[tr:], self.answered[ans:]
