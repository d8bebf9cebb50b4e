"""Window by window, and redoing a window when a client retry falls inside it.

A client retry re-enters at the front at the moment an attempt times out
(deadline + backoff) or fails (then + backoff), and within a window the
front is simulated before the stations that find the failure. A window that
finds retries due before its end is therefore redone, random streams and
all, with those retries arriving at the front at their moments. Redone, it
may find a slightly different set (the retries change what comes after
them); it is redone until the retries it finds are the retries it was given.
That is exact, and it ends: each pass is right at least up to the first
retry the previous pass got wrong, so the passes agree sooner or later.
While retries are rare, a window stops at the first one it finds and is cut
there instead, the retry starting the next window: that wastes less than a
redo.

Once a window has had to be redone, the next ones are at most a timeout
plus the backoff long (when that still holds a fair number of arrivals): a
retry comes at least that long after its attempt began, so only attempts
begun in earlier windows, and still on their way, can send a retry into
such a window. In a retry storm most attempts time out at the overloaded
tier, long before their deadline, so a window is seldom done more than
twice. A mixin of `Batch` (`batch.py`).
"""

from __future__ import annotations

from typing import Any

from coach.simulate.result import busy_before

INF = float("inf")
WINDOW = 8192  # arrivals per window
MIN_SPAN = 256  # arrivals a window bounded by the timeout must hold, or it is not bounded
MIN_SPACING = 1000  # arrivals per redo below which unbounded windows go to the event engine
MAX_PASSES = 6  # then the window is cut at the first retry (and the next starts with it)
GIVE_UP = 64  # passes of one window after which the event engine runs instead (never seen)
BOUNDED = 32  # windows bounded by the timeout after one that had to be redone


class Feedback(Exception):
    """This run needs the event engine."""


class Early(Exception):
    """A retry is due at `at`, inside the window (raised while retries are rare)."""

    def __init__(self, at: float) -> None:
        self.at = at


class Windows:
    """`Batch`'s windows and rollbacks; uses everything the batch keeps."""

    requests: int
    cursor: int
    retries: list[Any]
    inbox: Any
    doomed: list[Any]
    max_attempt: int
    plan: Any
    progress: Any
    stats: dict[str, list[float]]
    expected: float
    arrivals: Any
    topology: Any
    timeout: float
    backoff: float
    states: list[Any]
    injected: dict[Any, Any]
    late: dict[Any, Any]
    memo: dict[int, Any]
    stop_early: bool
    pass_no: int
    busy_window: list[float] | None
    _compact_jobs: Any

    def _windows(self) -> None:
        span = self.timeout + self.backoff
        if self.topology.design.load.rps * span / 1000.0 < MIN_SPAN:
            span = INF
        start = 0.0
        self.passes = 0
        bounded = 0  # windows left to bound by `span`, after one had to be redone
        redos = 0
        # a window ends at the last arrival, where the busy time inside the arrival
        # window is taken (`result.busy_before`)
        last = float(self.arrivals[-1]) if self.requests else INF
        while self.cursor < self.requests or self.retries or not self.inbox.empty() or self.doomed:
            self._apply_faults(start)
            for state in self.states:
                state.compact()
            self._compact_jobs()
            end = min(self._window_end(WINDOW), self.plan.next_time())
            if bounded:
                end = min(end, start + span)
                bounded -= 1
            elif end == INF and self.max_attempt:
                # the last arrivals and what is left of them: a backlog in one window would
                # be done again whole for a retry, and saved whole for that
                end = start + (span if span < INF else self.timeout + self.backoff)
            if start < last:
                end = min(end, last)
            end, redone = self._settle(start, end, calm=not bounded)
            if end == last:
                slots = [state.slots for state in self.states]
                self.busy_window = busy_before(self.stats["busy"], slots, last, self.plan.kill_at)
            if redone:
                bounded = BOUNDED
                redos += 1
                if span == INF and redos >= 8 and self.cursor < MIN_SPACING * redos:
                    raise Feedback  # frequent retries, and windows too short to bound by them
            start = end
            if self.progress is not None:
                self.progress(min(sum(self.stats["visits"]) / self.expected, 1.0))

    def _settle(self, start: float, end: float, *, calm: bool) -> tuple[float, bool]:
        """Simulate the window from `start` to `end` until the retries it finds due inside it
        are those it was given; returns where it ended, and whether it was done again.
        While retries are `calm` (rare), the window ends at the first one instead."""
        saved = self._snapshot() if self.max_attempt > 0 else None
        self.injected, self.memo = {}, {}
        self.stop_early = calm
        passes, redone = 0, False
        while True:
            self.late = {}
            passes += 1
            self.pass_no += 1
            try:
                self._window(end)
            except Early as early:
                self._restore(saved)
                redone = True  # retries come: the next windows are bounded
                if early.at > start:
                    end = early.at  # the retry starts the next window
                else:
                    self.stop_early = False  # redo it, finding every retry due
                continue
            if _same(self.late, self.injected):
                break
            if saved is None or passes >= GIVE_UP:
                raise Feedback
            self._restore(saved)
            redone = True
            first = min((item[0] for item in self.late.values()), default=start)
            if first > start and passes >= MAX_PASSES:
                end, self.injected = first, {}  # the retry starts the next window
            else:
                self.injected = self.late
        self.passes += passes
        return end, redone

    def _window_end(self, size: int) -> float:
        if self.cursor + size >= self.requests:
            return INF
        return float(self.arrivals[self.cursor + size])

    def _snapshot(self) -> dict[str, Any]:
        streams = [self.fork_stream, *self.service, *self.uniform]
        return {
            "states": [s.mark() for s in self.states],
            "route_rng": self.rngs[1].bit_generator.state,
            "streams": [s.mark() for s in streams],
            "count": self.jobs.count,
            "inbox": self.inbox.mark(),
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
        for state, mark in zip(self.states, saved["states"], strict=True):
            state.rewind(mark)
        self.rngs[1].bit_generator.state = saved["route_rng"]
        streams = [self.fork_stream, *self.service, *self.uniform]
        for stream, mark in zip(streams, saved["streams"], strict=False):
            stream.rewind(mark)
        self.inbox.rewind(saved["inbox"])
        self.jobs.count = saved["count"]
        self.retries = list(saved["retries"])
        self.doomed = list(saved["doomed"])
        self.seq, self.sent, self.cursor, self.failed = saved["numbers"]
        self.stats = {k: list(v) for k, v in saved["stats"].items()}
        lat, asy, tr, ans = saved["lengths"]
        del self.latencies[lat:], self.async_latencies[asy:], self.traces[tr:], self.answered[ans:]


def _same(found: dict[Any, Any], assumed: dict[Any, Any]) -> bool:
    """Did the window find the very retries it was redone with (their times included)?"""
    if found.keys() != assumed.keys():
        return False
    return all(found[k][0] == assumed[k][0] and found[k][5] == assumed[k][5] for k in found)
