"""The queue-by-queue engine: stations one after the other, window by window.

Inside a window of time, stations are simulated one at a time in call
order: a request's arrival at a station is known once the stations before it
are done, so each station is a sorted list of arrivals served first come,
first served by a plain loop (or with arrays where nobody waits), with no
event heap. Arrivals at or after the window's end wait for the next window,
in their next station's inbox (`batch_jobs.py`), so every station still sees
its arrivals in time order.

A client retry breaks that order: a window that finds one due before its end
is redone with it (`batch_windows.py`). Node failures are in
`batch_faults.py`, loops of stations in `batch_group.py`. `run()` raises
`Feedback` for the few designs only the event engine (`events.py`), which
implements the same model and gives the same numbers, can run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from coach.simulate import sampling
from coach.simulate.batch_faults import FaultPlan, FaultSteps, batch_can_run
from coach.simulate.batch_group import GroupSteps
from coach.simulate.batch_jobs import Inboxes, Jobs, merge_traces
from coach.simulate.batch_loops import (
    LEAST,
    RANDOM,
    ROUND,
    SINGLE,
    TWO,
    StationState,
    counted_loop,
    general_loop,
    many_nodes,
    one_node,
    routing_code,
)
from coach.simulate.batch_spec import (
    BUSY_SHARE,
    LOOP_WINDOWS,
    MIN_VISITS,
    serve_counted,
    serve_node,
)
from coach.simulate.batch_windows import Early, Feedback, Windows
from coach.simulate.graph import all_routes
from coach.simulate.result import RawResult, StationTrace
from coach.simulate.topology import RouteTable, Topology

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Batch", "Feedback"]

INF = float("inf")
STRETCH = 256  # visits a counted station serves between two saves of its state
COMPACT_JOBS = 32_768  # jobs in the table before finished ones are first forgotten
LIVE, ORPHAN, ASYNC, DEAD, DONE = 0, 1, 2, 3, 4
# a retry: (when, sequence, request start, attempt, route id, when the last attempt failed)
RetryItem = tuple[float, int, float, int, int, float]


class Batch(Windows, GroupSteps, FaultSteps):
    """One queue-by-queue run; `run()` raises `Feedback` when it must give up."""

    def __init__(
        self,
        topology: Topology,
        groups: list[list[int]],
        *,
        requests: int,
        seed: int,
        progress: Callable[[float], None] | None = None,
        trace: bool = False,
    ) -> None:
        import numpy as np

        self.np = np
        self.topology = topology
        self.requests = requests
        self.progress = progress
        self.tracing = trace
        design = topology.design
        stations = topology.stations
        n = len(stations)
        seeds = np.random.SeedSequence(seed).spawn(3 + 2 * n)
        self.rngs = [np.random.default_rng(s) for s in seeds]
        self.fork_stream = sampling.Stream(self.rngs[2], self.rngs[2].random)
        self.service = [
            sampling.Stream(
                self.rngs[3 + st.index],
                sampling.service_draw(
                    self.rngs[3 + st.index],
                    design.components[st.component_index].service_ms,
                    st.mean_ms,
                ),
            )
            for st in stations
        ]
        self.uniform = [
            sampling.Stream(self.rngs[3 + n + i], self.rngs[3 + n + i].random) for i in range(n)
        ]
        retry = design.retry
        self.timeout = retry.timeout_ms if retry else INF
        self.max_attempt = retry.attempts if retry else 0
        self.backoff = retry.backoff_ms if retry else 0.0
        self.routes = all_routes(topology.table)
        self.route_id = {id(r): i for i, r in enumerate(self.routes)}
        width = max(len(r.stations) for r in self.routes) + 1
        self.route_st = np.full((len(self.routes), width), -1, dtype=np.int64)
        for i, r in enumerate(self.routes):
            self.route_st[i, : len(r.stations)] = r.stations
        self.forks_at: list[list[tuple[int, int, tuple[RouteTable, ...]]]] = [[] for _ in range(n)]
        for i, r in enumerate(self.routes):
            for pos, tables in r.forks.items():
                self.forks_at[r.stations[pos]].append((i, pos, tables))
        repeats = {
            a
            for r in self.routes
            for a, b in zip(r.stations, r.stations[1:], strict=False)
            if a == b
        }
        self.steps = [(g, len(g) > 1 or g[0] in repeats) for g in groups]
        self.plan = FaultPlan(topology)
        looped = {st for g, looped in self.steps if looped for st in g}
        if not batch_can_run(topology, looped):
            raise Feedback
        self.codes = [
            routing_code(design.components[st.component_index].routing, st.nodes) for st in stations
        ]
        self.states = [StationState.empty(st.nodes, st.concurrency) for st in stations]
        self.loop_windows = [0] * n  # windows left before trying the arrays again, per station
        self.loop_strikes = [0] * n
        self.expected = max(sum(topology.visits), 1.0) * requests

    # -- the run ----------------------------------------------------------------

    def run(self) -> RawResult:
        np = self.np
        n = len(self.topology.stations)
        load = self.topology.design.load
        self.arrivals = sampling.arrival_array(self.rngs[0], load, self.requests)
        # finished jobs are forgotten between windows (`_compact_jobs`): the table holds
        # the jobs under way, not the run's millions, which cost more to write than to serve
        self.jobs = Jobs(np, min(self.requests, COMPACT_JOBS) + 1024)
        self.compact_at = COMPACT_JOBS
        self.inbox = Inboxes(np, self.jobs, n)
        self.injected: dict[tuple[float, int, int], RetryItem] = {}  # see `batch_windows.py`
        self.late: dict[tuple[float, int, int], RetryItem] = {}
        self.memo: dict[int, tuple[Any, ...]] = {}  # per station, this window's last pass
        self.stop_early = False
        self.pass_no = 0  # passes of windows so far, for `memo`
        self.cursor = 0
        # retries not yet due: chunks of columns (when, sequence, start, attempt, route, failed)
        self.retries: list[tuple[np.ndarray, ...]] = []
        self.seq = 0
        self.stats = {
            k: [0.0] * n for k in ("busy", "wait", "visits", "dropped", "timeouts", "errors")
        }
        self.doomed = []
        self.failed = 0
        self.answered: list[np.ndarray] = []
        self.busy_window: list[float] | None = None
        self.sent = self.requests
        self.latencies: list[np.ndarray] = []
        self.async_latencies: list[np.ndarray] = []
        self.traces: list[tuple[int, StationTrace]] = []
        self._windows()
        return self._result()

    def _compact_jobs(self) -> None:
        """Between windows, once the table has doubled since the last look: keep only the
        jobs still waiting in an inbox or to be failed by a fault, renumbered in order."""
        jobs = self.jobs
        if jobs.count < self.compact_at:
            return
        np = self.np
        doomed = np.array([d[3] for d in self.doomed], dtype=np.int64)
        kept = np.zeros(jobs.count, dtype=bool)  # a mark per job: no sort, as unique would
        kept[doomed] = True
        for ids in self.inbox.ids():
            kept[ids] = True
        keep = np.flatnonzero(kept)
        if 2 * len(keep) <= jobs.count:
            jobs.compact(keep)
            self.inbox.renumber(keep)
            where = np.searchsorted(keep, doomed).tolist()
            self.doomed = [(*d[:3], w) for d, w in zip(self.doomed, where, strict=True)]
        self.compact_at = max(2 * jobs.count, COMPACT_JOBS)

    def _window(self, end: float) -> None:
        np = self.np
        stop = int(np.searchsorted(self.arrivals, end, side="left")) if end < INF else self.requests
        if stop > self.cursor:
            times = self.arrivals[self.cursor : stop]
            rid = self._choose(self.topology.table, len(times))
            ids = self.jobs.add(
                rid=rid,
                now=times,
                t0=times,
                deadline=times + self.timeout,
                state=LIVE,
                prev=times,
                rank=self._ranks(len(times)),
            )
            self.inbox.put_routed(ids, self.route_st[rid, 0], times)
            self.cursor = stop
        due = self._due(end)
        if due is not None:
            when, seq, t0, attempt, rid, failed_at = due
            ids = self.jobs.add(
                rid=rid,
                now=when,
                t0=t0,
                deadline=when + self.timeout,
                attempt=attempt,
                state=LIVE,
                prev=failed_at,
                rank=seq,
            )
            self.inbox.put_routed(ids, self.route_st[rid, 0], when)
        for group, looped in self.steps:
            if looped:
                self._group(group, end)
            else:
                self._station(group[0], end)

    def _ranks(self, count: int) -> np.ndarray:
        """The next `count` numbers of the order in which steps are taken."""
        first = self.seq + 1
        self.seq += count
        return self.np.arange(first, first + count)

    def _choose(self, table: RouteTable, count: int, fork: bool = False) -> np.ndarray:
        """Route ids for `count` new jobs, drawn with the table's probabilities."""
        np = self.np
        ids = np.array([self.route_id[id(r)] for r in table.routes], dtype=np.int64)
        if len(ids) == 1:
            return np.full(count, ids[0], dtype=np.int64)
        if fork:
            u = self.fork_stream.take(count)
            cumulative = np.asarray(table.cumulative)
            picks = np.searchsorted(cumulative, u * cumulative[-1], side="right")
            return ids[np.minimum(picks, len(ids) - 1)]
        p = np.asarray(table.probabilities, dtype=float)
        return ids[self.rngs[1].choice(len(ids), size=count, p=p / p.sum())]

    # -- one station, one window ------------------------------------------------

    def _station(self, st: int, end: float) -> None:
        np = self.np
        jobs = self.jobs
        sel = self.inbox.take([st], end)
        if not len(sel):
            return
        arrive = jobs["now"][sel]
        # usually in order already, and all apart: then there is nothing to sort
        apart = len(arrive) < 2 or bool((np.diff(arrive) > 0).all())
        if not apart:
            order = np.argsort(arrive, kind="stable")
            sel, arrive = sel[order], arrive[order]
        if not apart and not np.diff(arrive).all():
            # visits arriving together are served in the order their previous steps were
            # taken, as the event engine serves them (equal times come from a node failure,
            # whose lost requests all retry at once, and from constant service times)
            order = np.lexsort((jobs["rank"][sel], jobs["prev"][sel], arrive))
            sel, arrive = sel[order], arrive[order]
        if self.plan.lowest_up(st) == self.topology.stations[st].nodes:
            self._unserved(st, sel, arrive, end)
            return
        service = self.service[st].take(len(sel))
        fin, nodes = self._serve(st, arrive, service)
        # only a queue limit refuses visits (NaN)
        kept = ~np.isnan(fin) if self.topology.stations[st].queue_limit is not None else None
        if kept is not None and not kept.all():
            self.stats["dropped"][st] += int((~kept).sum())
            self._failed(sel[~kept], arrive[~kept], end, dead=True)
            sel, arrive, service, fin, nodes = (a[kept] for a in (sel, arrive, service, fin, nodes))
        if st in self.plan.faulty:
            doomed = fin > np.asarray(self.plan.kill_at[st])[nodes]
            if doomed.any():
                self._doom(st, *(a[doomed] for a in (sel, arrive, service, fin, nodes)), end)
                sel, arrive, service, fin, nodes = (
                    a[~doomed] for a in (sel, arrive, service, fin, nodes)
                )
        stats = self.stats
        stats["busy"][st] += float(service.sum())
        stats["wait"][st] += float(np.maximum(fin - service - arrive, 0.0).sum())
        stats["visits"][st] += len(sel)
        if self.timeout < INF:  # without a client timeout every deadline is infinite
            self._late(st, sel, fin, end)
        if self.tracing:
            self.traces.append((st, StationTrace(arrive, fin - service, fin, nodes)))
        pos = jobs["pos"][sel] + 1
        onward = self.route_st[jobs["rid"][sel], pos]
        ranks = self._ranks(len(sel))
        if self.forks_at[st]:
            self._spawn(st, sel, fin)
        going = onward >= 0
        if not going.all():
            # routes that end here: the jobs are done, and their columns are not written
            self._finish(sel[~going], fin[~going])
            sel, arrive, fin, pos, onward, ranks = (
                a[going] for a in (sel, arrive, fin, pos, onward, ranks)
            )
        jobs["now"][sel] = fin
        jobs["pos"][sel] = pos
        jobs["prev"][sel] = arrive
        jobs["rank"][sel] = ranks
        self.inbox.put_routed(sel, onward, fin)

    def _late(self, st: int, sel: np.ndarray, fin: np.ndarray, end: float) -> None:
        """Attempts that finish here after their client gave up: they time out."""
        jobs = self.jobs
        late = (jobs["state"][sel] == LIVE) & (fin > jobs["deadline"][sel])
        if late.any():
            self.stats["timeouts"][st] += int(late.sum())
            late_ids = sel[late]
            self._failed(late_ids, jobs["deadline"][late_ids], end, dead=False)

    def _dispatch(self, ids: np.ndarray, onward: np.ndarray, when: np.ndarray) -> None:
        """Jobs to their next station (`onward`, -1 at the end of their route), due `when`."""
        going = onward >= 0
        if not going.all():
            self._finish(ids[~going])
            ids, onward, when = ids[going], onward[going], when[going]
        self.inbox.put_routed(ids, onward, when)

    def _serve(
        self, st: int, arrive: np.ndarray, service: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Finish time of each visit (NaN: refused) and the node that served it."""
        np = self.np
        station = self.topology.stations[st]
        state, code, m = self.states[st], self.codes[st], len(arrive)
        lo = self.plan.lowest_up(st)  # the nodes below are down
        up = station.nodes - lo
        if station.queue_limit is None and code in (SINGLE, ROUND, RANDOM):
            if code == SINGLE:
                nodes = np.zeros(m, dtype=np.int64)
            elif code == ROUND:
                nodes = lo + (state.turn + np.arange(m)) % up
                state.turn += m
            else:
                nodes = lo + (self.uniform[st].take(m) * up).astype(np.int64)
            if self._arrays_pay(st, m, up) and bool((service > 0).all()):
                served = self._serve_arrays(st, arrive, service, nodes, up)
                if served is not None:
                    return served, nodes
            # the loops read the arrays through memoryviews: a float made per step and
            # freed at the next is cheaper than a list of all of them made first
            if code == SINGLE:
                return one_node(np, arrive, service, state.slots[0]), nodes
            times, needs = memoryview(arrive), memoryview(service)
            fins = many_nodes(times, needs, nodes.tolist(), state.slots)
            return np.array(fins, dtype=float), nodes
        draws = {RANDOM: m, TWO: 2 * m if up > 1 else 0}.get(code, 0)
        u = self.uniform[st].take(draws).tolist() if draws else []
        if (
            station.queue_limit is None
            and code in (LEAST, TWO)
            and not state.backlog()
            and self._arrays_pay(st, m, up)
            and bool((service > 0).all())
        ):
            fins, chosen, clear = serve_counted(np, arrive, service, u, state, code, lo)
            self._busy_lately(st, m - clear, m)
        elif station.queue_limit is None and code in (LEAST, TWO):
            fins, chosen = self._counted(st, arrive, service, u, code, lo)
        else:
            fins, chosen = general_loop(
                arrive.tolist(), service.tolist(), u, state, code, station.queue_limit, lo
            )
        return np.array(fins, dtype=float), np.array(chosen, dtype=np.int64)

    def _counted(
        self, st: int, arrive: np.ndarray, service: np.ndarray, u: list[float], code: int, lo: int
    ) -> tuple[list[float], list[int]]:
        """`counted_loop` in stretches of `STRETCH` visits, the station's state saved before
        each: when a window is redone for a retry (`batch_windows.py`), the visits this
        station gets before the retry's are the same, and are not served again."""
        np = self.np
        state, m = self.states[st], len(arrive)
        if not self.max_attempt:  # no retries, no window is done twice
            return counted_loop(arrive.tolist(), service.tolist(), u, state, code, lo)
        per = 2 if code == TWO and self.topology.stations[st].nodes - lo > 1 else 0
        memo = self.memo.get(st)
        fins: list[float] = []
        chosen: list[int] = []
        done, points = 0, {}
        # only the pass just undone: its waiting requests are the ones the undo kept aside
        if memo is not None and memo[5] == lo and memo[7] == self.pass_no - 1:
            before, served, points, old_fins, old_chosen, _, base, _ = memo
            n = min(m, len(before))
            differ = np.flatnonzero((arrive[:n] != before[:n]) | (service[:n] != served[:n]))
            same = int(differ[0]) if len(differ) else n
            done = max(i for i in points if i <= same)
            points = {i: p for i, p in points.items() if i <= done}
            if done:
                state.resume(points[done], base)
                fins, chosen = old_fins[:done], old_chosen[:done]
        else:
            base = [len(queue) for queue in state.queued]
        times, needs = arrive.tolist(), service.tolist()
        for i in range(done, m, STRETCH):
            points.setdefault(i, state.mark())
            j = i + STRETCH
            more, where = counted_loop(
                times[i:j], needs[i:j], u[per * i : per * j], state, code, lo
            )
            fins += more
            chosen += where
        points[m] = state.mark()
        self.memo[st] = (arrive, service, points, fins, chosen, lo, base, self.pass_no)
        return fins, chosen

    def _arrays_pay(self, st: int, visits: int, up: int) -> bool:
        """Serve this window's visits with arrays (`batch_spec.py`), or with the loop? The
        arrays, unless the station was often full lately or has few visits per node."""
        if visits < MIN_VISITS * up:
            return False
        skip = self.loop_windows[st]
        if skip:
            self.loop_windows[st] = skip - 1
            return False
        return True

    def _serve_arrays(
        self, st: int, arrive: np.ndarray, service: np.ndarray, nodes: np.ndarray, up: int
    ) -> np.ndarray | None:
        """The visits' finish times, or None when one node had too many waits to serve them
        with arrays (the window goes to the plain loop, the station unchanged)."""
        np = self.np
        slots = self.states[st].slots
        if up == 1:
            fins, full = serve_node(
                np, arrive, service, slots[int(nodes[0])], most=BUSY_SHARE * len(arrive)
            )
            if fins is None:
                self._busy_lately(st, full, len(arrive))
                return None
        else:
            order = np.argsort(nodes, kind="stable")
            fins = np.empty(len(arrive))
            full, at = 0, 0
            for node, count in enumerate(np.bincount(nodes, minlength=len(slots)).tolist()):
                if count:
                    idx = order[at : at + count]
                    at += count
                    fins[idx], waited = serve_node(np, arrive[idx], service[idx], slots[node])
                    full += waited
        self._busy_lately(st, full, len(arrive))
        return fins

    def _busy_lately(self, st: int, full: int, visits: int) -> None:
        """A station often full goes to the plain loop for a while (longer each time): the
        loop is cheaper there than the arrays and the loop they fall back to."""
        if full > BUSY_SHARE * visits:
            self.loop_strikes[st] += 1
            self.loop_windows[st] = LOOP_WINDOWS << min(self.loop_strikes[st], 6)
        else:
            self.loop_strikes[st] = 0

    # -- what happens to requests -------------------------------------------------

    def _failed(self, ids: np.ndarray, when: np.ndarray, end: float, *, dead: bool) -> None:
        """Attempts refused (dead) or timed out at `when`: retry them if attempts are left."""
        jobs = self.jobs
        live = jobs["state"][ids] == LIVE
        jobs["state"][ids] = DEAD if dead else ORPHAN
        ids = ids[live]
        if not len(ids):
            return
        self._retry_all(jobs["attempt"][ids], jobs["t0"][ids], jobs["rid"][ids], when[live], end)

    def _failed_one(self, job: int, at: float, end: float) -> None:
        jobs = self.jobs
        attempt, t0, rid = int(jobs["attempt"][job]), float(jobs["t0"][job]), int(jobs["rid"][job])
        self._retry_all([attempt], [t0], [rid], [at], end)

    def _retry_all(
        self,
        attempts: Sequence[int] | np.ndarray,
        t0s: Sequence[float] | np.ndarray,
        rids: Sequence[int] | np.ndarray,
        ats: Sequence[float] | np.ndarray,
        end: float,
    ) -> None:
        """Queue the next attempt of each failed one (at `at` + backoff), in order; a retry
        due before `end` is noted for the window to be redone with it (`batch_windows.py`)."""
        np = self.np
        attempt = np.asarray(attempts, dtype=np.int64)
        left = attempt < self.max_attempt
        count = int(left.sum())
        self.failed += len(attempt) - count
        if not count:
            return
        at = np.asarray(ats, dtype=float)[left]
        chunk = (
            at + self.backoff,
            np.arange(self.seq + 1, self.seq + 1 + count),
            np.asarray(t0s, dtype=float)[left],
            attempt[left] + 1,
            np.asarray(rids, dtype=np.int64)[left],
            at,
        )
        self.seq += count
        self.sent += count
        early = chunk[0] < end
        if early.any():
            if self.stop_early:
                raise Early(float(chunk[0][early].min()))
            for item in zip(*(column[early].tolist() for column in chunk), strict=True):
                self.late[(item[2], item[3], item[4])] = item
            chunk = tuple(column[~early] for column in chunk)
        if len(chunk[0]):
            self.retries.append(chunk)

    def _due(self, end: float) -> tuple[np.ndarray, ...] | None:
        """The retries due before `end` (taken out), and those the window is redone with."""
        np = self.np
        parts, kept = [], []
        for chunk in self.retries:
            early = chunk[0] < end
            if early.all():
                parts.append(chunk)
            elif early.any():
                parts.append(tuple(column[early] for column in chunk))
                kept.append(tuple(column[~early] for column in chunk))
            else:
                kept.append(chunk)
        self.retries = kept
        if self.injected:
            items = list(self.injected.values())
            parts.append(tuple(np.array(c) for c in zip(*items, strict=True)))
        if not parts:
            return None
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(6))

    def _spawn(self, st: int, ids: np.ndarray, fin: np.ndarray) -> None:
        """Start the asynchronous work of queue visits that just ended."""
        rid = self.jobs["rid"][ids]
        for route_index, _, tables in self.forks_at[st]:
            starts = fin[rid == route_index]
            for table in tables:
                if len(starts):
                    routes = self._choose(table, len(starts), fork=True)
                    new = self.jobs.add(
                        rid=routes,
                        now=starts,
                        t0=starts,
                        deadline=INF,
                        state=ASYNC,
                        prev=starts,
                        rank=self._ranks(len(starts)),
                    )
                    self._dispatch(new, self.route_st[routes, 0], starts)

    def _finish(self, ids: np.ndarray, now: np.ndarray | None = None) -> None:
        """Jobs done, answered at `now` (by default the time in their column)."""
        jobs = self.jobs
        state = jobs["state"][ids]
        if now is None:
            now = jobs["now"][ids]
        took = now - jobs["t0"][ids]
        live = state == LIVE
        if live.all():  # the usual case: no mask to apply
            self.latencies.append(took)
            self.answered.append(now)
            self.async_latencies.append(took[:0])
        else:
            self.latencies.append(took[live])
            self.answered.append(now[live])
            self.async_latencies.append(took[state == ASYNC])
        jobs["state"][ids] = DONE

    def _result(self) -> RawResult:
        np = self.np
        # as the event engine: the last arrival or the last visit still on a node that did
        # not fail (a slot's free time only grows, so its last value is its latest finish)
        ends = [max(slots) for state in self.states for slots in state.slots]
        duration = max([float(self.arrivals.max(initial=0.0)), *ends])
        stats = self.stats
        return RawResult(
            requests=self.requests,
            latencies=np.concatenate([np.zeros(0), *self.latencies]),
            async_latencies=np.concatenate([np.zeros(0), *self.async_latencies]),
            failed=self.failed,
            attempts=self.sent,
            duration_ms=duration,
            busy=stats["busy"],
            wait_sum=stats["wait"],
            visits=[int(v) for v in stats["visits"]],
            dropped=[int(v) for v in stats["dropped"]],
            errors=[int(v) for v in stats["errors"]],
            timeouts=[int(v) for v in stats["timeouts"]],
            engine="batch",
            lost_node_ms=self.plan.lost_node_ms(duration),
            answered_at=np.concatenate([np.zeros(0), *self.answered]),
            last_arrival_ms=float(self.arrivals.max(initial=0.0)),
            trace=merge_traces(np, self.traces) if self.tracing else None,
            busy_window=self.busy_window,
        )
