"""What the engine must get right beyond single queues: flows, faults, retries, invariants."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coach.errors import CoachError
from coach.simulate import queueing as q
from coach.simulate.design import Design
from coach.simulate.engine import MAX_REQUESTS, simulate
from coach.simulate.topology import build


def comp(name: str, kind: str = "service", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "kind": kind, "service_ms": {"mean": 1.0}}
    data.update(fields)
    return data


def design(components: list[dict[str, Any]], rps: float = 1000, **top: Any) -> Design:
    load = {"rps": rps, **top.pop("load", {})}
    return Design.model_validate({"load": load, "components": components, **top})


def four_tier(**top: Any) -> Design:
    return design(
        [
            comp(
                "lb",
                "load_balancer",
                nodes=2,
                concurrency=32,
                calls=["app"],
                service_ms={"mean": 0.3, "dist": "constant"},
            ),
            comp(
                "app",
                nodes=6,
                concurrency=4,
                routing="least_connections",
                calls=["cache"],
                service_ms={"mean": 8, "dist": "lognormal", "p99": 30},
            ),
            comp(
                "cache",
                "cache",
                nodes=2,
                concurrency=8,
                hit_ratio=0.7,
                calls=["db"],
                service_ms={"mean": 0.5},
            ),
            comp(
                "db",
                "database",
                nodes=1,
                replicas=2,
                concurrency=4,
                routing="power_of_two",
                service_ms={"mean": 6},
            ),
        ],
        rps=2000,
        load={"read_ratio": 0.8},
        **top,
    )


# -- Little's law and capacity, from the trace of every visit --------------------------


def occupancy(trace: Any, times: np.ndarray) -> np.ndarray:
    """Visits in the station (waiting or in service) at each of `times`."""
    arrived = np.searchsorted(np.sort(trace.arrive), times, side="right")
    left = np.searchsorted(np.sort(trace.finish), times, side="right")
    return arrived - left


@pytest.mark.parametrize("method", ["batch", "event"])
def test_littles_law_holds_for_every_component(method: str) -> None:
    d = four_tier(retry={"attempts": 1, "timeout_ms": 400})
    report = simulate(d, requests=150_000, seed=3, method=method, trace=True)
    topology = build(d)
    rng = np.random.default_rng(0)
    span = report.duration_s * 1000.0
    times = rng.uniform(0.05 * span, 0.95 * span, 40_000)
    for station in topology.stations:
        trace = report.raw_trace[station.index]
        pool = next(p for p in report.components[station.component].pools if p.pool == station.pool)
        sampled = occupancy(trace, times).mean()
        little = pool.throughput_rps / 1000.0 * pool.mean_response_ms
        assert sampled == pytest.approx(little, rel=0.03), station.label


def test_no_node_serves_more_than_its_concurrency_and_queues_are_fifo() -> None:
    d = four_tier()
    report = simulate(d, requests=60_000, seed=4, trace=True)
    for station in build(d).stations:
        trace = report.raw_trace[station.index]
        for node in range(station.nodes):
            mine = trace.node == node
            starts, finishes = trace.start[mine], trace.finish[mine]
            events = np.concatenate([np.ones(len(starts)), -np.ones(len(finishes))])
            # the trace's start is finish - service: allow for that rounding
            times = np.concatenate([starts + 1e-9, finishes])
            order = np.lexsort((events, times))
            busy = np.cumsum(events[order])
            assert busy.max() <= station.concurrency
            by_arrival = np.argsort(trace.arrive[mine], kind="stable")
            assert np.all(np.diff(starts[by_arrival]) >= -1e-9)  # first come, first served
            assert np.all(starts >= trace.arrive[mine] - 1e-9)


# -- flows ------------------------------------------------------------------------------


def test_a_cache_sends_the_misses_on() -> None:
    d = design(
        [
            comp("app", calls=["cache"], nodes=4),
            comp("cache", "cache", hit_ratio=0.85, calls=["db"], nodes=2),
            comp("db", "database", nodes=2),
        ],
        load={"read_ratio": 1.0},
    )
    report = simulate(d, requests=200_000, seed=2)
    share = report.components["db"].visits / report.components["cache"].visits
    assert share == pytest.approx(0.15, abs=0.003)


def test_writes_go_through_the_cache_to_the_primary_and_reads_to_replicas() -> None:
    d = design(
        [
            comp("cache", "cache", hit_ratio=0.5, calls=["db"], nodes=2),
            comp("db", "database", nodes=1, replicas=3, concurrency=4),
        ],
        load={"read_ratio": 0.8},
    )
    report = simulate(d, requests=200_000, seed=2)
    pools = {p.pool: p.visits for p in report.components["db"].pools}
    assert pools["primary"] / 200_000 == pytest.approx(0.2, abs=0.004)  # every write
    assert pools["replicas"] / 200_000 == pytest.approx(0.8 * 0.5, abs=0.004)  # read misses


def test_a_queue_ends_the_users_wait_and_only_writes_enqueue() -> None:
    d = design(
        [
            comp("app", calls=["queue"], nodes=2, concurrency=4, service_ms={"mean": 2}),
            comp(
                "queue", "queue", nodes=2, concurrency=4, calls=["worker"], service_ms={"mean": 1}
            ),
            comp("worker", nodes=4, concurrency=4, service_ms={"mean": 100, "dist": "constant"}),
        ],
        load={"read_ratio": 0.75},
    )
    report = simulate(d, requests=100_000, seed=2)
    assert report.components["queue"].visits / 100_000 == pytest.approx(0.25, abs=0.005)
    assert report.latency is not None and report.latency.p99 < 20  # app + enqueue, no worker
    assert report.async_latency is not None and report.async_latency.mean >= 100
    assert report.components["worker"].visits == report.components["queue"].visits


def test_coordination_overhead_takes_a_share_of_capacity() -> None:
    base = [comp("app", nodes=4, concurrency=2, service_ms={"mean": 4})]
    plain = simulate(design(base), requests=100_000, seed=1)
    costly = simulate(design(base, coordination_overhead=0.2), requests=100_000, seed=1)
    ratio = costly.components["app"].utilization / plain.components["app"].utilization
    assert ratio == pytest.approx(1 / 0.8, rel=0.01)


def test_a_spike_multiplies_arrivals_for_its_length() -> None:
    d = design(
        [comp("app", nodes=8)],
        load={"pattern": {"kind": "spike", "factor": 3, "start_s": 20, "length_s": 10}},
    )
    report = simulate(d, requests=60_000, seed=1, trace=True)
    arrive = report.raw_trace[0].arrive / 1000.0
    during = np.count_nonzero((arrive >= 20) & (arrive < 30))
    before = np.count_nonzero((arrive >= 5) & (arrive < 15))
    assert during == pytest.approx(3 * 10 * 1000, rel=0.04)
    assert before == pytest.approx(10 * 1000, rel=0.05)


def test_a_ramp_rises_linearly_over_the_run() -> None:
    d = design([comp("app", nodes=8)], load={"pattern": {"kind": "ramp", "to_rps": 3000}})
    report = simulate(d, requests=100_000, seed=1, trace=True)
    arrive = np.sort(report.raw_trace[0].arrive) / 1000.0
    seconds = 2 * 100_000 / (1000 + 3000)  # 50 s
    first_half = np.count_nonzero(arrive < seconds / 2)
    assert first_half == pytest.approx((1000 + 2000) / 2 * seconds / 2, rel=0.02)


# -- faults and retries -----------------------------------------------------------------


def test_a_fault_of_k_of_n_nodes_raises_the_others_utilisation_by_n_over_n_minus_k() -> None:
    nodes = [comp("app", nodes=10, concurrency=2, service_ms={"mean": 5})]
    plain = simulate(design(nodes, rps=1500), requests=150_000, seed=8)
    faults = [{"component": "app", "nodes": 4, "at_s": 0, "for_s": 10_000}]
    broken = simulate(design(nodes, rps=1500, faults=faults), requests=150_000, seed=8, trace=True)
    ratio = broken.components["app"].utilization / plain.components["app"].utilization
    assert ratio == pytest.approx(10 / 6, rel=0.02)
    assert set(np.unique(broken.raw_trace[0].node)) == set(range(4, 10))


def test_a_node_failure_loses_its_work_and_the_client_retries_it() -> None:
    faults = [{"component": "app", "nodes": 2, "at_s": 20, "for_s": 10}]
    components = [comp("app", nodes=4, concurrency=2, service_ms={"mean": 4})]
    retried = simulate(
        design(components, faults=faults, retry={"attempts": 2, "timeout_ms": 500}),
        requests=60_000,
        seed=3,
    )
    lost = retried.components["app"].total("errors")
    assert lost > 0
    assert retried.failed == 0
    assert retried.attempts >= 60_000 + lost
    unretried = simulate(design(components, faults=faults), requests=60_000, seed=3)
    assert unretried.failed == unretried.components["app"].total("errors") > 0


def test_reads_fall_back_to_the_primary_when_every_replica_is_down() -> None:
    d = design(
        [comp("db", "database", nodes=1, replicas=2, concurrency=8)],
        faults=[{"component": "db", "nodes": 0, "replicas": 2, "at_s": 0, "for_s": 10_000}],
    )
    report = simulate(d, requests=20_000, seed=1)
    pools = {p.pool: p.visits for p in report.components["db"].pools}
    assert pools == {"primary": 20_000, "replicas": 0}
    assert report.failed == 0


def test_timeouts_shorter_than_the_queueing_delay_start_a_retry_storm() -> None:
    components = [comp("app", nodes=1, concurrency=8, service_ms={"mean": 10})]
    calm = simulate(design(components, rps=720), requests=60_000, seed=2)
    storm = simulate(
        design(components, rps=720, retry={"attempts": 3, "timeout_ms": 25}),
        requests=60_000,
        seed=2,
    )
    assert calm.components["app"].utilization == pytest.approx(0.9, rel=0.02)
    assert storm.retry_amplification > 1.5
    assert storm.components["app"].total("timeouts") > 10_000
    # abandoned attempts keep their server busy: more work than the requests alone
    assert storm.components["app"].visits == storm.attempts > 60_000
    assert storm.components["app"].utilization > calm.components["app"].utilization
    assert any("retries multiplied" in w for w in storm.warnings)


def test_a_full_queue_refuses_work_as_the_finite_queue_model_says() -> None:
    d = design(
        [comp("app", nodes=1, concurrency=2, queue_limit=3, service_ms={"mean": 10})],
        rps=180,
    )
    report = simulate(d, requests=400_000, seed=6)
    app = report.components["app"]
    refused = app.total("dropped") / (app.total("dropped") + app.visits)
    blocked, response = q.mmck(0.18, 0.1, 2, 5)
    assert refused == pytest.approx(blocked, rel=0.05)
    assert app.mean_response_ms == pytest.approx(response, rel=0.03)
    assert report.failed == app.total("dropped")


def test_an_unstable_tier_is_flagged_and_the_run_still_ends() -> None:
    d = design([comp("app", nodes=1, concurrency=4, service_ms={"mean": 10})], rps=500)
    report = simulate(d, requests=20_000, seed=1)
    assert not report.analytic["app"].stable
    assert report.analytic["app"].utilization == pytest.approx(1.25)
    assert any("unstable" in w for w in report.warnings)
    assert report.throughput_rps == pytest.approx(400, rel=0.03)  # what four slots can do


# -- the engines, seeds and bounds ---------------------------------------------------------


def shared_store() -> Design:
    """Two caches in front of one database: requests loop between stations."""
    return design(
        [
            comp(
                "api",
                nodes=4,
                concurrency=4,
                routing="least_connections",
                calls=["c1", "c2", "q"],
                service_ms={"mean": 3},
            ),
            comp("c1", "cache", nodes=2, concurrency=4, hit_ratio=0.6, calls=["db"]),
            comp("c2", "cache", nodes=2, concurrency=4, hit_ratio=0.6, calls=["db"]),
            comp(
                "db",
                "database",
                nodes=2,
                replicas=1,
                concurrency=4,
                queue_limit=20,
                service_ms={"mean": 5, "dist": "lognormal", "p99": 30},
            ),
            comp("q", "queue", nodes=2, concurrency=2, calls=["w"]),
            comp("w", nodes=2, concurrency=4, service_ms={"mean": 20}),
        ],
        rps=1600,
        load={"read_ratio": 0.9},
        retry={"attempts": 2, "timeout_ms": 100, "backoff_ms": 1},
    )


@pytest.mark.parametrize("make", [four_tier, shared_store], ids=["four-tier", "shared-store"])
def test_both_engines_give_the_same_numbers(make: Any) -> None:
    d = make() if make is shared_store else make(retry={"attempts": 1, "timeout_ms": 65})
    fast = simulate(d, requests=40_000, seed=9, method="batch")
    slow = simulate(d, requests=40_000, seed=9, method="event")
    assert fast.engine == "batch" and slow.engine == "event"
    assert fast.attempts == slow.attempts > 40_000  # some attempts were retried
    for name, c in fast.components.items():
        other = slow.components[name]
        assert c.visits == other.visits
        assert c.total("timeouts") == other.total("timeouts")
        assert c.total("dropped") == other.total("dropped")
        assert c.mean_wait_ms == pytest.approx(other.mean_wait_ms, rel=1e-9, abs=1e-9)
    assert fast.latency is not None and slow.latency is not None
    assert fast.latency.p99 == slow.latency.p99 and fast.latency.max == slow.latency.max
    assert fast.latency.mean == pytest.approx(
        slow.latency.mean, rel=1e-12
    )  # summed in another order


def test_same_seed_same_numbers_and_another_seed_others() -> None:
    d = shared_store()
    first = simulate(d, requests=20_000, seed=1).to_json()
    again = simulate(d, requests=20_000, seed=1).to_json()
    other = simulate(d, requests=20_000, seed=2).to_json()
    assert first == again
    assert first["latency_ms"] != other["latency_ms"]


@pytest.mark.parametrize("count", [0, -5, MAX_REQUESTS + 1])
def test_request_counts_are_bounded(count: int) -> None:
    with pytest.raises(CoachError, match="requests should be"):
        simulate(four_tier(), requests=count)
