"""The scaling phase's three runs, the advice, and changing the design between runs."""

from __future__ import annotations

from coach.phases import Phase
from coach.session import events as ev
from coach.session.design_builder import build_design
from coach.session.simulation import run_scenarios
from coach.simulate.design import SpikePattern


def test_three_runs_at_load_spike_and_node_down(chat) -> None:
    design = build_design(chat, ["load_balancer", "app_servers", "cache", "nosql_database"]).design
    verdict = run_scenarios(design)
    labels = [run.label for run in verdict.runs]
    assert labels[0] == "at load" and labels[1].startswith("spike x3 for ")
    busiest = verdict.runs[0].report["bottleneck"]
    assert labels[2] == f"one {busiest} node down"
    spike = verdict.runs[1].design.load.pattern
    assert isinstance(spike, SpikePattern) and spike.factor == 3
    seconds = verdict.runs[0].report["requests"] / design.load.rps
    assert spike.start_s + spike.length_s < seconds  # the spike happens inside the run
    fault = verdict.runs[2].design.faults[0]
    assert fault.component == busiest and fault.at_s + fault.for_s < seconds
    for run in verdict.runs:
        assert run.report["latency_ms"]["p99"] > 0 and "slo" in run.report
    assert verdict.runs[0].report["slo"]["met"]
    assert verdict.advice == ["every run meets the SLO: try fewer nodes to find the limit"]


def test_an_overloaded_store_gets_a_change_to_type(chat) -> None:
    design = build_design(chat, ["app_servers", "sql_database"]).design
    verdict = run_scenarios(design)
    assert not verdict.runs[0].report["slo"]["met"]
    first, second = verdict.advice
    assert first.startswith("at load: store") and first.endswith("try store.nodes=2 or +cache")
    assert second == "the spike and node-down runs fail for the same reason: fix that first"


def test_no_store_is_noted(chat) -> None:
    built = build_design(chat, ["load_balancer", "app_servers"])
    assert "no database picked" in built.notes[-1]


def test_changing_the_design_and_running_again(start) -> None:
    script = [
        "", "", "", "", "", "",  # clarify: no questions, empty requirements, four figures
        ["app_servers", "sql_database"], "", "", "",
        ["ordering"], "",
        "the store",  # bottlenecks
        "store.nodse=2",  # refused: not counted as a run
        "store.nodes=2",
        "+cache",
        "",  # go on
        "", "",
    ]  # fmt: skip
    run = start(script)
    record = run.flow.run()
    assert run.keys.count("rerun") == 4
    shown = run.view.of(ev.SimulationShown)
    assert len(shown) == 3 and len(record.simulations) == 9
    notices = [e.text for e in run.view.of(ev.Notice)]
    assert any(n.startswith("Not changed: cannot set 'nodse'") for n in notices)
    assert "Changed: store: 1 -> 2 nodes" in notices
    assert "Changed: added cache: cache (2 nodes)" in notices
    # the runs left are said once, in each re-run prompt's hint, not again in a notice
    hints = [p.hint for p in run.asker.asked if p.key == "rerun"]
    assert [h.split("; ")[0] for h in hints] == [
        "3 re-runs left", "3 re-runs left", "2 re-runs left", "1 re-run left",
    ]  # fmt: skip
    assert not any("re-run" in n and "left" in n for n in notices)
    labels = [r.label for r in record.simulations]
    assert labels[0] == "at load" and labels[3] == "at load · store.nodes=2"
    assert labels[6] == "at load · +cache" and labels[7].endswith(" · +cache")
    assert [r.change for r in record.simulations[3:]] == ["store.nodes=2"] * 3 + ["+cache"] * 3
    assert record.design.component("store").nodes == 2
    assert record.design.component("app").calls == ["cache"]
    assert record.design_components == ["app_servers", "sql_database", "cache"]
    assert record.components == ["app_servers", "sql_database"]  # the answer stays as given
    assert (
        record.phases[Phase.SCALING].answers["changes"] == "store.nodes=2; +cache"  # as typed
    )
    assert shown[-1].runs[0].report["slo"]["met"]
