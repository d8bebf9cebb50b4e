"""The event engine's rarer paths: client retries, node failures and recoveries.

A mixin of `Engine` (`events.py`), kept apart so the hot loop stays short.

A timeout is settled when the visit that overruns the client's deadline is
scheduled, not when the deadline comes: the attempt is marked abandoned and
its retry queued at `deadline + backoff` at once, which spares a heap entry
per timeout. Only a node failure can happen in between; it then takes the
timeout back (the retry is cancelled, the count undone) and the attempt
fails at the crash instead, as if the deadline had never been reached.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from coach.simulate.design import Design
from coach.simulate.event_queue import Calendar

if TYPE_CHECKING:
    from coach.simulate.topology import Route, Topology

INF = float("inf")
# a job is a list: [stations, position, t0, deadline, attempt, mode, route, retry]
# (`retry`: the retry its timeout queued, for a crash to cancel)
MODE, PENDING = 5, 7
# job modes: the client waits / gave up / nobody waits (async) / lost; a fault event
LIVE, ORPHAN, ASYNC, DEAD, FAULT = 0, 1, 2, 3, 4
DOWN, UP = 0, 1
PRUNE = 256  # in-flight records a node keeps before forgetting the finished ones


class Faults:
    """Retries and node failures for `Engine`; uses its counters and calendar."""

    topology: Topology
    cal: Calendar
    max_attempt: int
    backoff: float
    timeout: float
    retries: int
    failed: int
    nodes: list[int]
    concurrency: list[int]
    down: list[int]
    up: list[list[int]]
    slots: list[list[list[float]]]
    waiting: list[list[Any]]
    conn_heap: list[list[tuple[float, int]]]
    heads: list[list[tuple[float, int]]]
    queued: list[list[Any]]
    conns: list[list[int]]
    inflight: list[list[list[list[Any]]]]
    busy: list[float]
    wait_sum: list[float]
    errors: list[int]
    timeouts: list[int]
    outages: list[list[list[float]]]

    def _schedule_faults(self, design: Design) -> None:
        for fault in design.faults:
            for st in self.topology.stations_of(fault.component):
                count = fault.replicas if st.pool == "replicas" else fault.nodes
                if count:
                    start = fault.at_s * 1000.0
                    self.cal.push(start, _fault_event(DOWN, st.index, count))
                    self.cal.push(start + fault.for_s * 1000.0, _fault_event(UP, st.index, count))

    def _retry(self, route: Route, t0: float, attempt: int, now: float) -> list[Any] | None:
        """An attempt failed at `now`: queue another if the client has attempts left."""
        if attempt >= self.max_attempt:
            self.failed += 1
            return None
        self.retries += 1
        when = now + self.backoff
        job = [route.stations, 0, t0, when + self.timeout, attempt + 1, LIVE, route, None]
        self.cal.push(when, job)
        return job

    def _fail_node(self, st: int, node: int, now: float) -> None:
        """A node crashes: what waits or runs on it is lost; it comes back empty."""
        for rec in self.inflight[st][node]:
            fin, start, job = rec[0], rec[1], rec[5]
            if fin <= now or job[MODE] == DEAD:
                continue
            self.busy[st] -= fin - max(start, now)
            self.wait_sum[st] -= max(0.0, start - now)
            rec[0] = now
            rec[1] = min(start, now)
            mode = job[MODE]
            if mode == ORPHAN and job[3] >= now:  # its timeout was settled early: take it back
                self.timeouts[st] -= 1
                retry = job[PENDING]
                if retry is None:
                    self.failed -= 1
                else:
                    retry[MODE] = DEAD
                    self.retries -= 1
                mode = LIVE
            job[MODE] = DEAD
            self.errors[st] += 1
            if mode == LIVE:
                self._retry(job[6], job[2], job[4], now)
        self.inflight[st][node] = []
        self.slots[st][node] = [0.0] * self.concurrency[st]  # empty: free at once
        self.waiting[st][node].clear()
        for heap in (self.conn_heap[st], self.heads[st]):
            heap[:] = [e for e in heap if e[1] != node]
            heapq.heapify(heap)
        self.queued[st][node].clear()
        self.conns[st][node] = 0

    def _on_fault(self, now: float, kind: int, st: int, count: int) -> None:
        nodes = self.nodes[st]
        before = min(self.down[st], nodes)
        self.down[st] += count if kind == DOWN else -count
        after = min(self.down[st], nodes)
        for node in range(before, after):
            self._fail_node(st, node, now)
            self.outages[st].append([node, now, INF])
        for outage in self.outages[st]:
            if outage[2] == INF and after <= outage[0] < before:
                outage[2] = now
        # the lowest-numbered nodes are the ones down, so `up` stays in order
        self.up[st][:] = range(after, nodes)


def _fault_event(kind: int, st: int, count: int) -> list[Any]:
    return [(), 0, 0.0, INF, 0, FAULT, (kind, st, count), None]


def prune(records: list[list[Any]], now: float) -> int:
    """Forget the work that has finished; returns the next length to prune at."""
    records[:] = [r for r in records if r[0] > now]
    return max(PRUNE, 2 * len(records))
