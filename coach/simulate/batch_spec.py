"""First come, first served nodes in numpy: no loop where nobody waits.

A node with c slots serves a visit at once while fewer than c visits are
on it. Assume first that no visit waits: each finishes at arrival +
service, and whether the assumption held for a visit is one count, made for
every visit at once with a sort and a search: the visits still on the node
when it arrives (its slots' free times from earlier windows, and the earlier
visits of this window) are fewer than c. Where the count says a visit finds
every slot busy, the plain loop (`batch_loops.py`) takes over from that visit,
with the slots as they are then, and hands back once every visit that waited
has left: from there the counts made under the assumption are exact again
(a visit that waited finishes later than assumed, but before the next
arrival either way). A tier that is seldom full thus costs a few array
operations per window instead of a Python step per visit, with the very
numbers the loop gives.

The slots' free times after the window are the c largest of the times they
started with and of the visits' finishes: a slot taken is always the one
that falls free first, so the ones left are the latest.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING, Any

from coach.simulate.batch_loops import LEAST, TWO, StationState, general_loop

if TYPE_CHECKING:
    import numpy as np

# Assume no waiting only where it mostly holds: a window where more visits than this
# share waited goes straight to the plain loop next time (per station).
BUSY_SHARE = 0.25
LOOP_WINDOWS = 8  # ... for this many windows
MIN_VISITS = 24  # per node and window: fewer, and the loop is cheaper than the arrays


def serve_node(
    np: Any,
    arrive: np.ndarray,
    service: np.ndarray,
    slots: list[float],
    most: float = math.inf,
) -> tuple[np.ndarray | None, int]:
    """Finish times of one node's visits (sorted by arrival, every service above 0), and
    how many found the node full; `slots` is updated in place. When more than `most`
    found it full, None instead of the times and `slots` as they were: the plain loop
    serves such a window for less than the arrays and the loop they would fall back to."""
    start = np.asarray(slots, dtype=float)
    fin = arrive + service
    ends = np.sort(np.concatenate((start, fin)))
    # visits still on the node at each arrival: c + earlier visits - those finished by then
    finished = np.searchsorted(ends, arrive, side="right")
    full = np.flatnonzero(np.arange(len(arrive)) >= finished)
    if len(full) > most:
        return None, len(full)
    if len(full):
        _wait(arrive, service, fin, start.tolist(), full)
        ends = np.sort(np.concatenate((start, fin)))
    slots[:] = ends[len(ends) - len(slots) :].tolist()
    return fin, len(full)


def _wait(
    arrive_array: np.ndarray,
    service_array: np.ndarray,
    fin_array: np.ndarray,
    start: list[float],
    full: np.ndarray,
) -> None:
    """The plain loop over each stretch where visits wait; `fin_array` is updated."""
    replace = heapq.heapreplace
    arrive, service = arrive_array.tolist(), service_array.tolist()
    m, slots = len(arrive), len(start)
    pending = full.tolist()
    k = 0
    while k < len(pending):
        n = first = pending[k]
        a = arrive[n]
        # the slots at this arrival: the visits still on the node, every one of them busy
        busy = fin_array[:n]
        heap = sorted(busy[busy > a].tolist() + [f for f in start if f > a])[-slots:]
        heap += [a] * (slots - len(heap))
        heapq.heapify(heap)
        done: list[float] = []
        push = done.append
        late = -1.0
        while True:
            free = heap[0]
            if free > a:
                fin = free + service[n]
                if fin > late:
                    late = fin
            else:
                fin = a + service[n]
            replace(heap, fin)
            push(fin)
            n += 1
            if n == m:
                break
            a = arrive[n]
            if a >= late:  # every visit that waited has left: the counts hold again
                break
        fin_array[first:n] = done
        while k < len(pending) and pending[k] < n:
            k += 1


def serve_counted(
    np: Any,
    arrive: np.ndarray,
    service: np.ndarray,
    uniforms: list[float],
    state: StationState,
    code: int,
    lo: int,
) -> tuple[list[float], list[int], int]:
    """Least connections and power of two choices, as `general_loop` serves them; also
    how many visits came before the first that waited (all of them: none waited).

    While the node routing picks has a free slot, a visit finishes at arrival +
    service: the loop then only counts each node's visits (departures come
    from the finishes, sorted once) and picks nodes. At the first visit that
    would wait, the slots and counts are rebuilt as they are at that moment
    and `general_loop` serves the rest of the window. Nodes below `lo` are down.
    """
    m = len(arrive)
    fin = arrive + service
    old = state.ends
    ends = np.concatenate((np.array([e[0] for e in old], dtype=float), fin))
    order = np.argsort(ends, kind="stable")
    due = np.searchsorted(ends[order], arrive, side="right").tolist()
    leaving = order.tolist()
    owner = [e[1] for e in old] + [0] * m
    base = len(old)
    conns = state.conns
    slots = len(state.slots[0])
    n = len(conns) - lo
    u = iter(uniforms).__next__
    least = code == LEAST
    j = 0
    stop = m
    for i, d in enumerate(due):
        while j < d:
            conns[owner[leaving[j]]] -= 1
            j += 1
        if least:
            node = conns.index(min(conns)) if not lo else conns.index(min(conns[lo:]), lo)
        elif n == 1:
            node = lo
        else:
            a = lo + int(u() * n)
            b = lo + int(u() * (n - 1))
            if b >= a:
                b += 1
            node = a if conns[a] <= conns[b] else b
        if conns[node] >= slots:  # it would wait: the loop takes over from here
            stop = i
            break
        owner[base + i] = node
        conns[node] += 1
    fins = fin[:stop].tolist()
    chosen = owner[base : base + stop]
    replace = heapq.heapreplace
    heaps = state.slots
    for f, node in zip(fins, chosen, strict=True):
        replace(heaps[node], f)
    state.ends = [(float(ends[x]), owner[x]) for x in leaving[j:] if x < base + stop]
    heapq.heapify(state.ends)
    if stop < m:
        draws = 2 * stop if code == TWO and n > 1 else 0
        rest_fins, rest_nodes = general_loop(
            arrive[stop:].tolist(),
            service[stop:].tolist(),
            uniforms[draws:],
            state,
            code,
            None,
            lo,
        )
        fins += rest_fins
        chosen += rest_nodes
    return fins, chosen, stop
