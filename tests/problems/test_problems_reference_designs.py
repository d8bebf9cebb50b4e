"""Every problem's reference design, really simulated at its own load.

The reference design is the answer coach shows and the design `coach simulate
PROBLEM` runs: it must serve its problem's load, meet its SLO, and the
simulation and the queueing model must agree on it. A short run (5,000
requests, a fraction of a second each) is enough for these checks, which hold
with room to spare across seeds; the figures come from the `--json` contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.paths import problems_dir
from coach.simulate.engine import simulate
from coach.simulate.loader import load_design_file

REQUESTS = 5_000
SPECS = sorted(problems_dir().glob("*.yaml"))


def test_the_bank_is_all_here() -> None:
    assert len(SPECS) >= 13


@pytest.mark.parametrize("spec", SPECS, ids=[spec.stem for spec in SPECS])
def test_the_reference_design_serves_its_load(spec: Path) -> None:
    design = load_design_file(spec)
    report = simulate(design, requests=REQUESTS, seed=1).to_json()

    assert report["requests"] == REQUESTS
    assert report["completed"] + report["failed"] == REQUESTS
    assert report["failed"] == 0, "the reference design loses requests at its own load"
    if report["slo"] is not None:
        assert report["slo"]["met"], f"p99 {report['latency_ms']['p99']} ms misses the SLO"

    # Every tier is below saturation in the model, and the model's end-to-end
    # mean (per tier, by Little's law along the path) is what the requests saw.
    assert all(tier["utilization"] < 1 for tier in report["analytic"].values())
    assert report["latency_ms"]["mean"] == pytest.approx(report["model_latency_ms"], rel=0.1)

    # Utilisation accounting: the utilisation shown is the work served (visits x
    # service time, i.e. response minus wait) over the slots the design gives the
    # tier (nodes x concurrency) for the whole run.
    for component in design.components:
        if component.replicas:  # two pools: the JSON's figures are per component
            continue
        stats = report["components"][component.name]
        slots = component.nodes * component.concurrency
        busy_s = stats["utilization"] * slots * report["duration_s"]
        served_s = stats["visits"] * (stats["mean_response_ms"] - stats["mean_wait_ms"]) / 1000
        assert stats["visits"] > 0, component.name
        assert busy_s == pytest.approx(served_s, rel=0.01), component.name
