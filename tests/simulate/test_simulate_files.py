"""Design files: the format, the example, and every kind of bad input at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.simulate.design import Design, Kind
from coach.simulate.engine import simulate
from coach.simulate.loader import load_design_file
from coach.simulate.overrides import apply_overrides, with_fault, with_rps, with_spike

EXAMPLE = Path(__file__).parents[2] / "coach" / "simulate" / "example.yaml"

HEAD = "load: {rps: 100}\ncomponents:\n"
APP = "  - name: app\n    kind: service\n    service_ms: {mean: 5}\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(CoachError) as caught:
        load_design_file(path)
    return str(caught.value)


def test_the_example_is_the_baseline_scenario() -> None:
    d = load_design_file(EXAMPLE)
    app = d.component("app")
    assert (app.nodes, app.concurrency) == (10, 16)
    assert d.entry_component.kind is Kind.LOAD_BALANCER
    assert d.load.rps == 1000 and d.load.message_kb == 1
    assert d.slo is not None and d.slo.p99_ms == 65
    assert d.coordination_overhead == 0.2
    assert d.retry is not None and d.retry.attempts == 1
    assert {c.kind for c in d.components} >= {Kind.CACHE, Kind.DATABASE}
    report = simulate(d, requests=20_000, seed=1)
    assert report.slo is not None and report.slo.met


def test_a_minimal_design_needs_no_slo(tmp_path: Path) -> None:
    d = load_design_file(write(tmp_path, HEAD + APP))
    report = simulate(d, requests=1000, seed=1)
    assert d.slo is None and report.slo is None
    assert report.to_json()["slo"] is None


def test_a_problem_spec_file_runs_its_reference_design() -> None:
    from coach.commands import common

    spec = Path(__file__).parents[2] / "problems" / "twitter.yaml"
    design = load_design_file(spec)
    reference = common.problem("twitter").reference_design
    assert design == reference
    report = simulate(design, requests=20_000, seed=2)
    # the run went through every tier of the reference design, under its load and SLO
    assert set(report.components) == {c.name for c in reference.components}
    assert all(c.visits > 0 for c in report.components.values())
    assert report.offered_rps == pytest.approx(reference.load.rps, rel=0.02)
    assert report.slo is not None and report.slo.p99_ms == reference.slo.p99_ms
    assert report.latency is not None and report.latency.p50 > 0
    assert report.to_json() == simulate(reference, requests=20_000, seed=2).to_json()


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (HEAD + APP.replace("service\n", "servise\n"), ":4:11:", "did you mean 'service'"),
        (HEAD + APP + "    calls: [cahce]\n", ":6:13:", "calls 'cahce', which is not a component"),
        (
            HEAD + APP + "    calls: [b]\n" + APP.replace("app", "b") + "    calls: [app]\n",
            ":10:13:",
            "calls form a cycle: app -> b -> app",
        ),
        (HEAD + APP + "    calls: [app]\n", ":6:13:", "calls itself"),
        (HEAD.replace("100", "-3") + APP, ":1:13:", "'rps' should be greater than 0"),
        (HEAD + APP.replace("mean: 5", "mean: 0"), ":5:24:", "'mean' should be greater than 0"),
        (
            HEAD + APP.replace("service\n", "cache\n") + "    hit_ratio: 1.5\n",
            ":6:16:",
            "'hit_ratio' should be at most 1",
        ),
        (
            HEAD + APP + "faults:\n  - {component: app, nodes: 2, for_s: 5}\n",
            ":7:29:",
            "takes down 2 nodes of 'app', which has 1",
        ),
        (
            HEAD + APP + "faults:\n  - {component: ap, for_s: 5}\n",
            ":7:17:",
            "fault names 'ap'",
        ),
        (HEAD + APP + APP, ":6:11:", "'app' is used twice"),
        ("load: !!python/object/apply:os.system [echo]\n", ":1:7:", "not allowed"),
        (HEAD + APP + "    nodez: 3\n", ":6:5:", "unknown key 'nodez' (did you mean 'nodes'?)"),
    ],
    ids=[
        "unknown kind",
        "unknown component",
        "cycle",
        "self call",
        "negative rate",
        "zero time",
        "hit ratio",
        "too many faulty nodes",
        "fault on nothing",
        "duplicate name",
        "python tag",
        "unknown key",
    ],
)
def test_bad_designs_name_the_line(tmp_path: Path, text: str, where: str, words: str) -> None:
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path}{where}"), message
    assert words in message


def test_overrides_edit_a_copy() -> None:
    d = load_design_file(EXAMPLE)
    edited = apply_overrides(d, ["app.nodes=13", "app.service_ms.mean=4", "slo.p99_ms=50"])
    assert edited.component("app").nodes == 13
    assert edited.component("app").service_ms.mean == 4
    assert edited.slo is not None and edited.slo.p99_ms == 50
    assert d.component("app").nodes == 10
    assert with_rps(d, 2500).load.rps == 2500
    assert with_spike(d, 3).load.pattern.kind == "spike"
    assert with_fault(d, "app", nodes=2).faults[-1].nodes == 2


@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("app.nodez=3", "app.nodez: unknown field (did you mean 'nodes'?)"),
        ("app.nodes=-1", "app.nodes: should be at least 1, got -1"),
        ("apq.nodes=3", "'apq' is neither a component nor a design key"),
        ("app.calls=[nowhere]", "calls 'nowhere', which is not a component"),
        ("app.calls=[lb]", "calls form a cycle"),
        ("nodes", "expected PATH=VALUE"),
        ("app=3", "name a field"),
    ],
)
def test_bad_overrides_say_what_is_wrong(assignment: str, words: str) -> None:
    with pytest.raises(CoachError, match="--set") as caught:
        apply_overrides(load_design_file(EXAMPLE), [assignment])
    assert words in str(caught.value)


def test_designs_round_trip_through_the_model() -> None:
    d = load_design_file(EXAMPLE)
    assert Design.model_validate(d.model_dump()) == d
