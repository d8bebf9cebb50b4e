"""Stations that requests go back and forth between, simulated visit by visit.

Two caches in front of one database make a loop at station level (cache,
database, cache, database): no station of the loop can be finished before
the others, so inside a window the loop's visits are taken one at a time in
time order from a heap, as the event engine does, while every other station
keeps its fast per-station loop. A mixin of `Batch` (`batch.py`).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from coach.simulate.batch_jobs import one_visit
from coach.simulate.batch_loops import RANDOM, ROUND, SINGLE, serve_one

if TYPE_CHECKING:
    from coach.simulate.topology import RouteTable

INF = float("inf")
LIVE, ORPHAN, ASYNC, DEAD = 0, 1, 2, 3


class GroupSteps:
    """`Batch`'s visit-by-visit step; uses the batch's jobs, streams and stats."""

    np: Any
    jobs: Any
    inbox: Any
    stats: dict[str, list[float]]
    topology: Any
    routes: list[Any]
    route_st: Any
    service: list[Any]
    uniform: list[Any]
    codes: list[int]
    states: list[Any]
    forks_at: list[list[tuple[int, int, tuple[RouteTable, ...]]]]
    tracing: bool
    traces: list[Any]
    seq: int

    def _group(self, group: list[int], end: float) -> None:
        """Visit by visit, in time order, like the event engine, for a loop of stations."""
        np = self.np
        jobs = self.jobs
        members = set(group)
        sel = self.inbox.take(group, end)
        ids, now = sel.tolist(), jobs["now"][sel].tolist()
        columns = (jobs["rid"][sel].tolist(), jobs["pos"][sel].tolist())
        states, deadlines = jobs["state"][sel].tolist(), jobs["deadline"][sel].tolist()
        prevs, ranks = jobs["prev"][sel].tolist(), jobs["rank"][sel].tolist()
        rows = zip(ids, *columns, now, states, deadlines, prevs, ranks, strict=True)
        touched: dict[int, list] = {
            j: [r, p, t, st, d, pv, rk] for j, r, p, t, st, d, pv, rk in rows
        }
        # in time order; equal times in the order the steps before were taken (`batch.py`)
        heap: list[tuple[float, float, int, int]] = list(zip(now, prevs, ranks, ids, strict=True))
        heapq.heapify(heap)
        heappop, heappush, heapreplace = heapq.heappop, heapq.heappush, heapq.heapreplace
        stats = self.stats
        busy, wait, visits = stats["busy"], stats["wait"], stats["visits"]
        routes = [r.stations for r in self.routes]
        service = [stream.one for stream in self.service]
        uniform = [stream.one for stream in self.uniform]
        limits = [st.queue_limit for st in self.topology.stations]
        sizes = [st.nodes for st in self.topology.stations]
        codes, states, forks_at, tracing = self.codes, self.states, self.forks_at, self.tracing
        simple = [lim is None and code <= RANDOM for lim, code in zip(limits, codes, strict=True)]
        finished: list[int] = []
        rank = self.seq  # the order steps are taken in (self.seq, kept in a local)
        while heap:
            t, _, _, job = heappop(heap)
            rec = touched[job]
            rid, pos, _, state, deadline, _, _ = rec
            stations = routes[rid]
            st = stations[pos]
            s = service[st]()
            if simple[st]:  # the common case, inline: no call per visit
                code, station = codes[st], states[st]
                if code == SINGLE:
                    node = 0
                elif code == ROUND:
                    node = station.turn % sizes[st]
                    station.turn += 1
                else:
                    node = int(uniform[st]() * sizes[st])
                slots = station.slots[node]
                free = slots[0]
                start = free if free > t else t
                fin = start + s
                heapreplace(slots, fin)
            else:
                start, fin, node = serve_one(states[st], codes[st], limits[st], t, s, uniform[st])
                if fin != fin:  # NaN: refused
                    stats["dropped"][st] += 1
                    rec[3] = DEAD
                    if state == LIVE:
                        self.seq = rank
                        self._failed_one(job, t, end)
                        rank = self.seq
                    continue
            busy[st] += s
            wait[st] += start - t
            visits[st] += 1
            if tracing:
                self.traces.append((st, one_visit(np, t, start, fin, node)))
            if state == LIVE and fin > deadline:
                stats["timeouts"][st] += 1
                rec[3] = state = ORPHAN
                self.seq = rank
                self._failed_one(job, deadline, end)
                rank = self.seq
            pos += 1
            rank += 1
            rec[1] = pos
            rec[2] = fin
            rec[5] = t
            rec[6] = rank
            if forks_at[st]:
                for route_index, at, tables in forks_at[st]:
                    if route_index == rid and at == pos - 1:
                        self.seq = rank
                        self._spawn_one(tables, fin, heap, members, end, touched)
                        rank = self.seq
            if pos == len(stations):
                finished.append(job)
            elif stations[pos] in members and fin < end:
                heappush(heap, (fin, t, rank, job))
        self.seq = rank
        self._sync(touched)
        if finished:
            self._finish(np.array(finished, dtype=np.int64))
        done = set(finished)
        going = [j for j, rec in touched.items() if rec[3] != DEAD and j not in done]
        if going:
            ids = np.array(going, dtype=np.int64)
            jobs = self.jobs
            self.inbox.put_routed(
                ids, self.route_st[jobs["rid"][ids], jobs["pos"][ids]], jobs["now"][ids]
            )

    def _sync(self, touched: dict[int, list]) -> None:
        """Write the group loop's job records back to the arrays."""
        np = self.np
        if not touched:
            return
        ids = np.fromiter(touched.keys(), dtype=np.int64, count=len(touched))
        _, pos, now, state, _, prev, rank = zip(*touched.values(), strict=False)
        self.jobs["pos"][ids] = pos
        self.jobs["now"][ids] = now
        self.jobs["state"][ids] = state
        self.jobs["prev"][ids] = prev
        self.jobs["rank"][ids] = rank

    def _spawn_one(
        self,
        tables: tuple[RouteTable, ...],
        when: float,
        heap: list[tuple[float, float, int, int]],
        members: set[int],
        end: float,
        touched: dict[int, list],
    ) -> None:
        np = self.np
        for table in tables:
            rid = self._choose(table, 1, fork=True)
            rank = self._ranks(1)
            new = self.jobs.add(
                rid=rid, now=when, t0=when, deadline=INF, state=ASYNC, prev=when, rank=rank
            )
            first = int(self.route_st[rid[0], 0])
            if first in members and when < end:
                job = int(new[0])
                touched[job] = [int(rid[0]), 0, when, ASYNC, INF, when, int(rank[0])]
                heapq.heappush(heap, (when, when, int(rank[0]), job))
            else:
                self._dispatch(new, self.route_st[rid, 0], np.array([when]))
