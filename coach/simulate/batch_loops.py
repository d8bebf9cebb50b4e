"""The per-station loops of the queue-by-queue engine, and the state they carry.

Each loop serves a station's arrivals, sorted by time, first come first
served, and returns when each visit finishes. They are the hot path: as
little Python per visit as possible, no calls but heap operations.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.simulate.design import Routing

if TYPE_CHECKING:
    import numpy as np

SINGLE, ROUND, RANDOM, LEAST, TWO = range(5)
_CODES = {
    Routing.ROUND_ROBIN: ROUND,
    Routing.RANDOM: RANDOM,
    Routing.LEAST_CONNECTIONS: LEAST,
    Routing.POWER_OF_TWO: TWO,
}


def routing_code(routing: Routing, nodes: int) -> int:
    return SINGLE if nodes == 1 else _CODES[routing]


@dataclass
class StationState:
    """What a station remembers between windows.

    Least connections and power of two count each node's requests, waiting or in
    service (`conns`), and must know when each leaves. Those in service are in `ends`,
    a heap of (finish, node); those still waiting are in their node's `queued` list of
    (finish, node), in start order since a node serves first come, first served, from
    `qhead` on. A node has requests waiting only while all its slots are busy, so each
    time one of its requests leaves, the first one waiting starts (at that very
    moment: the slot it was given is the one falling free first), and takes its place
    in `ends`. So a long backlog costs an append per request rather than a place in a
    big heap, and the lists only grow (`compact` trims them between windows): a
    window's snapshot is their lengths (`mark`).
    """

    slots: list[list[float]]  # per node: a heap of the times its slots fall free
    turn: int  # round robin position
    conns: list[int]  # per node: requests waiting or in service (least connections)
    ends: list[tuple[float, int]]  # heap of (finish, node) still counted in `conns`
    waiting: list[deque[float]]  # per node: start times of visits still queued (queue limit)
    queued: list[list[tuple[float, int]]] = field(default_factory=list)
    qhead: list[int] = field(default_factory=list)
    dropped: list[list[tuple[float, int]]] = field(default_factory=list)

    @classmethod
    def empty(cls, nodes: int, slots: int) -> StationState:
        return cls(
            [[0.0] * slots for _ in range(nodes)],
            0,
            [0] * nodes,
            [],
            [deque() for _ in range(nodes)],
            [[] for _ in range(nodes)],
            [0] * nodes,
        )

    def backlog(self) -> bool:
        """Are requests waiting in `queued`?"""
        return any(head < len(queue) for head, queue in zip(self.qhead, self.queued, strict=True))

    def compact(self) -> None:
        """Forget the waiting requests that have started long ago."""
        for node, head in enumerate(self.qhead):
            if head > COMPACT and 2 * head > len(self.queued[node]):
                del self.queued[node][:head]
                self.qhead[node] = 0

    def mark(self) -> tuple[Any, ...]:
        return (
            [list(h) for h in self.slots],
            self.turn,
            list(self.conns),
            list(self.ends),
            [deque(q) for q in self.waiting],
            [len(q) for q in self.queued],
            list(self.qhead),
        )

    def rewind(self, mark: tuple[Any, ...]) -> None:
        """Back to `mark`; the waiting requests added since are kept aside in `dropped`
        (for `resume`)."""
        slots, self.turn, conns, ends, waiting, lengths, qhead = mark
        self.slots = [list(h) for h in slots]
        self.conns, self.ends = list(conns), list(ends)
        self.qhead = list(qhead)
        self.waiting = [deque(q) for q in waiting]
        self.dropped = [queue[length:] for queue, length in zip(self.queued, lengths, strict=True)]
        for queue, length in zip(self.queued, lengths, strict=True):
            del queue[length:]

    def resume(self, point: tuple[Any, ...], base: list[int]) -> None:
        """Back to a `mark` taken later in the window the last `rewind` undid (when each
        node's list was `base` long): the waiting requests it had are in `dropped`."""
        lengths = point[5]
        for queue, b, length, tail in zip(self.queued, base, lengths, self.dropped, strict=True):
            del queue[b:]
            queue.extend(tail[: length - b])
        self.rewind(point)

    def drop(self, first: int, stop: int) -> None:
        """Nodes `first` to `stop` fail: they lose their requests and come back empty."""
        for node in range(first, stop):
            self.slots[node] = [0.0] * len(self.slots[node])
            self.waiting[node].clear()
            self.conns[node] = 0
            self.queued[node] = []
            self.qhead[node] = 0
        self.ends = [e for e in self.ends if not first <= e[1] < stop]
        heapq.heapify(self.ends)


COMPACT = 4096  # started requests a node's waiting list keeps before trimming
INF = float("inf")
BIG = 1 << 62  # more requests than a node ever counts


def one_node(np: Any, arrive: np.ndarray, service: np.ndarray, heap: list[float]) -> np.ndarray:
    """One node whose slots share one queue (`heap` is updated in place): the visits'
    finish times.

    A comprehension, not a loop of appends: with several slots it keeps the time each
    visit's slot fell free (what `heapreplace` hands back), and the finishes are
    max(that, arrival) + service, the same sums made by numpy for all at once.
    """
    times, needs = memoryview(arrive), memoryview(service)
    if len(heap) == 1:
        free = heap[0]
        fins = [(free := (free if free > a else a) + s) for a, s in zip(times, needs, strict=True)]
        heap[0] = free
        return np.array(fins, dtype=float)
    replace = heapq.heapreplace
    freed = [
        replace(heap, (f if (f := heap[0]) > a else a) + s)
        for a, s in zip(times, needs, strict=True)
    ]
    return np.maximum(np.array(freed, dtype=float), arrive) + service


def many_nodes(
    arrive: Iterable[float], service: Iterable[float], nodes: list[int], heaps: list[list[float]]
) -> list[float]:
    """Nodes chosen in advance (round robin or random), each with its own queue."""
    out: list[float] = []
    push = out.append
    if len(heaps[0]) == 1:
        free = [h[0] for h in heaps]
        for a, s, i in zip(arrive, service, nodes, strict=False):
            f = free[i]
            fin = (f if f > a else a) + s
            free[i] = fin
            push(fin)
        for h, f in zip(heaps, free, strict=False):
            h[0] = f
        return out
    replace = heapq.heapreplace
    for a, s, i in zip(arrive, service, nodes, strict=False):
        heap = heaps[i]
        f = heap[0]
        fin = (f if f > a else a) + s
        replace(heap, fin)
        push(fin)
    return out


def general_loop(
    arrive: list[float],
    service: list[float],
    uniforms: list[float],
    state: StationState,
    code: int,
    limit: int | None,
    lo: int = 0,
) -> tuple[list[float], list[int]]:
    """Least connections, power of two choices, and bounded queues (NaN: refused).

    Nodes below `lo` are down (failed nodes are the lowest-numbered ones).
    """
    if code in (LEAST, TWO) and limit is None:
        return counted_loop(arrive, service, uniforms, state, code, lo)
    fins: list[float] = []
    chosen: list[int] = []
    heaps, conns, ends, waiting = state.slots, state.conns, state.ends, state.waiting
    n = len(heaps) - lo
    counting = code in (LEAST, TWO)
    replace, heappush, heappop = heapq.heapreplace, heapq.heappush, heapq.heappop
    nan = float("nan")
    turn = state.turn
    u = iter(uniforms).__next__
    for a, s in zip(arrive, service, strict=False):
        if counting:
            while ends and ends[0][0] <= a:
                conns[heappop(ends)[1]] -= 1
        if code == LEAST:
            node = conns.index(min(conns)) if not lo else conns.index(min(conns[lo:]), lo)
        elif code == TWO:
            if n == 1:
                node = lo
            else:
                i = lo + int(u() * n)
                j = lo + int(u() * (n - 1))
                if j >= i:
                    j += 1
                node = i if conns[i] <= conns[j] else j
        elif code == RANDOM:
            node = lo + int(u() * n)
        elif code == ROUND:
            node = lo + turn % n
            turn += 1
        else:
            node = 0
        heap = heaps[node]
        f = heap[0]
        start = f if f > a else a
        chosen.append(node)
        if limit is not None:
            queue = waiting[node]
            while queue and queue[0] <= a:
                queue.popleft()
            if start > a:
                if len(queue) >= limit:
                    fins.append(nan)
                    continue
                queue.append(start)
        fin = start + s
        replace(heap, fin)
        if counting:
            heappush(ends, (fin, node))
            conns[node] += 1
        fins.append(fin)
    state.turn = turn
    return fins, chosen


def counted_loop(
    arrive: list[float],
    service: list[float],
    uniforms: list[float],
    state: StationState,
    code: int,
    lo: int,
) -> tuple[list[float], list[int]]:
    """`general_loop` for least connections and power of two without a queue limit, the
    busiest case (an overloaded tier sends every visit here): the same numbers, with
    the requests that wait kept in their node's list (see `StationState`).

    Inside the loop a node's count is kept as count x `width` + node (`keys`): the
    least of them is the least count at the lowest node, as least connections picks,
    found by one `min`.
    """
    heaps, ends, queued, qhead = state.slots, state.ends, state.queued, state.qhead
    heappush, heappop, replace = heapq.heappush, heapq.heappop, heapq.heapreplace
    n = len(heaps) - lo
    width = len(heaps)
    least = code == LEAST
    u = iter(uniforms).__next__
    # least connections never picks a node that is down: counted as full while down
    keys = [
        (BIG if least and node < lo else count) * width + node
        for node, count in enumerate(state.conns)
    ]
    fins: list[float] = []
    chosen: list[int] = []
    add_fin, add_node = fins.append, chosen.append
    # the top of the heap as a plain float: one comparison per visit when nothing is due
    next_end = ends[0][0] if ends else INF
    for a, s in zip(arrive, service, strict=False):
        while next_end <= a:  # a request has left; the first one waiting there starts
            node = ends[0][1]
            keys[node] -= width
            h = qhead[node]
            queue = queued[node]
            if h < len(queue):
                replace(ends, queue[h])
                qhead[node] = h + 1
            else:
                heappop(ends)
            next_end = ends[0][0] if ends else INF
        if least:
            node = min(keys) % width
        elif n == 1:
            node = lo
        else:
            i = lo + int(u() * n)
            j = lo + int(u() * (n - 1))
            if j >= i:
                j += 1
            node = i if keys[i] - i <= keys[j] - j else j
        heap = heaps[node]
        f = heap[0]
        if f > a:
            fin = f + s
            queued[node].append((fin, node))
        else:
            fin = a + s
            heappush(ends, (fin, node))
            if fin < next_end:
                next_end = fin
        replace(heap, fin)
        keys[node] += width
        add_fin(fin)
        add_node(node)
    state.conns[lo if least else 0 :] = [key // width for key in keys[lo if least else 0 :]]
    return fins, chosen


def serve_one(
    state: StationState,
    code: int,
    limit: int | None,
    a: float,
    s: float,
    uniform: Callable[[], float],
) -> tuple[float, float, int]:
    """One visit arriving at `a` needing `s`: (start, finish or NaN if refused, node)."""
    heaps, conns, ends = state.slots, state.conns, state.ends
    n = len(heaps)
    counting = code in (LEAST, TWO)
    if counting:
        while ends and ends[0][0] <= a:
            conns[heapq.heappop(ends)[1]] -= 1
    if code == LEAST:
        node = conns.index(min(conns))
    elif code == TWO:
        i = int(uniform() * n)
        j = int(uniform() * (n - 1))
        if j >= i:
            j += 1
        node = i if conns[i] <= conns[j] else j
    elif code == RANDOM:
        node = int(uniform() * n)
    elif code == ROUND:
        node = state.turn % n
        state.turn += 1
    else:
        node = 0
    heap = heaps[node]
    f = heap[0]
    start = f if f > a else a
    if limit is not None:
        queue = state.waiting[node]
        while queue and queue[0] <= a:
            queue.popleft()
        if start > a:
            if len(queue) >= limit:
                return start, float("nan"), node
            queue.append(start)
    fin = start + s
    heapq.heapreplace(heap, fin)
    if counting:
        heapq.heappush(ends, (fin, node))
        conns[node] += 1
    return start, fin, node
