"""The design checks, the runs and the advice tell one story: the same load, the same model."""

from __future__ import annotations

import re

import pytest

from coach.session.record import SimulationRun
from coach.session.sim_advice import advise
from coach.session.simulation import run_scenarios
from coach.simulate.checks import check_design
from coach.simulate.design import Design
from coach.simulate.engine import simulate
from coach.simulate.overrides import with_fault, with_spike


def twitter() -> Design:
    from coach.commands import common

    return common.problem("twitter").reference_design


def percents(text: str) -> list[int]:
    return [int(p) for p in re.findall(r"(\d+)%", text)]


def test_a_node_down_run_shows_the_load_the_headroom_check_predicts() -> None:
    design = twitter()
    check = next(
        f for f in check_design(design) if f.code == "no-headroom" and f.component == "tweet-db"
    )
    predicted = percents(check.message)[-1]  # "... puts the rest at 118% ..."
    down = with_fault(design, "tweet-db", nodes=1, at_s=0.25, for_s=0.5)
    report = simulate(down, requests=20_000, seed=7)
    assert report.bottleneck is not None and report.bottleneck.component == "tweet-db"
    assert round(report.bottleneck.utilization * 100) == predicted
    assert report.bottleneck.why == "with 1 of 2 nodes down"
    data = report.to_json()
    assert data["components"]["tweet-db"]["peak_utilization"] == pytest.approx(
        predicted / 100, abs=0.005
    )
    # the measured utilisation, averaged over the run, is lower: a different figure, labelled
    assert report.components["tweet-db"].utilization < report.bottleneck.utilization


def test_a_spike_run_its_table_and_its_advice_give_one_figure() -> None:
    design = twitter()
    spiked = with_spike(design, 3, start_s=0.2, length_s=0.2)
    report = simulate(spiked, requests=20_000, seed=7)
    assert report.bottleneck is not None and report.bottleneck.why == "during the 3x spike"
    steady = max(p.utilization for p in report.analytic[report.bottleneck.component].pools)
    assert report.bottleneck.utilization == pytest.approx(3 * steady)
    run = SimulationRun(label="spike x3", design=spiked, report=report.to_json())
    if not run.report["slo"]["met"]:
        (line,) = advise(design, [run])
        assert f"{report.bottleneck.utilization:.0%}" in line


def test_the_practice_runs_table_and_advice_agree_on_an_overloaded_tier() -> None:
    from coach.ui.render_session import _busiest

    design = twitter().model_copy(deep=True)
    design.component("api").nodes = 4  # 148% of capacity at the problem's load
    verdict = run_scenarios(design)
    at_load = verdict.runs[0]
    shown = _busiest(at_load)
    assert shown.startswith("api ")
    assert not at_load.report["slo"]["met"]
    said = next(line for line in verdict.advice if line.startswith("at load"))
    assert shown.split()[-1] in said  # the same percentage, table and advice


def test_advice_on_a_report_from_before_these_figures_still_works() -> None:
    design = twitter()
    spiked = with_spike(design, 3, start_s=0.2, length_s=0.2)
    report = simulate(spiked, requests=20_000, seed=7).to_json()
    for key in ("bottleneck_utilization", "bottleneck_pool"):
        report.pop(key)
    report["slo"]["met"] = False
    (line,) = advise(design, [SimulationRun(label="spike", design=spiked, report=report)])
    assert "is offered" in line and "try " in line


def test_runs_that_all_meet_the_slo_do_not_advise_fewer_nodes_over_an_overloaded_moment() -> None:
    design = twitter()
    at_load = SimulationRun(label="at load", design=design, report={"slo": {"met": True}})
    [line] = advise(design, [at_load])
    assert line == "every run meets the SLO: try fewer nodes to find the limit"
    report = {
        "slo": {"met": True},
        "bottleneck": "tweet-db",
        "bottleneck_pool": "primary",
        "bottleneck_utilization": 1.76,
    }
    spike = SimulationRun(label="spike x3", design=design, report=report)
    [line] = advise(design, [at_load, spike])
    assert "fewer nodes" not in line
    assert "spike x3 offers tweet-db 176% of its capacity" in line
    assert re.search(r"try tweet-db\.nodes=\d+$", line)
