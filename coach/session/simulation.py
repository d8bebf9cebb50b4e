"""Simulate the user's design three ways and say what to fix.

The scaling phase runs the design at the problem's load, during a x3 spike
and with one node of its busiest tier down. Runs are kept to a bounded
number of requests so each takes well under a second; the spike and the
fault are placed inside the run's expected duration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.session.load_story import duration_text
from coach.session.record import SimulationRun
from coach.simulate.design import Design, Fault, SpikePattern

REQUESTS = 20_000
SWAMPED = 2.0  # offered load (x capacity) past which a run is cut short: it only shows backlog
SWAMPED_REQUESTS = 3_000
MAX_SECONDS = 30.0  # a slow problem still simulates no more than this much time
SPIKE_FACTOR = 3.0
SPIKE_SHARE = 0.2  # the spike starts a fifth into the run and lasts a fifth of it
SEED = 7


@dataclass(frozen=True)
class Verdict:
    runs: list[SimulationRun]
    advice: list[str]


def run_scenarios(design: Design, *, seed: int = SEED) -> Verdict:
    """At load, spike x3, one node of the busiest tier down; and advice."""
    from coach.simulate.engine import simulate

    requests = _requests(design)
    seconds = requests / design.load.rps
    at_load = _run("at load", design, requests, seed, simulate)
    runs = [
        at_load,
        _run(_spike_label(seconds), _spiked(design, seconds), requests, seed, simulate),
    ]
    busiest = at_load.report.get("bottleneck") or _busiest(design, at_load.report)
    if busiest is not None:
        faulty = _faulted(design, busiest, seconds)
        runs.append(_run(f"one {busiest} node down", faulty, requests, seed, simulate))
    return Verdict(runs, advise(design, runs))


def advise(design: Design, runs: list[SimulationRun]) -> list[str]:
    from coach.session.sim_advice import advise as advice_for

    return advice_for(design, runs)


def _requests(design: Design) -> int:
    """Enough requests for steady figures; few when a tier is offered twice what it can
    serve: its queue only grows, and a longer run shows nothing more (but takes seconds)."""
    from coach.simulate.analytic import analytic

    swamped = any(tier.utilization >= SWAMPED for tier in analytic(design).values())
    wanted = SWAMPED_REQUESTS if swamped else REQUESTS
    return max(1_000, min(wanted, int(design.load.rps * MAX_SECONDS)))


def _run(label: str, design: Design, requests: int, seed: int, simulate: Any) -> SimulationRun:
    report = simulate(design, requests=requests, seed=seed)
    return SimulationRun(label=label, design=design, report=report.to_json())


def _spike_label(seconds: float) -> str:
    return f"spike x{SPIKE_FACTOR:g} for {duration_text(seconds * SPIKE_SHARE)}"


def _spiked(design: Design, seconds: float) -> Design:
    pattern = SpikePattern(
        kind="spike",
        factor=SPIKE_FACTOR,
        start_s=round(seconds * SPIKE_SHARE, 3),
        length_s=round(seconds * SPIKE_SHARE, 3),
    )
    return design.model_copy(update={"load": design.load.model_copy(update={"pattern": pattern})})


def _faulted(design: Design, name: str, seconds: float) -> Design:
    fault = Fault(
        component=name, nodes=1, at_s=round(seconds * 0.25, 3), for_s=round(seconds * 0.5, 3)
    )
    return design.model_copy(update={"faults": [fault]})


def _busiest(design: Design, report: dict[str, Any]) -> str | None:
    usage = {
        name: (data or {}).get("utilization") or 0.0
        for name, data in report.get("components", {}).items()
    }
    names = [c.name for c in design.components if c.name in usage]
    return max(names, key=lambda n: usage[n]) if names else None


def p99(run: SimulationRun) -> float | None:
    value = run.report.get("latency_ms", {}).get("p99")
    return float(value) if value is not None else None


def slo_met(run: SimulationRun) -> bool:
    return bool(run.report.get("slo", {}).get("met"))
