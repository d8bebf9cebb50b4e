"""Benchmark: coach's engine against SimPy on the same M/M/10 queue, and a four-tier run.

Not a test (pytest does not collect bench_*.py). Run it with

    .venv/bin/python tests/benchmarks/bench_simulate.py [--quick]

It prints requests simulated per second for coach (as `coach simulate`
runs it, and with the event engine forced) and for a plain SimPy model of
the same queue, with the ratio, then the time of a four-tier design (load
balancer, app, cache, database) with one million requests, then the time of
the slow paths as `coach simulate` runs them (default request counts): an
overloaded design whose clients retry, node failures, a retry storm. SimPy
is a dev dependency (the `test` extra).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable

from coach.simulate.design import Design, Fault
from coach.simulate.engine import simulate
from coach.simulate.loader import load_design_file
from coach.simulate.overrides import apply_overrides, with_rps

MEAN_MS, SLOTS, RHO = 10.0, 10, 0.9


def mm10() -> Design:
    rps = RHO * SLOTS / MEAN_MS * 1000.0
    return Design.model_validate(
        {
            "load": {"rps": rps},
            "components": [
                {
                    "name": "app",
                    "kind": "service",
                    "concurrency": SLOTS,
                    "service_ms": {"mean": MEAN_MS, "dist": "exponential"},
                }
            ],
        }
    )


def four_tier() -> Design:
    return Design.model_validate(
        {
            "load": {"rps": 10_000, "read_ratio": 0.9},
            "slo": {"p99_ms": 65},
            "components": [
                {"name": "lb", "kind": "load_balancer", "nodes": 2, "concurrency": 64,
                 "service_ms": {"mean": 0.2, "dist": "constant"}, "calls": ["app"]},
                {"name": "app", "kind": "service", "nodes": 10, "concurrency": 16,
                 "service_ms": {"mean": 8, "dist": "lognormal", "p99": 30}, "calls": ["cache"]},
                {"name": "cache", "kind": "cache", "nodes": 4, "concurrency": 16,
                 "service_ms": {"mean": 0.5}, "hit_ratio": 0.8, "calls": ["db"]},
                {"name": "db", "kind": "database", "nodes": 4, "replicas": 1, "concurrency": 16,
                 "service_ms": {"mean": 5, "dist": "lognormal", "p99": 20}},
            ],
            "retry": {"attempts": 1, "timeout_ms": 500},
            "coordination_overhead": 0.2,
        }
    )  # fmt: skip


def slow_paths() -> list[tuple[str, Design, int | None]]:
    """(what, design, requests or None for the default) for the runs that once took seconds."""
    from pathlib import Path

    from coach.problems.bank import load_bank
    from coach.simulate import engine

    twitter = load_bank().get("twitter").reference_design
    example = load_design_file(Path(engine.__file__).parent / "example.yaml")
    faulty = apply_overrides(with_rps(example, 5000), ["app.nodes=5"])
    mild = faulty.model_copy(update={"faults": [Fault(component="app", at_s=20, for_s=30)]})
    harsh = faulty.model_copy(
        update={"faults": [Fault(component="app", nodes=3, at_s=20, for_s=30)]}
    )
    storm = apply_overrides(with_rps(example, 12000), ["retry.timeout_ms=40", "retry.attempts=3"])
    return [
        ("twitter --rps 60000", with_rps(twitter, 60000), None),
        ("twitter --set tweet-db.nodes=1", apply_overrides(twitter, ["tweet-db.nodes=1"]), None),
        ("example at 5,000 req/s, 1 of 5 app nodes down 20-50 s", mild, None),
        ("example at 5,000 req/s, 3 of 5 app nodes down 20-50 s", harsh, None),
        ("example at 12,000 req/s, 40 ms timeout, 3 retries", storm, 100_000),
    ]


def simpy_mm10(requests: int, seed: int = 1) -> list[float]:
    """The textbook SimPy model: a generator of arrivals, a Resource with 10 slots."""
    import simpy

    rnd = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=SLOTS)
    latencies: list[float] = []
    lam = RHO * SLOTS / MEAN_MS

    def request(env: simpy.Environment, arrived: float):  # type: ignore[no-untyped-def]
        with server.request() as slot:
            yield slot
            yield env.timeout(rnd.expovariate(1.0 / MEAN_MS))
        latencies.append(env.now - arrived)

    def arrivals(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for _ in range(requests):
            yield env.timeout(rnd.expovariate(lam))
            env.process(request(env, env.now))

    env.process(arrivals(env))
    env.run()
    return latencies


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    args = parser.parse_args()
    ours_n = 200_000 if args.quick else 1_000_000
    simpy_n = 50_000 if args.quick else 200_000
    tier_n = 200_000 if args.quick else 1_000_000
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    design = mm10()
    simulate(design, requests=1000)  # warm imports (numpy) outside the timings
    print(f"M/M/10 at {RHO:.0%} utilisation, exponential service, mean {MEAN_MS:g} ms")
    wall, cpu = timed(lambda: simulate(design, requests=ours_n, seed=1))
    ours = ours_n / wall
    print(f"  coach (auto: batch engine) {ours_n:>9,} requests {wall:6.2f} s  {ours:>11,.0f} req/s")
    wall, cpu = timed(lambda: simulate(design, requests=ours_n, seed=1, method="event"))
    event = ours_n / wall
    print(
        f"  coach (event engine)       {ours_n:>9,} requests {wall:6.2f} s  {event:>11,.0f} req/s"
    )
    wall, cpu = timed(lambda: simpy_mm10(simpy_n))
    theirs = simpy_n / wall
    print(
        f"  SimPy                      {simpy_n:>9,} requests {wall:6.2f} s  {theirs:>11,.0f} req/s"
    )
    print(f"  ratio: coach {ours / theirs:.1f}x SimPy (event engine {event / theirs:.1f}x)")
    tiers = four_tier()
    wall, cpu = timed(lambda: simulate(tiers, requests=tier_n, seed=1))
    report = simulate(tiers, requests=20_000, seed=1)
    print(
        f"four tiers (lb, app, cache, db), {tier_n:,} requests: {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU ({report.engine} engine)"
    )
    print("slow paths, as `coach simulate` runs them:")
    for what, design, requests in slow_paths():
        start = time.perf_counter()
        report = simulate(design, requests=requests, seed=1)
        wall = time.perf_counter() - start
        print(
            f"  {what:<55} {report.requests:>9,} requests {report.attempts:>9,} attempts "
            f"{wall:6.2f} s ({report.engine})"
        )


if __name__ == "__main__":
    main()
