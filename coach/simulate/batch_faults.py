"""Node failures in the queue-by-queue engine.

Windows end where a fault starts or ends, so inside a window every station
has a fixed set of nodes up and routing picks among them, as in the event
engine. A failure must lose the work on the node at that moment, work that
earlier windows scheduled; but which node fails when is known from the
start, so a visit that will still be on its node when the node fails is
known as soon as it is scheduled. Such a visit is *doomed*: it keeps its
slot until the failure (the visits behind it queue as they would), its busy
and waiting time stop at the failure, it goes no further, and when the
failure comes its client retries, in the order the event engine retries
(node by node, then in arrival order). A mixin of `Batch` (`batch.py`).

Left to the event engine: a failing station that requests loop through
(visit by visit), and a read replica pool that can go entirely down (its
reads move to the primaries, a station the window may have finished).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.simulate.result import StationTrace

if TYPE_CHECKING:
    import numpy as np

    from coach.simulate.topology import Topology

INF = float("inf")
DOWN, UP = 0, 1
LIVE, ORPHAN, ASYNC, DEAD = 0, 1, 2, 3


class FaultPlan:
    """Every fault's start and end, applied in the order the event engine applies them."""

    def __init__(self, topology: Topology) -> None:
        events = []
        for fault in topology.design.faults:
            for st in topology.stations_of(fault.component):
                count = fault.replicas if st.pool == "replicas" else fault.nodes
                if count:
                    start = fault.at_s * 1000.0
                    events.append((start, len(events), DOWN, st.index, count))
                    events.append((start + fault.for_s * 1000.0, len(events), UP, st.index, count))
        self.events = sorted(events)
        self.sizes = [st.nodes for st in topology.stations]
        self.faulty = {e[3] for e in events}
        self.down = [0] * len(self.sizes)
        self.applied = 0
        self.kill_at: dict[int, list[float]] = {st: self._kills(st) for st in self.faulty}

    def next_time(self) -> float:
        return self.events[self.applied][0] if self.applied < len(self.events) else INF

    def lowest_up(self, st: int) -> int:
        """Nodes below this one are down."""
        return min(self.down[st], self.sizes[st])

    def apply_until(self, now: float) -> list[tuple[int, int, int, float]]:
        """Apply the events up to `now`: the (station, first, end, time) of nodes that fail."""
        failed = []
        while self.applied < len(self.events) and self.events[self.applied][0] <= now:
            when, _, kind, st, count = self.events[self.applied]
            before = self.lowest_up(st)
            self.down[st] += count if kind == DOWN else -count
            after = self.lowest_up(st)
            if after > before:
                failed.append((st, before, after, when))
            self.applied += 1
            self.kill_at[st] = self._kills(st)
        return failed

    def _kills(self, st: int) -> list[float]:
        """When each node next fails (INF: never again)."""
        size = self.sizes[st]
        times = [INF] * size
        down = self.down[st]
        for when, _, kind, station, count in self.events[self.applied :]:
            if station == st:
                before = min(down, size)
                down += count if kind == DOWN else -count
                for node in range(before, min(down, size)):
                    times[node] = min(times[node], when)
        return times

    def can_empty(self, st: int) -> bool:
        """Does a fault ever take every node of `st` down at once?"""
        down = 0
        for _, _, kind, station, count in self.events:
            if station == st:
                down += count if kind == DOWN else -count
                if down >= self.sizes[st]:
                    return True
        return False

    def lost_node_ms(self, duration: float) -> list[float]:
        """Node-ms down per station within the run, as the event engine counts them."""
        down = [0] * len(self.sizes)
        spans: list[list[list[float]]] = [[] for _ in self.sizes]
        for when, _, kind, st, count in self.events:
            before = min(down[st], self.sizes[st])
            down[st] += count if kind == DOWN else -count
            after = min(down[st], self.sizes[st])
            for node in range(before, after):
                spans[st].append([node, when, INF])
            for span in spans[st]:
                if span[2] == INF and after <= span[0] < before:
                    span[2] = when
        return [
            sum(max(min(end, duration) - min(start, duration), 0.0) for _, start, end in per)
            for per in spans
        ]


class FaultSteps:
    """`Batch`'s handling of failing nodes; uses the batch's jobs, states and stats."""

    np: Any
    jobs: Any
    plan: FaultPlan
    states: list[Any]
    stats: dict[str, list[float]]
    doomed: list[tuple[float, int, int, int]]
    tracing: bool
    traces: list[Any]

    def _apply_faults(self, now: float) -> None:
        """Nodes failing at or before `now` lose their work, and come back empty."""
        for st, first, stop, when in self.plan.apply_until(now):
            lost, kept = [], []
            for d in self.doomed:
                (lost if d[1] == st and d[0] == when and first <= d[2] < stop else kept).append(d)
            for d in sorted(lost, key=lambda d: d[2]):  # stable: arrival order on each node
                self._failed_one(d[3], when, when)  # type: ignore[attr-defined]
            self.doomed = kept
            self.states[st].drop(first, stop)

    def _unserved(self, st: int, ids: np.ndarray, arrive: np.ndarray, end: float) -> None:
        """Every node of `st` is down: the visits fail at once."""
        self.stats["errors"][st] += len(ids)
        self._failed(ids, arrive, end, dead=True)  # type: ignore[attr-defined]

    def _doom(
        self,
        st: int,
        ids: np.ndarray,
        arrive: np.ndarray,
        service: np.ndarray,
        fin: np.ndarray,
        nodes: np.ndarray,
        end: float,
    ) -> None:
        """Visits still on their node when it fails: cut them short at the failure."""
        np, jobs, stats = self.np, self.jobs, self.stats
        kill = np.asarray(self.plan.kill_at[st])[nodes]
        start = fin - service
        stats["busy"][st] += float((service - (fin - np.maximum(start, kill))).sum())
        stats["wait"][st] += float(np.maximum(np.minimum(start, kill) - arrive, 0.0).sum())
        stats["visits"][st] += len(ids)
        stats["errors"][st] += len(ids)
        if self.tracing:
            self.traces.append((st, StationTrace(arrive, np.minimum(start, kill), kill, nodes)))
        live = jobs["state"][ids] == LIVE
        late = live & (jobs["deadline"][ids] < kill)  # timed out before the failure
        waits = live & ~late  # its client waits until the failure, then retries
        for job, node, at in zip(
            ids[waits].tolist(), nodes[waits].tolist(), kill[waits].tolist(), strict=True
        ):
            self.doomed.append((at, st, node, job))
        if late.any():
            stats["timeouts"][st] += int(late.sum())
            self._failed(ids[late], jobs["deadline"][ids[late]], end, dead=False)  # type: ignore[attr-defined]
        jobs["state"][ids] = DEAD


def batch_can_run(topology: Topology, looped: set[int]) -> bool:
    """Can the queue-by-queue engine run this design's faults (see the module doc)?"""
    plan = FaultPlan(topology)
    for st in plan.faulty:
        if st in looped:
            return False
        if st in topology.fallback and plan.can_empty(st):
            return False
    return True
