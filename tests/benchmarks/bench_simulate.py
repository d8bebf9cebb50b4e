"""Benchmark: every simulation row of the performance table, against SimPy in the same run.

Not a test (pytest does not collect bench_*.py). Run it with

    .venv/bin/python tests/benchmarks/bench_simulate.py [--quick] [--against DIR]

The unit is the time SimPy takes for 200,000 requests of an M/M/10 queue at
90% utilisation, measured at the start and at the end of the run: on a
shared machine the absolute times drift, the ratios to the unit much less.
Each row prints its time in seconds and in units; the M/M/10 rows print
requests per second against SimPy's, once the two runs are shown to agree
on the model's mean latency (batch-means intervals, and queueing theory).

Both sides are timed alike. A row run in Python (`simulate()`, a practice
re-run) and SimPy's model each run in a fresh process that does its imports
and a small warm-up run before the clock starts; a row run from the shell
(`coach simulate ...`, `coach practice ...`) is timed as a whole process,
start-up included, and so is SimPy's model for the CLI comparison. Engine
names are read from the runs.

`--against DIR` runs every row a second time with the `coach` of another
checkout (for example `git worktree add /tmp/before main`), side by side in
the same run. SimPy is a dev dependency (the `test` extra).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
CHECKOUT = HERE.parents[2]
MEAN_MS, SLOTS, RHO = 10.0, 10, 0.9
UNIT_REQUESTS = 200_000
T95_19 = 2.093  # Student's t, 95% two-sided, 19 degrees of freedom (20 batches)
AGREE_Z = 3.3 / 1.96  # two 95% half-widths combined, widened to about 99.9%


# -- the models ---------------------------------------------------------------------------


def mm10_data() -> dict[str, Any]:
    return {
        "name": "mm10",
        "load": {"rps": RHO * SLOTS / MEAN_MS * 1000.0},
        "components": [
            {
                "name": "app",
                "kind": "service",
                "concurrency": SLOTS,
                "service_ms": {"mean": MEAN_MS, "dist": "exponential"},
            }
        ],
    }


def four_tier_data() -> dict[str, Any]:
    return {
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
    }  # fmt: skip


def erlang_c_mean() -> float:
    """M/M/c mean response time (ms) from the closed form, for the agreement check."""
    a = RHO * SLOTS
    top = a**SLOTS / math.factorial(SLOTS) / (1 - RHO)
    wait_prob = top / (sum(a**k / math.factorial(k) for k in range(SLOTS)) + top)
    return MEAN_MS + wait_prob * MEAN_MS / (SLOTS * (1 - RHO))


def simpy_mm10(requests: int, seed: int = 1) -> list[float]:
    """The textbook SimPy model: a generator of arrivals, a Resource with 10 slots."""
    import random

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


def mean_interval(values: Sequence[float]) -> tuple[float, float]:
    """Mean and the half-width of its 95% interval by 20 batch means (arrival order)."""
    count = len(values) // 20
    means = [sum(values[i * count : (i + 1) * count]) / count for i in range(20)]
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((m - sum(means) / 20) ** 2 for m in means) / 19)
    return mean, T95_19 * spread / math.sqrt(20)


# -- rows run inside a child process (imports and warm-up before the clock) ----------------


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _report_fields(report: Any) -> dict[str, Any]:
    return {
        "engine": report.engine,
        "requests": report.requests,
        "attempts": report.attempts,
        "mean_ms": report.latency.mean if report.latency else None,
    }


def child_simpy(requests: int) -> dict[str, Any]:
    simpy_mm10(2000, seed=2)  # warm-up: imports and first-use costs
    seconds, latencies = _timed(lambda: simpy_mm10(requests))
    mean, half = mean_interval(latencies)
    return {"seconds": seconds, "engine": "simpy", "mean_ms": mean, "half_ms": half}


def child_mm10(requests: int, method: str = "auto") -> dict[str, Any]:
    from coach.simulate.design import Design
    from coach.simulate.engine import run, simulate
    from coach.simulate.topology import build

    design = Design.model_validate(mm10_data())
    simulate(design, requests=2000, seed=2, method=method)  # warm-up
    seconds, report = _timed(lambda: simulate(design, requests=requests, seed=1, method=method))
    raw = run(build(design), requests=requests, seed=1, method=method)  # untimed: the interval
    import numpy as np

    order = np.argsort(np.asarray(raw.answered_at), kind="stable")  # about arrival order
    mean, half = mean_interval(np.asarray(raw.latencies)[order].tolist())
    return {"seconds": seconds, **_report_fields(report), "mean_ms": mean, "half_ms": half}


def child_design(what: str) -> dict[str, Any]:
    from coach.simulate.engine import simulate

    design, requests = _design(what)
    simulate(design, requests=2000, seed=2)  # warm-up
    seconds, report = _timed(lambda: simulate(design, requests=requests, seed=1))
    return {"seconds": seconds, **_report_fields(report)}


def _design(what: str) -> tuple[Any, int | None]:
    from coach.simulate import engine
    from coach.simulate.design import Design, Fault
    from coach.simulate.loader import load_design_file
    from coach.simulate.overrides import apply_overrides, with_rps

    example = load_design_file(Path(engine.__file__).parent / "example.yaml")
    if what == "faults":
        five = apply_overrides(with_rps(example, 5000), ["app.nodes=5"])
        fault = Fault(component="app", nodes=3, at_s=20, for_s=30)
        return five.model_copy(update={"faults": [fault]}), None
    if what == "storm":
        storm = ["retry.timeout_ms=40", "retry.attempts=3"]
        return apply_overrides(with_rps(example, 12000), storm), 100_000
    return Design.model_validate(four_tier_data()), 1_000_000


def child_rerun() -> dict[str, Any]:
    """The scaling phase's re-run after `api.nodes=12` on twitter, as the session runs it."""
    from coach.problems.bank import load_bank
    from coach.session.simulation import run_scenarios
    from coach.simulate.overrides import apply_overrides

    design = load_bank().get("twitter").reference_design
    run_scenarios(design)  # warm-up
    changed = apply_overrides(design, ["api.nodes=12"])
    seconds, verdict = _timed(lambda: run_scenarios(changed))
    runs = [f"{r.label}: {r.report['engine']}" for r in verdict.runs]
    return {"seconds": seconds, "engine": "; ".join(runs)}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "simpy": child_simpy,
    "mm10": child_mm10,
    "mm10-event": lambda n: child_mm10(n, method="event"),
    "design": child_design,
    "rerun": child_rerun,
}


# -- the parent: processes, rows, the table ----------------------------------------------------


@dataclass
class Tree:
    label: str
    root: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PYTHONPATH=str(self.root), NO_COLOR="1", COLUMNS="80")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env


def in_child(tree: Tree, name: str, *args: object) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", name, *map(str, args)],
        env=tree.env(),
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"{tree.label}: {name} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def from_shell(tree: Tree, argv: list[str], home: Path | None = None) -> dict[str, Any]:
    env = tree.env()
    if home is not None:
        env["COACH_HOME"] = str(home)
    start = time.perf_counter()
    out = subprocess.run(
        argv, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"{tree.label}: {' '.join(argv)} failed:\n{out.stderr[-2000:]}")
    result: dict[str, Any] = {"seconds": seconds}
    try:
        data = json.loads(out.stdout)
    except json.JSONDecodeError:
        return result
    if isinstance(data, dict) and "engine" in data:
        result.update(engine=data["engine"], mean_ms=(data.get("latency_ms") or {}).get("mean"))
    return result


def coach_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "coach", *args]


def simpy_cli(requests: int) -> list[str]:
    return [sys.executable, str(HERE), "--simpy-cli", str(requests)]


def best(runs: int, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The fastest of `runs` measurements (the least disturbed by other work)."""
    results = [measure() for _ in range(runs)]
    return min(results, key=lambda r: r["seconds"])


def problem_ids() -> list[str]:
    from coach.problems.bank import load_bank

    return [p.id for p in load_bank().problems if p.reference_design is not None]


def agree(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    """None when the two means agree within noise; otherwise why not."""
    gap = abs(ours["mean_ms"] - theirs["mean_ms"])
    allowed = AGREE_Z * math.hypot(ours["half_ms"], theirs["half_ms"])
    if gap <= allowed:
        return None
    return f"means differ by {gap:.3f} ms, noise allows {allowed:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, fewer problems")
    parser.add_argument("--against", type=Path, help="another checkout to time side by side")
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of N runs per row")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--simpy-cli", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        print(json.dumps(CHILDREN[name](*(int(a) if a.isdigit() else a for a in rest))))
        return
    if args.simpy_cli:
        latencies = simpy_mm10(args.simpy_cli)
        print(json.dumps({"mean_ms": sum(latencies) / len(latencies)}))
        return
    trees = [Tree("this tree", CHECKOUT)]
    if args.against:
        trees.append(Tree(f"{args.against}", args.against.resolve()))
    Bench(trees, quick=args.quick, repeat=args.repeat).run()


class Bench:
    def __init__(self, trees: list[Tree], *, quick: bool, repeat: int) -> None:
        self.trees = trees
        self.quick = quick
        self.repeat = repeat
        self.ours_n = 200_000 if quick else 1_000_000
        self.home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
        self.unit = 0.0

    def measure(self, run: Callable[[Tree], dict[str, Any]]) -> list[dict[str, Any]]:
        return [best(self.repeat, lambda tree=tree: run(tree)) for tree in self.trees]

    def run(self) -> None:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"load average {load:.1f} at the start"
        )
        first = self.simpy_unit()
        self.rows: list[tuple[str, list[dict[str, Any]], str]] = []
        self.timed_rows()
        mm10 = self.mm10_rows()
        last = self.simpy_unit(again=True)
        heads = "".join(f"{t.label[-22:]:>24}" for t in self.trees)
        print(f"\n{'row (target)':<52}{heads}")
        print(f"{'':<52}" + f"{'s':>9}{'x unit':>8}{'':7}" * len(self.trees))
        for what, results, note in self.rows:
            self.print_line(what, results, note)
        print("\n".join(mm10))
        print(
            f"\nunit = SimPy, {UNIT_REQUESTS:,} requests of M/M/10 at {RHO:.0%}: "
            f"{first:.2f} s at the start, {last:.2f} s at the end (ratios use the mean)"
        )

    def simpy_unit(self, again: bool = False) -> float:
        result = best(self.repeat, lambda: in_child(self.trees[0], "simpy", UNIT_REQUESTS))
        self.simpy = result
        if not again:
            self.unit = result["seconds"]
        else:
            self.unit = (self.unit + result["seconds"]) / 2
        return float(result["seconds"])

    def line(self, what: str, results: list[dict[str, Any]], note: str = "") -> None:
        self.rows.append((what, results, note))

    def print_line(self, what: str, results: list[dict[str, Any]], note: str) -> None:
        cells = "".join(
            f"{r['seconds']:9.2f}{r['seconds'] / self.unit:8.2f}{'':7}" for r in results
        )
        engines = " / ".join(
            dict.fromkeys(str(r.get("engine", "")) for r in results if r.get("engine"))
        )
        extra = f"  [{engines}]" if engines and not note else note
        print(f"{what[:52]:<52}{cells}{extra}")

    def timed_rows(self) -> None:
        ids = problem_ids()
        if self.quick:
            ids = ["twitter", "netflix", "uber"]
        for pid in ids:
            results = self.measure(
                lambda t, pid=pid: from_shell(t, coach_cli("simulate", pid, "--json"))
            )
            self.line(f"coach simulate {pid} (< 1 s)", results)
        sweep = ["simulate", "twitter", "--sweep", "rps=1000..50000", "--json"]
        if not self.quick:
            self.line("coach simulate twitter --sweep ... (< 2 s)", self.measure(
                lambda t: from_shell(t, coach_cli(*sweep))), note="  [sweep]")  # fmt: skip
        self.line("practice re-run, twitter api.nodes=12 (< 1 s)", self.measure(
            lambda t: in_child(t, "rerun")))  # fmt: skip
        answers = CHECKOUT / "tests" / "fixtures" / "answers" / "twitter-strong.yaml"
        session = ["practice", "twitter", "--answers", str(answers), "--json"]
        self.line("coach practice twitter --answers ... (< 1.5 s)", self.measure(
            lambda t: from_shell(t, coach_cli(*session), home=self.home)), note="")  # fmt: skip
        self.line("example 5K req/s, 3 of 5 app down (< 1.5 s)", self.measure(
            lambda t: in_child(t, "design", "faults")))  # fmt: skip
        storm = self.measure(lambda t: in_child(t, "design", "storm"))
        attempts = "/".join(f"{r['attempts']:,}" for r in storm)
        self.line(f"retry storm, 100K requests, {attempts} attempts (< 1.5 s)", storm)
        self.line("1,000,000 requests, lb, app, cache, db (< 1 s)", self.measure(
            lambda t: in_child(t, "design", "tiers")))  # fmt: skip

    def mm10_rows(self) -> list[str]:
        """The M/M/10 lines, printed at the end with the rest."""
        lines: list[str] = []
        n = self.ours_n
        theory = erlang_c_mean()
        # timed again right before the engine rows: on a shared machine the load of the
        # start of the run may be gone by now, or the other way round
        self.simpy = best(self.repeat, lambda: in_child(self.trees[0], "simpy", UNIT_REQUESTS))
        simpy_rate = UNIT_REQUESTS / self.simpy["seconds"]
        lines.append(
            f"\nM/M/10 at {RHO:.0%}: theory's mean {theory:.3f} ms; SimPy "
            f"{self.simpy['mean_ms']:.3f} +- {self.simpy['half_ms']:.3f} ms, "
            f"{simpy_rate:,.0f} req/s (timed just before)"
        )
        for method, target in (("mm10", "30x"), ("mm10-event", "reference")):
            results = self.measure(lambda t, m=method: in_child(t, m, n))
            cells = []
            for r in results:
                problem = agree(r, self.simpy)
                rate = n / r["seconds"]
                ratio = "disagree" if problem else f"{rate / simpy_rate:.1f}x"
                cells.append(
                    f"{ratio:>9} ({r['engine']}, {rate:,.0f} req/s, mean {r['mean_ms']:.3f} "
                    f"+- {r['half_ms']:.3f})"
                )
                if problem:
                    cells.append(f"  NOT COMPARED: {problem}")
            lines.append(f"  engine, {n:,} requests ({target}): " + " | ".join(cells))
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            json.dump(mm10_data(), f)
        theirs = best(self.repeat, lambda: {"seconds": _shell_seconds(simpy_cli(UNIT_REQUESTS))})
        cli_rate = UNIT_REQUESTS / theirs["seconds"]
        results = self.measure(
            lambda t: from_shell(t, coach_cli("simulate", f.name, "--requests", str(n), "--json"))
        )
        cells = [
            f"{n / r['seconds'] / cli_rate:.1f}x ({r['seconds']:.2f} s, {r.get('engine')}, "
            f"mean {r['mean_ms']:.3f})"
            for r in results
        ]
        lines.append(
            f"  CLI, start-up included, {n:,} requests, vs SimPy's script "
            f"({theirs['seconds']:.2f} s for {UNIT_REQUESTS:,}) (25x): " + " | ".join(cells)
        )
        return lines


def _shell_seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
