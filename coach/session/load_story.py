"""How the simulated load relates to the problem's own figures, in words.

The simulation runs one share of the problem's traffic (one region, one
cell); the estimate gives the whole peak. Every simulation screen and the
write-up say both, so the candidate's estimate, the engine's and the run are
visibly one story: "20K req/s simulated (one region): 8% of the 243K req/s
the estimate gives at peak".
"""

from __future__ import annotations

from coach.estimate.quantity import format_count
from coach.problems.model import Problem
from coach.session.record import SimulationRun
from coach.simulate.design import Design, SpikePattern

PEAK_FIGURES = ("peak_read_qps", "peak_write_qps")


def relation(problem: Problem, design: Design) -> str:
    """The simulated load, its share in words, and its part of the estimated peak."""
    from coach.session.estimating import estimate_for

    rps = design.load.rps
    share = design.load.share or problem.reference_design.load.share
    text = f"{format_count(rps)} req/s simulated" + (f" ({share})" if share else "")
    estimate = estimate_for(problem)
    results = estimate.results if estimate is not None else {}
    peak = sum(results[name].value for name in PEAK_FIGURES if name in results)
    if peak <= 0:
        return text
    part = f"{_percent(rps / peak)} of the {format_count(peak)} req/s"
    return f"{text}: {part} the estimate gives at peak"


def offered(run: SimulationRun) -> str:
    """The load a run offered, as it was run: "20K req/s", or "20K req/s, x3 = 60K
    for 12.0 s"; the spike's length as its run's label says it."""
    load = run.design.load
    text = f"{format_count(load.rps)} req/s"
    pattern = load.pattern
    if isinstance(pattern, SpikePattern):
        spiked = format_count(load.rps * pattern.factor)
        text += f", x{pattern.factor:g} = {spiked} for {duration_text(pattern.length_s)}"
    return text


def busiest(run: SimulationRun) -> str:
    """The run's busiest tier and its load at the run's worst moment (a spike's peak, a
    node down), as the run's table, the advice and the write-up all say it:
    "tweet-db primaries 176%". A store with read replicas names the pool, so adding
    replicas that leave the primaries as busy as before reads as what it is."""
    report = run.report
    components = report.get("components") or {}
    if not components:
        return "-"
    name = report.get("bottleneck") or max(components, key=lambda n: _utilization(run, n))
    if name == report.get("bottleneck") and "bottleneck_utilization" in report:
        load = report["bottleneck_utilization"]
        figure = "all nodes down" if load is None else f"{load:.0%}"
        return f"{name}{_pool(run, report.get('bottleneck_pool'))} {figure}"
    return f"{name} {_utilization(run, name):.0%}"


def _utilization(run: SimulationRun, name: str) -> float:
    stats = (run.report.get("components") or {}).get(name) or {}
    return float(stats.get("utilization") or 0.0)


def _pool(run: SimulationRun, pool: object) -> str:
    """The pool's name (primaries, replicas) for a store with read replicas, else nothing."""
    name = run.report.get("bottleneck")
    comps = [c for c in run.design.components if c.name == name]
    if not pool or not comps or not comps[0].replicas:
        return ""
    return " replicas" if pool == "replicas" else " primaries"


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else f"{share:.1%}"


def duration_text(seconds: float) -> str:
    """A run's length as the screens say it: "4.0 s", "200 ms"."""
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
