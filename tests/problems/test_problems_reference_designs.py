"""Every problem's reference design, really simulated at its own load.

The reference design is the answer coach shows and the design `coach simulate
PROBLEM` runs: it must serve its problem's load, meet its SLO, and the
simulation and the queueing model must agree on it. Each run is as short as
these checks allow (a fraction of a second); the figures come from the
`--json` contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.paths import problems_dir
from coach.simulate.design import Design, Kind
from coach.simulate.engine import simulate
from coach.simulate.loader import load_design_file

SPECS = sorted(problems_dir().glob("*.yaml"))
PASSES = 40  # times a request could cross every tier in turn within the run's arrivals
FEW_REQUESTS, MANY_REQUESTS = 5_000, 60_000
FEW_VISITS = 1_000  # a tier visited less often has too few samples to compare


def requests_for(design: Design) -> int:
    """Enough requests that their arrivals span PASSES slow passes through the design,
    so that utilisation, measured over the arrivals, is a steady figure."""
    path_s = sum(component.service_ms.mean for component in design.components) / 1000
    wanted = design.load.rps * PASSES * path_s
    return int(min(MANY_REQUESTS, max(FEW_REQUESTS, wanted)))


def test_the_bank_is_all_here() -> None:
    assert len(SPECS) >= 13


@pytest.mark.parametrize("spec", SPECS, ids=[spec.stem for spec in SPECS])
def test_the_reference_design_serves_its_load(spec: Path) -> None:
    design = load_design_file(spec)
    requests = requests_for(design)
    report = simulate(design, requests=requests, seed=1).to_json()

    assert report["requests"] == requests
    assert report["completed"] + report["failed"] == requests
    assert report["failed"] == 0, "the reference design loses requests at its own load"
    if report["slo"] is not None:
        assert report["slo"]["met"], f"p99 {report['latency_ms']['p99']} ms misses the SLO"

    # Every tier is below saturation in the model, and the model's end-to-end mean
    # is what the requests saw (within 10%: seen within 4.1% over five seeds).
    assert all(tier["utilization"] < 1 for tier in report["analytic"].values())
    assert report["latency_ms"]["mean"] == pytest.approx(report["model_latency_ms"], rel=0.1)

    # Utilisation: each well-visited tier is as busy as the model says (within 25%:
    # seen within 12.3% over five seeds).
    for name, stats in report["components"].items():
        if stats["visits"] >= FEW_VISITS:
            model = report["analytic"][name]["utilization"]
            assert stats["utilization"] == pytest.approx(model, rel=0.25), name


@pytest.mark.parametrize("spec", SPECS, ids=[spec.stem for spec in SPECS])
def test_asynchronous_consumers_write_into_a_modelled_store(spec: Path) -> None:
    """A worker that drains a queue does its work somewhere: the history writers into
    the data lake, the fan-out workers into the timeline cache. A consumer calling
    nothing would be drawn and simulated as a write path that ends in thin air."""
    design = load_design_file(spec)
    by_name = {component.name: component for component in design.components}
    consumers = {
        callee
        for component in design.components
        if component.kind is Kind.QUEUE
        for callee in component.calls
    }
    for name in consumers:
        if by_name[name].kind is Kind.SERVICE:
            assert by_name[name].calls, f"{name} drains a queue and writes nowhere"
