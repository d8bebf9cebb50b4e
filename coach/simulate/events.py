"""The discrete-event engine: requests through stations, in time order.

Every visit is handled at the moment the request arrives at a station:
each node serves its queue first come, first served, so with a heap of the
times its slots fall free the start and end of the visit are known at once,
and no departure event is needed. One global heap orders what happens next
(a request reaching its next station, a client timeout, a node failing or
coming back); a request whose next visit comes before anything else in the
heap goes straight on without touching it. That keeps the loop tight enough
for about a million visits a second in pure Python.

Semantics (see docs/simulate.md): a node's slot is held for its own
service time only; a timed-out attempt is abandoned by the client but its
work carries on to the end of its path; a failing node loses the requests
waiting or in service on it; queue components start asynchronous work.
"""

from __future__ import annotations

import heapq
from bisect import bisect
from collections import deque
from collections.abc import Callable

from coach.simulate import sampling
from coach.simulate.design import Design, Routing
from coach.simulate.result import RawResult, StationTrace
from coach.simulate.topology import Route, RouteTable, Topology

INF = float("inf")
# event kinds
STEP, TIMEOUT, DOWN, UP = 0, 1, 2, 3
# job modes: the client waits / gave up / nobody waits (async) / lost in a crash
LIVE, ORPHAN, ASYNC, DEAD = 0, 1, 2, 3
# routing codes
SINGLE, RR, RANDOM, LEAST, TWO = 0, 1, 2, 3, 4
_ROUTING = {
    Routing.ROUND_ROBIN: RR,
    Routing.RANDOM: RANDOM,
    Routing.LEAST_CONNECTIONS: LEAST,
    Routing.POWER_OF_TWO: TWO,
}


class Engine:
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
        self.conn_heap: list[list[tuple[float, int]]] = [[] for _ in stations]
        self.conns = [[0] * st.nodes for st in stations]
        self.inflight: list[list[list[list]]] = [[[] for _ in range(st.nodes)] for st in stations]
        self.busy = [0.0] * n
        self.outages: list[list[list[float]]] = [[] for _ in stations]  # [start, end] per node
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
        self.trace: list[list] | None = [] if trace else None
        self.heap: list[tuple] = []
        self.seq = 0
        self._schedule_faults(design)

    def _schedule_faults(self, design: Design) -> None:
        for fault in design.faults:
            for st in self.topology.stations_of(fault.component):
                count = fault.replicas if st.pool == "replicas" else fault.nodes
                if count:
                    start = fault.at_s * 1000.0
                    self._push(start, DOWN, (st.index, count))
                    self._push(start + fault.for_s * 1000.0, UP, (st.index, count))

    def _push(self, when: float, kind: int, payload: object, extra: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (when, self.seq, kind, payload, extra))

    # -- failures ---------------------------------------------------------------

    def _retry(self, route: Route, t0: float, attempt: int, now: float) -> None:
        """An attempt failed at `now`: try again if the client has attempts left."""
        if attempt < self.max_attempt:
            self.retries += 1
            when = now + self.backoff
            job = [route.stations, 0, t0, when + self.timeout, attempt + 1, LIVE, route]
            self._push(when, STEP, job)
        else:
            self.failed += 1

    def _on_timeout(self, now: float, job: list, station: int) -> None:
        if job[5] != LIVE:
            return
        job[5] = ORPHAN
        job[3] = INF
        self.timeouts[station] += 1
        self._retry(job[6], job[2], job[4], now)

    def _fail_node(self, st: int, node: int, now: float) -> None:
        """A node crashes: what waits or runs on it is lost; it comes back empty."""
        for rec in self.inflight[st][node]:
            fin, start = rec[0], rec[1]
            job = rec[5]
            if fin <= now or job is None or job[5] == DEAD:
                continue
            self.busy[st] -= fin - max(start, now)
            self.wait_sum[st] -= max(0.0, start - now)
            rec[0] = now
            rec[1] = min(start, now)
            mode = job[5]
            job[5] = DEAD
            self.errors[st] += 1
            if mode == LIVE:
                self._retry(job[6], job[2], job[4], now)
        self.inflight[st][node] = []
        self.slots[st][node] = [0.0] * self.concurrency[st]  # empty: free at once
        self.waiting[st][node].clear()
        heap = [e for e in self.conn_heap[st] if e[1] != node]
        heapq.heapify(heap)
        self.conn_heap[st] = heap
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
        self.up[st][:] = range(after, nodes)

    # -- the loop ---------------------------------------------------------------

    def run(self) -> RawResult:
        heap = self.heap
        heappush, heappop, heapreplace = heapq.heappush, heapq.heappop, heapq.heapreplace
        next_arrival = self.arrivals.__next__
        pick_route = self.route_pick
        only_route = self.topology.table.routes[0] if len(self.topology.table.routes) == 1 else None
        timeout = self.timeout
        service, uniform, routing = self.service, self.uniform, self.routing
        up_lists, rr, slots_of = self.up, self.rr, self.slots
        qlimit, waiting_of = self.qlimit, self.waiting
        conn_heap, conns = self.conn_heap, self.conns
        crashable, inflight = self.crashable, self.inflight
        busy, wait_sum, visits = self.busy, self.wait_sum, self.visits
        fallback = self.fallback
        lat_append = self.latencies.append
        async_append = self.async_latencies.append
        tracing, trace = self.tracing, self.trace
        arrived = 0
        last_arrival = 0.0
        answered = self.answered.append
        total = self.requests
        t_next = next_arrival() if total else INF
        t = 0.0
        job: list | None = None
        while True:
            if heap and heap[0][0] < t_next:
                event = heappop(heap)
                t = event[0]
                kind = event[2]
                if kind != STEP:
                    if kind == TIMEOUT:
                        self._on_timeout(t, event[3], event[4])
                    else:
                        self._on_fault(t, kind, *event[3])
                    continue
                job = event[3]
                stations, idx, t0, deadline, attempt, mode, route = job
                if mode == DEAD:
                    continue
            elif t_next < INF:
                t = last_arrival = t_next
                arrived += 1
                t_next = next_arrival() if arrived < total else INF
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
                            self._spawn(table, t)
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
                        self.errors[st] += 1
                        if mode == LIVE:
                            self._retry(route, t0, attempt, t)
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
                    node = self._least_loaded(st, up, t, code)
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
                            self.dropped[st] += 1
                            if mode == LIVE:
                                self._retry(route, t0, attempt, t)
                            break
                        waiting.append(start)
                fin = start + s
                heapreplace(slots, fin)
                busy[st] += s
                wait_sum[st] += start - t
                visits[st] += 1
                if code >= LEAST:
                    heappush(conn_heap[st], (fin, node))
                    conns[st][node] += 1
                if crashable[st] or tracing:
                    if job is None:
                        job = [stations, idx, t0, deadline, attempt, mode, route]
                    rec = [fin, start, t, st, node, job]
                    if tracing:
                        trace.append(rec)
                    if crashable[st]:
                        _register(inflight[st][node], rec, t)
                if fin > deadline:
                    if job is None:
                        job = [stations, idx, t0, deadline, attempt, mode, route]
                    self._push(deadline, TIMEOUT, job, st)
                idx += 1
                if idx == last and not crashable[st] and not forks:
                    if mode == LIVE:
                        if fin <= deadline:
                            lat_append(fin - t0)
                            answered(fin)
                    elif mode == ASYNC:
                        async_append(fin - t0)
                    break
                if fin <= t_next and (not heap or fin <= heap[0][0]):
                    t = fin
                    continue
                if job is None:
                    job = [stations, idx, t0, deadline, attempt, mode, route]
                else:
                    job[1] = idx
                self.seq += 1
                heappush(heap, (fin, self.seq, STEP, job, 0))
                break
            job = None
        self.last_arrival = last_arrival
        return self._result(t)

    def _least_loaded(self, st: int, up: list[int], now: float, code: int) -> int:
        """least_connections / power_of_two: fewest requests waiting or in service."""
        heap, conns = self.conn_heap[st], self.conns[st]
        while heap and heap[0][0] <= now:
            conns[heapq.heappop(heap)[1]] -= 1
        if code == LEAST:
            return min(up, key=conns.__getitem__)
        m = len(up)
        if m == 1:
            return up[0]
        i = int(self.uniform[st]() * m)
        j = int(self.uniform[st]() * (m - 1))
        if j >= i:
            j += 1
        a, b = up[i], up[j]
        return a if conns[a] <= conns[b] else b

    def _spawn(self, table: RouteTable, now: float) -> None:
        routes = table.routes
        if len(routes) == 1:
            route = routes[0]
        else:
            cumulative = table.cumulative
            i = bisect(cumulative, self.fork_uniform() * cumulative[-1])
            route = routes[min(i, len(routes) - 1)]
        self._push(now, STEP, [route.stations, 0, now, INF, 0, ASYNC, route])

    def _result(self, now: float) -> RawResult:
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
            trace=_station_traces(self.trace) if self.trace is not None else None,
        )


def _register(records: list[list], rec: list, now: float) -> None:
    """Remember work on a node that may crash; forget what has finished."""
    records.append(rec)
    if len(records) > 256:
        records[:] = [r for r in records if r[0] > now]


def _picker(table: RouteTable, rng: object) -> Callable[[], Route]:
    routes = table.routes
    if len(routes) == 1:
        only = routes[0]
        return lambda: only
    draw = sampling.choice_stream(rng, table.probabilities)  # type: ignore[arg-type]
    return lambda: routes[draw()]


def _station_traces(records: list[list]) -> dict[int, StationTrace]:
    import numpy as np

    by_station: dict[int, list[list]] = {}
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
