"""The discrete-event engine: requests through stations, in time order.

Every visit is handled at the moment the request arrives at a station:
each node serves its queue first come, first served, so with a heap of the
times its slots fall free the start and end of the visit are known at once,
and no departure event is needed. One calendar (`event_queue.py`) orders what
happens next (a request reaching its next station, a node failing or coming
back); a request whose next visit comes before anything else pending goes
straight on without touching it. Jobs are plain lists and events plain
tuples, and the loop keeps everything it touches in local variables: that
is what makes it about a million visits a second in pure Python.

Semantics (see docs/simulate.md): a node's slot is held for its own
service time only; a timed-out attempt is abandoned by the client but its
work carries on to the end of its path; a failing node loses the requests
waiting or in service on it; queue components start asynchronous work.
Retries and failures live in `events_faults.py`.
"""

from __future__ import annotations

import heapq
from bisect import bisect
from collections import deque
from collections.abc import Callable
from typing import Any

from coach.simulate import sampling
from coach.simulate.design import Design, Routing
from coach.simulate.event_queue import Calendar, bucket_width
from coach.simulate.events_faults import (
    ASYNC,
    DEAD,
    FAULT,
    LIVE,
    ORPHAN,
    PRUNE,
    Faults,
    prune,
)
from coach.simulate.result import RawResult, busy_before, traces_from_records
from coach.simulate.topology import Route, RouteTable, Topology

INF = float("inf")
# routing codes
SINGLE, RR, RANDOM, LEAST, TWO = 0, 1, 2, 3, 4
_ROUTING = {
    Routing.ROUND_ROBIN: RR,
    Routing.RANDOM: RANDOM,
    Routing.LEAST_CONNECTIONS: LEAST,
    Routing.POWER_OF_TWO: TWO,
}


class Engine(Faults):
    """One run of one topology; build it, then call `run()` once."""

    def __init__(
        self,
        topology: Topology,
        *,
        requests: int,
        seed: int,
        progress: Callable[[float], None] | None = None,
        trace: bool = False,
    ) -> None:
        import numpy as np

        design: Design = topology.design
        self.topology = topology
        self.requests = requests
        self.tracing = trace
        stations = topology.stations
        n = len(stations)
        seeds = np.random.SeedSequence(seed).spawn(3 + 2 * n)
        rngs = [np.random.default_rng(s) for s in seeds]
        report = (lambda done: progress(done / requests)) if progress else None
        self.arrivals = sampling.arrival_times(rngs[0], design.load, requests, report)
        self.route_pick = _picker(topology.table, rngs[1])
        self.fork_uniform = sampling.uniform_stream(rngs[2])
        self.service = []
        self.uniform = []
        for st in stations:
            comp = design.components[st.component_index]
            self.service.append(
                sampling.service_stream(rngs[3 + st.index], comp.service_ms, st.mean_ms)
            )
            self.uniform.append(sampling.uniform_stream(rngs[3 + n + st.index]))
        retry = design.retry
        self.timeout = retry.timeout_ms if retry else INF
        self.max_attempt = retry.attempts if retry else 0
        self.backoff = retry.backoff_ms if retry else 0.0
        self.fallback = [topology.fallback.get(i, -1) for i in range(n)]
        faulty = {st.index for f in design.faults for st in topology.stations_of(f.component)}
        self.crashable = [i in faulty for i in range(n)]
        self.routing = []
        for st in stations:
            code = _ROUTING[design.components[st.component_index].routing]
            self.routing.append(SINGLE if st.nodes == 1 and not self.crashable[st.index] else code)
        self.nodes = [st.nodes for st in stations]
        self.concurrency = [st.concurrency for st in stations]
        self.up = [list(range(st.nodes)) for st in stations]
        self.down = [0] * n
        self.rr = [0] * n
        self.slots = [[[0.0] * st.concurrency for _ in range(st.nodes)] for st in stations]
        self.qlimit = [st.queue_limit if st.queue_limit is not None else -1 for st in stations]
        self.waiting = [[deque() for _ in range(st.nodes)] for st in stations]
        # least connections / power of two: requests on each node, and when they leave
        self.conns = [[0] * st.nodes for st in stations]
        self.conn_heap: list[list[tuple[float, int]]] = [[] for _ in stations]  # in service
        self.queued: list[list[deque[tuple[float, float]]]] = [
            [deque() for _ in range(st.nodes)] for st in stations
        ]  # per node: (start, finish) of the requests waiting, in start order
        self.heads: list[list[tuple[float, int]]] = [[] for _ in stations]  # their first starts
        self.inflight: list[list[list[list[Any]]]] = [
            [[] for _ in range(st.nodes)] for st in stations
        ]
        self.prune_at = [[PRUNE] * st.nodes for st in stations]
        self.busy = [0.0] * n
        self.busy_window: list[float] | None = None  # taken at the last arrival
        self.outages: list[list[list[float]]] = [[] for _ in stations]  # [node, start, end]
        self.wait_sum = [0.0] * n
        self.visits = [0] * n
        self.dropped = [0] * n
        self.errors = [0] * n
        self.timeouts = [0] * n
        self.latencies: list[float] = []
        self.answered: list[float] = []
        self.async_latencies: list[float] = []
        self.failed = 0
        self.retries = 0
        self.trace: list[list[Any]] | None = [] if trace else None
        per_ms = design.load.rps / 1000.0 * max(sum(topology.visits), 1.0)
        self.cal = Calendar(bucket_width(per_ms))
        self._schedule_faults(design)

    # -- the loop ---------------------------------------------------------------

    def run(self) -> RawResult:
        # The hot loop, kept in one piece: a call per visit would cost more than the visit.
        cal = self.cal
        near, far_ids, inv, advance = cal.near, cal.ids, cal.inv, cal.advance
        far, cur, next_seq = cal.far, cal.cur, cal.seq.__next__
        heappush, heappop, heapreplace = heapq.heappush, heapq.heappop, heapq.heapreplace
        next_arrival = self.arrivals.__next__
        pick_route = self.route_pick
        only_route = self.topology.table.routes[0] if len(self.topology.table.routes) == 1 else None
        timeout = self.timeout
        service, uniform, routing = self.service, self.uniform, self.routing
        up_lists, sizes, rr, slots_of = self.up, self.nodes, self.rr, self.slots
        qlimit, waiting_of = self.qlimit, self.waiting
        conn_heap, conns, queued_of, heads_of = self.conn_heap, self.conns, self.queued, self.heads
        crashable, inflight, prune_at = self.crashable, self.inflight, self.prune_at
        busy, wait_sum, visits = self.busy, self.wait_sum, self.visits
        dropped, errors, timeouts = self.dropped, self.errors, self.timeouts
        fallback, retry, spawn = self.fallback, self._retry, self._spawn
        lat_append = self.latencies.append
        async_append = self.async_latencies.append
        answered = self.answered.append
        tracing, trace = self.tracing, self.trace
        watch = [c or tracing for c in crashable]
        arrived = 0
        last_arrival = 0.0
        total = self.requests
        t_next = next_arrival() if total else INF
        t = 0.0
        job: list[Any] | None = None
        while True:
            if not near and far_ids and (t_next == INF or int(t_next * inv) >= far_ids[0]):
                advance()
                cur = cal.cur
            if near and near[0][0] < t_next:
                t, _, job = heappop(near)
                stations, idx, t0, deadline, attempt, mode, route, _ = job
                if mode >= DEAD:
                    if mode == FAULT:
                        self._on_fault(t, *route)
                    continue
            elif t_next < INF:
                t = last_arrival = t_next
                arrived += 1
                if arrived < total:
                    t_next = next_arrival()
                else:
                    t_next = INF
                    self.busy_window = busy_before(busy, slots_of, t)
                route = only_route or pick_route()
                stations = route.stations
                idx, t0, deadline, attempt, mode = 0, t, t + timeout, 0, LIVE
                job = None
            else:
                break
            forks = route.forks
            last = len(stations)
            while True:
                if idx and forks:
                    tables = forks.get(idx - 1)
                    if tables:
                        for table in tables:
                            spawn(table, t)
                if idx == last:
                    if mode == LIVE:
                        if t <= deadline:
                            lat_append(t - t0)
                            answered(t)
                    elif mode == ASYNC:
                        async_append(t - t0)
                    break
                st = stations[idx]
                up = up_lists[st]
                if not up:
                    if fallback[st] >= 0 and up_lists[fallback[st]]:
                        st = fallback[st]
                        up = up_lists[st]
                    else:
                        errors[st] += 1
                        if mode == LIVE:
                            retry(route, t0, attempt, t)
                        break
                code = routing[st]
                if code == SINGLE:
                    node = 0
                elif code == RR:
                    i = rr[st]
                    node = up[i % len(up)]
                    rr[st] = i + 1
                elif code == RANDOM:
                    node = up[int(uniform[st]() * len(up))]
                else:
                    # least_connections / power_of_two: fewest requests waiting or in
                    # service. Only those in service are in a heap of finish times, a small
                    # one: a node starts its waiting requests in order, so it keeps them in a
                    # queue, and they go to the heap when they start.
                    ends, count, heads = conn_heap[st], conns[st], heads_of[st]
                    while heads and heads[0][0] <= t:
                        waiter = heappop(heads)[1]
                        queue = queued_of[st][waiter]
                        while queue and queue[0][0] <= t:
                            heappush(ends, (queue.popleft()[1], waiter))
                        if queue:
                            heappush(heads, (queue[0][0], waiter))
                    while ends and ends[0][0] <= t:
                        count[heappop(ends)[1]] -= 1
                    m = len(up)
                    if code == LEAST:
                        if m == sizes[st]:  # all up: the first least loaded, as min(up) gives
                            node = count.index(min(count))
                        else:
                            node = min(up, key=count.__getitem__)
                    elif m == 1:
                        node = up[0]
                    else:
                        draw = uniform[st]
                        i = int(draw() * m)
                        j = int(draw() * (m - 1))
                        if j >= i:
                            j += 1
                        a, b = up[i], up[j]
                        node = a if count[a] <= count[b] else b
                slots = slots_of[st][node]
                free = slots[0]
                start = free if free > t else t
                s = service[st]()  # drawn even if refused: both engines use the same numbers
                limit = qlimit[st]
                if limit >= 0:
                    waiting = waiting_of[st][node]
                    while waiting and waiting[0] <= t:
                        waiting.popleft()
                    if start > t:
                        if len(waiting) >= limit:
                            dropped[st] += 1
                            if mode == LIVE:
                                retry(route, t0, attempt, t)
                            break
                        waiting.append(start)
                fin = start + s
                heapreplace(slots, fin)
                busy[st] += s
                wait_sum[st] += start - t
                visits[st] += 1
                if code >= LEAST:
                    if start > t:
                        queue = queued_of[st][node]
                        if not queue:
                            heappush(heads_of[st], (start, node))
                        queue.append((start, fin))
                    else:
                        heappush(conn_heap[st], (fin, node))
                    conns[st][node] += 1
                if watch[st]:
                    if job is None:
                        job = [stations, idx, t0, deadline, attempt, mode, route, None]
                    rec = [fin, start, t, st, node, job]
                    if tracing:
                        trace.append(rec)  # type: ignore[union-attr]
                    if crashable[st]:
                        records = inflight[st][node]
                        records.append(rec)
                        if len(records) > prune_at[st][node]:
                            prune_at[st][node] = prune(records, t)
                if fin > deadline and mode == LIVE:
                    # the client gives up at `deadline`: settled now (see events_faults.py)
                    timeouts[st] += 1
                    mode = ORPHAN
                    pending = retry(route, t0, attempt, deadline)
                    if job is not None:
                        job[5] = ORPHAN
                        job[7] = pending
                idx += 1
                if idx == last and not crashable[st] and not forks:
                    if mode == LIVE:
                        lat_append(fin - t0)
                        answered(fin)
                    elif mode == ASYNC:
                        async_append(fin - t0)
                    break
                if fin <= t_next:
                    # strictly before what is pending: a visit due at the same moment as
                    # another goes after it, in the order their steps were taken
                    if near:
                        if fin < near[0][0]:
                            t = fin
                            continue
                    elif not far_ids or int(fin * inv) < far_ids[0]:
                        t = fin
                        continue
                if job is None:
                    job = [stations, idx, t0, deadline, attempt, mode, route, None]
                else:
                    job[1] = idx
                entry = (fin, next_seq(), job)
                bucket = int(fin * inv)
                if bucket <= cur:
                    heappush(near, entry)
                else:
                    found = far.get(bucket)
                    if found is None:
                        far[bucket] = [entry]
                        heappush(far_ids, bucket)
                    else:
                        found.append(entry)
                break
            job = None
        self.last_arrival = last_arrival
        return self._result()

    def _spawn(self, table: RouteTable, now: float) -> None:
        routes = table.routes
        if len(routes) == 1:
            route = routes[0]
        else:
            cumulative = table.cumulative
            i = bisect(cumulative, self.fork_uniform() * cumulative[-1])
            route = routes[min(i, len(routes) - 1)]
        self.cal.push(now, [route.stations, 0, now, INF, 0, ASYNC, route, None])

    def _result(self) -> RawResult:
        # The run lasts until the last work is done; a fault still scheduled after
        # that changes nothing.
        ends = [max(s) for per_station in self.slots for s in per_station]
        duration = max([self.last_arrival, *ends])
        lost = [
            sum(max(min(end, duration) - min(start, duration), 0.0) for _, start, end in spans)
            for spans in self.outages
        ]
        attempts = self.requests + self.retries
        return RawResult(
            requests=self.requests,
            latencies=self.latencies,
            async_latencies=self.async_latencies,
            failed=self.failed,
            attempts=attempts,
            duration_ms=duration,
            busy=self.busy,
            wait_sum=self.wait_sum,
            visits=self.visits,
            dropped=self.dropped,
            errors=self.errors,
            timeouts=self.timeouts,
            engine="event",
            lost_node_ms=lost,
            answered_at=self.answered,
            last_arrival_ms=self.last_arrival,
            trace=traces_from_records(self.trace) if self.trace is not None else None,
            busy_window=self.busy_window,
        )


def _picker(table: RouteTable, rng: object) -> Callable[[], Route]:
    routes = table.routes
    if len(routes) == 1:
        only = routes[0]
        return lambda: only
    draw = sampling.choice_stream(rng, table.probabilities)  # type: ignore[arg-type]
    return lambda: routes[draw()]
