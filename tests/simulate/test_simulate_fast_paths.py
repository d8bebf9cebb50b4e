"""The fast paths: node failures in the queue-by-queue engine, the event calendar, run length."""

from __future__ import annotations

import heapq
import math
import random
from typing import Any

import numpy as np
import pytest

from coach.simulate import batch_windows
from coach.simulate.batch_jobs import Inboxes, Jobs
from coach.simulate.batch_loops import (
    LEAST,
    TWO,
    StationState,
    counted_loop,
    general_loop,
    one_node,
)
from coach.simulate.batch_spec import serve_node
from coach.simulate.batch_windows import Feedback
from coach.simulate.design import Design, Fault, Retry
from coach.simulate.engine import (
    MAX_PRECISE_REQUESTS,
    P99_TARGET,
    PILOT_REQUESTS,
    UNSTABLE_REQUESTS,
    default_requests,
    run,
    simulate,
    storm_likely,
    storm_windows,
)
from coach.simulate.event_queue import Calendar
from coach.simulate.events_faults import PRUNE, prune
from coach.simulate.overrides import apply_overrides
from coach.simulate.precision import precision
from coach.simulate.report import SimReport
from coach.simulate.slicing import symmetric_slice
from coach.simulate.topology import build


def comp(name: str, kind: str = "service", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "kind": kind, "service_ms": {"mean": 1.0}}
    data.update(fields)
    return data


def constant(mean_ms: float) -> dict[str, Any]:
    return {"mean": mean_ms, "dist": "constant"}


CONSTANT = {"service_ms": constant(1)}


def three_tier(faults: list[dict[str, Any]], **top: Any) -> Design:
    """A load balancer with constant service, an app tier, a replicated database."""
    return Design.model_validate(
        {
            "load": {"rps": 2000, "read_ratio": 0.8},
            "components": [
                comp(
                    "lb",
                    "load_balancer",
                    nodes=2,
                    concurrency=2,
                    calls=["app"],
                    service_ms={"mean": 0.5, "dist": "constant"},
                ),
                comp(
                    "app",
                    nodes=4,
                    concurrency=8,
                    routing="least_connections",
                    calls=["db"],
                    service_ms={"mean": 10, "dist": "lognormal", "p99": 40},
                ),
                comp(
                    "db",
                    "database",
                    nodes=2,
                    replicas=1,
                    concurrency=4,
                    routing="power_of_two",
                    queue_limit=30,
                    service_ms={"mean": 3},
                ),
            ],
            "faults": faults,
            **top,
        }
    )


def same_numbers(fast: SimReport, slow: SimReport) -> None:
    assert fast.engine == "batch" and slow.engine == "event"
    assert (fast.attempts, fast.failed) == (slow.attempts, slow.failed)
    for name, c in fast.components.items():
        other = slow.components[name]
        for field in ("errors", "timeouts", "dropped"):
            assert c.total(field) == other.total(field), (name, field)
        assert c.visits == other.visits, name
        assert c.mean_wait_ms == pytest.approx(other.mean_wait_ms, rel=1e-9, abs=1e-9)
        assert c.utilization == pytest.approx(other.utilization, rel=1e-9)
    assert fast.latency is not None and slow.latency is not None
    assert fast.latency.p99 == slow.latency.p99 and fast.latency.max == slow.latency.max
    assert fast.duration_s == slow.duration_s


# a short timeout and a backoff (a retry due at the very moment a window starts, as a
# refusal retried without backoff is, cannot be rolled back to: the event engine runs it)
RETRY = {"attempts": 2, "timeout_ms": 60, "backoff_ms": 2}
FAILURES = {
    # two app nodes fail, then a third while they are down; requests lost on them, and
    # requests waiting there whose timeout had not yet fired, are retried at the failure:
    # they all reach the constant-time load balancer at once, and it queues them
    "app, overlapping": [
        {"component": "app", "nodes": 2, "at_s": 3, "for_s": 3},
        {"component": "app", "nodes": 1, "at_s": 4, "for_s": 1},
    ],
    "db, a primary and the replica": [
        {"component": "db", "nodes": 1, "replicas": 1, "at_s": 2, "for_s": 4},
    ],
    "every lb node": [
        {"component": "lb", "nodes": 2, "at_s": 3, "for_s": 0.05},
    ],
}


@pytest.mark.parametrize("faults", FAILURES.values(), ids=FAILURES.keys())
def test_both_engines_give_the_same_numbers_with_node_failures(
    faults: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = three_tier(faults, retry=RETRY)
    # retries come often here: windows bounded by the timeout, however few they hold
    monkeypatch.setattr(batch_windows, "MIN_SPAN", 0)
    fast = simulate(d, requests=12_000, seed=5, method="batch")
    slow = simulate(d, requests=12_000, seed=5, method="event")
    same_numbers(fast, slow)
    assert sum(c.total("errors") for c in fast.components.values()) > 0
    assert fast.attempts > 12_000


def test_requests_reaching_a_station_together_go_in_the_order_of_their_previous_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Requests lost in one failure retry at the same moment, and constant service times
    # keep them together (and bring others level with them) all the way down: at every
    # station, both engines serve equal arrivals in the order their previous steps were
    # taken, also in the two caches and the database requests go back and forth between.
    d = Design.model_validate(
        {
            "load": {"rps": 100},
            "components": [
                comp("lb", "load_balancer", nodes=2, calls=["app"], service_ms=constant(1)),
                comp("app", nodes=2, concurrency=8, calls=["c1", "c2"], service_ms=constant(60)),
                comp("c1", "cache", hit_ratio=0.5, concurrency=4, calls=["db"]) | CONSTANT,
                comp("c2", "cache", hit_ratio=0.5, concurrency=4, calls=["db"]) | CONSTANT,
                comp("db", service_ms={"mean": 2}),
            ],
            "faults": [
                {"component": "app", "nodes": 1, "at_s": 1 + i, "for_s": 0.5} for i in range(24)
            ],
            "retry": {"attempts": 1, "timeout_ms": 500, "backoff_ms": 3},
        }
    )
    monkeypatch.setattr(batch_windows, "MIN_SPAN", 0)
    fast = simulate(d, requests=3_000, seed=3, method="batch")
    slow = simulate(d, requests=3_000, seed=3, method="event")
    same_numbers(fast, slow)


def test_without_retries_failures_lose_requests_the_same_way_in_both_engines() -> None:
    d = three_tier([{"component": "app", "nodes": 4, "at_s": 2, "for_s": 0.5}])
    fast = simulate(d, requests=12_000, seed=2, method="batch")
    slow = simulate(d, requests=12_000, seed=2, method="event")
    same_numbers(fast, slow)
    assert fast.failed == fast.components["app"].total("errors") > 500


STORMS = {
    # the overloaded tier times out most attempts long before their deadline; some time
    # out later, in the database, and their retries are due inside the window
    "timeouts": three_tier(
        [], retry={"attempts": 3, "timeout_ms": 80}, load={"rps": 4000, "read_ratio": 0.8}
    ),
    # every app node down for a while: each request is refused there and retried at once
    "refused": three_tier(
        [{"component": "app", "nodes": 4, "at_s": 2, "for_s": 2}],
        retry={"attempts": 1, "timeout_ms": 300},
    ),
    # a x3 spike overloads a least-connections tier in front of two caches and the one
    # database they both call (simulated visit by visit)
    "a spike through a loop": Design.model_validate(
        {
            "load": {
                "rps": 2000,
                "read_ratio": 0.9,
                "pattern": {"kind": "spike", "factor": 3, "start_s": 1, "length_s": 1},
            },
            "components": [
                comp("lb", "load_balancer", nodes=2, concurrency=8, calls=["app"]) | CONSTANT,
                comp(
                    "app",
                    nodes=4,
                    concurrency=4,
                    routing="least_connections",
                    calls=["c1", "c2"],
                    service_ms={"mean": 3},
                ),
                comp("c1", "cache", nodes=2, concurrency=4, hit_ratio=0.7, calls=["db"]),
                comp("c2", "cache", nodes=2, concurrency=4, hit_ratio=0.7, calls=["db"]),
                comp("db", "database", nodes=2, concurrency=4, service_ms={"mean": 4}),
            ],
            "retry": {"attempts": 1, "timeout_ms": 100},
        }
    ),
    # the database's queue limit refuses visits (retried at once), a node fails mid-storm
    "limits and a failure": three_tier(
        [{"component": "app", "nodes": 1, "at_s": 1.5, "for_s": 1}],
        retry={"attempts": 2, "timeout_ms": 60},
        load={"rps": 3800, "read_ratio": 0.3},
    ),
}


@pytest.mark.parametrize("design", STORMS.values(), ids=STORMS.keys())
def test_a_retry_storm_gives_the_same_numbers_in_both_engines(design: Design) -> None:
    fast = simulate(design, requests=12_000, seed=9, method="batch")
    slow = simulate(design, requests=12_000, seed=9, method="event")
    same_numbers(fast, slow)
    assert fast.attempts > 1.3 * 12_000  # a storm indeed


def test_a_window_redone_too_often_is_cut_at_its_first_retry_with_the_same_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch_windows, "MAX_PASSES", 1)
    d = STORMS["timeouts"]
    same_numbers(
        simulate(d, requests=8_000, seed=2, method="batch"),
        simulate(d, requests=8_000, seed=2, method="event"),
    )


def test_a_storm_runs_in_the_fast_engine_unless_its_timeout_is_too_short_for_windows() -> None:
    patient = {"attempts": 1, "timeout_ms": 300}
    mild = three_tier([{"component": "app", "nodes": 1, "at_s": 2, "for_s": 2}], retry=patient)
    assert not storm_likely(build(mild), 12_000)
    report = simulate(mild, requests=12_000)
    assert report.engine == "batch" and report.components["app"].total("errors") > 0
    dark = three_tier([{"component": "app", "nodes": 4, "at_s": 2, "for_s": 2}], retry=patient)
    assert storm_likely(build(dark), 12_000)  # every request to app fails and is retried
    assert storm_windows(build(dark))  # 300 ms hold 600 arrivals
    assert simulate(dark, requests=12_000).engine == "batch"
    hasty = dark.model_copy(update={"retry": Retry(attempts=1, timeout_ms=20)})
    assert not storm_windows(build(hasty))  # 20 ms hold 40 arrivals: the event engine
    assert simulate(hasty, requests=12_000).engine == "event"
    # retries every few requests, and a timeout too short to bound windows by: the batch
    # engine hands over (in `auto` the model sees the storm coming and skips it)
    refused = three_tier(FAILURES["db, a primary and the replica"], retry=RETRY)
    with pytest.raises(Feedback):
        simulate(refused, requests=12_000, seed=5, method="batch")
    assert simulate(refused, requests=12_000, seed=5).engine == "event"
    crushed = three_tier([], retry=patient, load={"rps": 4000, "read_ratio": 0.8})
    assert storm_likely(build(crushed), 12_000)  # app offered 125%: timeouts pile up
    assert not storm_likely(build(crushed), 1_000)  # not in a run this short
    assert not storm_likely(build(crushed.model_copy(update={"retry": None})), 12_000)


# -- how many requests by default -----------------------------------------------------------


def test_an_unstable_design_runs_fifty_thousand_requests_by_default_and_says_so() -> None:
    crushed = three_tier([], load={"rps": 4000, "read_ratio": 0.8})
    assert default_requests(crushed) == UNSTABLE_REQUESTS
    report = simulate(crushed)
    assert report.requests == UNSTABLE_REQUESTS
    assert any("ran 50,000 requests: with app unstable" in w for w in report.warnings)
    asked = simulate(crushed, requests=60_000)
    assert asked.requests == 60_000
    assert not any("ran 50,000" in w for w in asked.warnings)


def test_a_steady_run_is_as_long_as_its_intervals_need() -> None:
    calm = three_tier([])  # far from saturation: the first run is precise enough
    assert default_requests(calm) == PILOT_REQUESTS
    assert simulate(calm).requests == PILOT_REQUESTS
    # near saturation the first run's p99 is known to +-10% or so: the run is longer,
    # and its figures are those of a run asked for with that many requests
    busy = three_tier([], load={"rps": 3000, "read_ratio": 0.8})
    report = simulate(busy)
    assert PILOT_REQUESTS < report.requests <= MAX_PRECISE_REQUESTS
    assert report.to_json() == simulate(busy, requests=report.requests).to_json()
    raw = run(build(busy), requests=report.requests, seed=1)
    known = precision(raw.latencies, raw.answered_at)
    assert known is not None
    assert known.p99.relative <= P99_TARGET * 1.5 or report.requests == MAX_PRECISE_REQUESTS


def test_an_unstable_design_still_runs_past_its_last_fault() -> None:
    late = [{"component": "app", "nodes": 1, "at_s": 40, "for_s": 20}]
    crushed = three_tier(late, load={"rps": 4000, "read_ratio": 0.8})
    assert default_requests(crushed) == 4000 * 60 * 1.25


# -- the event engine's calendar --------------------------------------------------------


def test_the_calendar_hands_out_events_by_time_then_in_the_order_they_came() -> None:
    rng = random.Random(5)
    calendar, reference = Calendar(width_ms=0.7), []
    got, want, seq, now = [], [], 0, 0.0
    for _ in range(20_000):
        if rng.random() < 0.55 or not reference:
            # ties on purpose: times on a coarse grid, some exactly `now`
            when = now + rng.choice([0.0, 0.25, 0.5, rng.randrange(1, 400) / 4])
            calendar.push(when, seq)
            heapq.heappush(reference, (when, seq))
            seq += 1
            continue
        if not calendar.near:
            calendar.advance()
        when, _, payload = heapq.heappop(calendar.near)
        got.append((when, payload))
        want.append(heapq.heappop(reference))
        now = when
    assert got == want
    assert len(calendar) == len(reference)


def test_a_crashable_node_forgets_finished_work_without_rescanning_a_backlog() -> None:
    # records: [finish, ...]; a backlog keeps most of them, so the next prune waits longer
    records = [[float(i)] for i in range(1000)]
    assert prune(records, now=99.5) == 2 * 900
    assert [r[0] for r in records[:2]] == [100.0, 101.0]
    assert prune([[1.0]], now=5.0) == PRUNE


# -- nodes served with arrays where nobody waits ----------------------------------------


@pytest.mark.parametrize("load", [0.3, 0.8, 0.97, 1.3])
@pytest.mark.parametrize("slots", [1, 4, 16])
def test_a_node_served_with_arrays_finishes_every_visit_as_the_loop_does(
    load: float, slots: int
) -> None:
    rng = np.random.default_rng(int(load * 100) + slots)
    heap = sorted(rng.uniform(0, 30, slots).tolist())  # slots busy from an earlier window
    for dist in ("exponential", "constant"):
        count = 3000
        service = np.full(count, 10.0) if dist == "constant" else rng.exponential(10.0, count)
        gaps = rng.exponential(10.0 / (slots * load), count)
        if dist == "constant":
            gaps = np.round(gaps, 0)  # equal arrival times and finishes on purpose
        arrive = np.cumsum(gaps)
        loop_heap, array_heap = list(heap), list(heap)
        want = one_node(np, arrive, service, loop_heap).tolist()
        got, full = serve_node(np, arrive, service, array_heap)
        assert got.tolist() == want
        assert sorted(array_heap) == sorted(loop_heap)
        assert (full > 0) == bool(np.any(np.asarray(want) - service > arrive))


def test_tiers_served_with_arrays_give_the_event_engines_numbers() -> None:
    # busy enough that nodes fill up now and then (the loop takes those stretches), with
    # round robin and random routing, a single node, and a retry now and then
    d = Design.model_validate(
        {
            "load": {"rps": 3000, "read_ratio": 0.7},
            "components": [
                comp("lb", "load_balancer", nodes=2, concurrency=4, calls=["app"]) | CONSTANT,
                comp("app", nodes=6, concurrency=4, calls=["db"], service_ms={"mean": 6}),
                comp(
                    "db",
                    "database",
                    replicas=2,
                    concurrency=8,
                    routing="random",
                    service_ms={"mean": 3, "dist": "lognormal", "p99": 20},
                ),
            ],
            "retry": {"attempts": 1, "timeout_ms": 80, "backoff_ms": 5},
        }
    )
    fast = simulate(d, requests=60_000, seed=4, method="batch")
    slow = simulate(d, requests=60_000, seed=4, method="event")
    same_numbers(fast, slow)
    assert fast.components["app"].mean_wait_ms > 0.1


@pytest.mark.parametrize("routing", ["least_connections", "power_of_two"])
@pytest.mark.parametrize("rps", [2000, 3400])
def test_counted_routing_served_fast_gives_the_loops_numbers(routing: str, rps: int) -> None:
    # light enough that most windows go through without a wait, busy enough that some
    # hand over to the loop half way; a node down for a while, a retry now and then
    d = Design.model_validate(
        {
            "load": {"rps": rps},
            "components": [
                comp(
                    "api",
                    nodes=6,
                    concurrency=4,
                    routing=routing,
                    calls=["db"],
                    service_ms={"mean": 6, "dist": "lognormal", "p99": 30},
                ),
                comp("db", nodes=3, concurrency=8, routing=routing, service_ms={"mean": 2}),
            ],
            "faults": [{"component": "api", "nodes": 1, "at_s": 5, "for_s": 3}],
            "retry": {"attempts": 1, "timeout_ms": 200, "backoff_ms": 5},
        }
    )
    fast = simulate(d, requests=40_000, seed=6, method="batch")
    slow = simulate(d, requests=40_000, seed=6, method="event")
    same_numbers(fast, slow)


# -- the batch engine's bookkeeping ----------------------------------------------------


def test_an_inbox_hands_out_jobs_by_arrival_and_a_rewind_restores_it() -> None:
    rng = np.random.default_rng(3)
    jobs = Jobs(np, 64)
    jobs.add(now=np.zeros(6000), pos=0, state=0)
    inbox = Inboxes(np, jobs, stations=2)
    times = rng.uniform(0, 100, 6000)
    for part in np.array_split(np.arange(6000), 12):  # more chunks than are kept apart
        inbox.put_routed(part, part % 2, times[part])
    got = inbox.take([0], 30.0)
    assert sorted(got.tolist()) == [i for i in range(0, 6000, 2) if times[i] < 30.0]
    mark = inbox.mark()
    jobs["pos"][inbox.take([1], 60.0)] = 7  # a window changes what it took
    assert not inbox.empty()
    inbox.rewind(mark)
    assert (jobs["pos"][:6000] == 0).all()
    rest = inbox.take([0, 1], float("inf"))
    assert sorted(rest.tolist()) == sorted(set(range(6000)) - set(got.tolist()))
    assert inbox.empty()


@pytest.mark.parametrize("code", [LEAST, TWO])
def test_counted_routing_with_waiting_lists_picks_the_nodes_the_heap_of_all_does(code: int) -> None:
    # an overloaded tier of 5 nodes, 2 down: nearly every visit waits
    rng = np.random.default_rng(code)
    arrive = np.cumsum(rng.exponential(0.2, 20_000)).tolist()
    service = rng.exponential(4.0, 20_000).tolist()
    uniforms = rng.random(40_000).tolist()
    lists, heap_only = StationState.empty(5, 4), StationState.empty(5, 4)
    fast = counted_loop(arrive, service, uniforms, lists, code, lo=2)
    slow = general_loop(arrive, service, uniforms, heap_only, code, limit=10**9, lo=2)
    assert fast == slow
    assert sum(lists.conns) == sum(heap_only.conns) > 1000  # a backlog indeed
    assert lists.conns == heap_only.conns  # the nodes down are counted as they were
    # a rewind to a mark puts the lists back as they were
    mark = lists.mark()
    more = counted_loop([a + 5000 for a in arrive], service, uniforms, lists, code, lo=2)
    lists.rewind(mark)
    again = counted_loop([a + 5000 for a in arrive], service, uniforms, lists, code, lo=2)
    assert again == more


# -- a representative slice of a symmetric design ------------------------------------


def sliceable(routing: str) -> Design:
    return Design.model_validate(
        {
            "load": {"rps": 8000, "read_ratio": 0.9},
            "components": [
                comp("lb", "load_balancer", nodes=2, concurrency=16, calls=["app"]) | CONSTANT,
                comp("app", nodes=8, concurrency=4, routing=routing, calls=["cache"],
                     service_ms={"mean": 3, "dist": "lognormal", "p99": 12}),
                comp("cache", "cache", nodes=4, concurrency=8, hit_ratio=0.7, calls=["db"]),
                comp("db", "database", nodes=2, replicas=2, concurrency=8,
                     service_ms={"mean": 4}),
            ],
        }
    )  # fmt: skip


@pytest.mark.parametrize("routing", ["random", "round_robin"])
def test_a_slice_of_a_symmetric_design_shows_the_whole_designs_figures(routing: str) -> None:
    whole = sliceable(routing)
    part = symmetric_slice(whole, most=4)
    assert part.share == 0.5  # the load balancer's two nodes allow no more
    assert [c.nodes for c in part.design.components] == [1, 4, 2, 1]
    assert part.design.load.rps == 4000
    full = run(build(whole), requests=200_000, seed=3)
    half = run(build(part.design), requests=100_000, seed=3)  # the same simulated time
    a, b = precision(full.latencies, full.answered_at), precision(half.latencies, half.answered_at)
    assert a is not None and b is not None
    for x, y in ((a.mean, b.mean), (a.p99, b.p99)):
        # within noise: the two intervals, widened to about 99.9% together
        assert abs(x.estimate - y.estimate) <= 1.7 * math.hypot(x.half_width, y.half_width)
    per_node = [s.nodes for s in build(whole).stations]
    assert [s.nodes * 2 for s in build(part.design).stations] == per_node


def test_shared_load_a_lone_node_down_or_no_common_divisor_runs_whole() -> None:
    # least connections: half the nodes wait longer than the whole tier (see the module)
    assert symmetric_slice(sliceable("least_connections"), most=8).share == 1.0
    assert symmetric_slice(three_tier([]), most=8).share == 1.0  # power of two on db
    split = sliceable("random")
    assert symmetric_slice(split, most=8).share == 0.5  # lb 2, app 8, cache 4, db 2
    one_down = split.model_copy(update={"faults": [Fault(component="app", nodes=1, for_s=1)]})
    assert symmetric_slice(one_down, most=8).share == 1.0
    two_down = split.model_copy(update={"faults": [Fault(component="app", nodes=2, for_s=1)]})
    half = symmetric_slice(two_down, most=8)
    assert half.share == 0.5 and half.design.faults[0].nodes == 1
    odd = apply_overrides(split, ["app.nodes=7"])
    assert symmetric_slice(odd, most=8).share == 1.0


def test_a_stream_hands_out_one_sequence_whatever_the_sizes_taken_and_after_a_rewind() -> None:
    from coach.simulate.sampling import Stream

    whole = np.random.default_rng(7).random(20_000).tolist()
    rng = np.random.default_rng(7)
    stream = Stream(rng, rng.random, block=64)
    got: list[float] = []
    for size in [3, 0, 1, 100, 64, 5000, 7, 1, 1]:
        got += stream.take(size).tolist()
        got.append(stream.one())
    mark = stream.mark()
    after = [stream.one() for _ in range(70)] + stream.take(90).tolist()
    stream.rewind(mark)
    again = [stream.one() for _ in range(70)] + stream.take(90).tolist()
    assert got + after == whole[: len(got) + len(after)]
    assert again == after
