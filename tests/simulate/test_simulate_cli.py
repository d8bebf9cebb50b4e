"""`coach simulate` end to end through the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "coach" / "simulate" / "example.yaml"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["simulate", *args])
    return result.exit_code, result.output


def run_json(*args: str) -> dict:
    code, output = run(*args, "--json")
    assert code == 0, output
    return json.loads(output)


def test_example_prints_a_design_that_runs(tmp_path: Path) -> None:
    code, text = run("--example")
    assert code == 0
    assert text == EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = run(str(path), "--requests", "20000")
    assert code == 0, output
    for words in ("Latency", "SLO", "p99 <= 65 ms met", "Bottleneck", "Availability", "app"):
        assert words in output
    assert "Traceback" not in output


def test_json_is_the_public_contract() -> None:
    data = run_json(str(EXAMPLE), "--requests", "20000", "--seed", "3")
    assert data["requests"] == 20000
    assert isinstance(data["throughput_rps"], float)
    assert set(data["latency_ms"]) == {"mean", "p50", "p95", "p99", "max"}
    assert set(data["components"]) == {"lb", "app", "cache", "db"}
    for stats in data["components"].values():
        assert {"utilization", "mean_wait_ms", "dropped", "timeouts"} <= set(stats)
    assert data["slo"]["p99_ms"] == 65 and isinstance(data["slo"]["met"], bool)
    assert data["bottleneck"] in data["components"]
    for model in data["analytic"].values():
        assert {"utilization", "mean_response_ms"} <= set(model)
    assert data["availability"]["availability"] > 0.99
    assert {c["code"] for c in data["checks"]} == {"single-primary"}
    assert run_json(str(EXAMPLE), "--requests", "20000", "--seed", "3") == data


def test_flags_change_the_design() -> None:
    base = run_json(str(EXAMPLE), "--requests", "20000")
    faster = run_json(str(EXAMPLE), "--requests", "20000", "--rps", "4000")
    assert faster["offered_rps"] == pytest.approx(4000, rel=0.05)
    more = run_json(str(EXAMPLE), "--requests", "20000", "--set", "app.nodes=20")
    ratio = more["components"]["app"]["utilization"] / base["components"]["app"]["utilization"]
    assert ratio == pytest.approx(0.5, rel=0.05)


def test_a_problem_id_runs_its_reference_design() -> None:
    data = run_json("twitter", "--requests", "20000")
    assert data["design"]
    assert data["requests"] == 20000


def test_sweep_finds_the_highest_load_within_the_slo() -> None:
    data = run_json(str(EXAMPLE), "--sweep", "rps=2000..20000", "--requests", "20000")
    best = data["max_rps_within_slo"]
    assert 2000 < best < 20000
    for point in data["points"]:
        if point["rps"] <= best:
            assert point["met"]
    code, output = run(str(EXAMPLE), "--sweep", "rps=2000..20000", "--requests", "20000")
    assert code == 0
    assert "SLO 65 ms" in output and "Highest load within the SLO" in output
    assert "* met   x missed" in output  # the legend
    assert max(len(line) for line in output.splitlines()) <= 80


def test_a_sweep_sizes_its_runs_and_leaves_loads_past_capacity_to_the_model() -> None:
    data = run_json(str(EXAMPLE), "--sweep", "rps=2000..20000")
    cap = data["model_capacity_rps"]
    assert data["max_rps_within_slo"] < cap
    for point in data["points"]:
        assert {"rps", "p99_ms", "mean_ms", "met", "failed_ratio", "utilization"} <= set(point)
        if point["rps"] >= cap:
            assert point["settled_by"] == "model" and not point["met"]
            assert point["requests"] == 0 and point["observed_p99_ms"] is None
    sizes = {p["requests"] for p in data["points"] if p["settled_by"] == "simulation"}
    assert len(sizes) > 1  # not one length for every load
    assert data["requests"] == sum(p["requests"] for p in data["points"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), "name a design file or a problem id"),
        (("nosuch.yaml",), "nosuch.yaml: no such file"),
        (("no-such-problem",), "no-such-problem"),
        ((str(EXAMPLE), "--requests", "0"), "requests should be at least 1"),
        ((str(EXAMPLE), "--requests", "10000000"), "requests should be at most 5,000,000"),
        ((str(EXAMPLE), "--rps", "-5"), "--rps should be greater than 0"),
        ((str(EXAMPLE), "--set", "app.nodes=0"), "app.nodes: should be at least 1, got 0"),
        ((str(EXAMPLE), "--sweep", "rps=10"), "expected rps=LOW..HIGH"),
        ((str(EXAMPLE), "--sweep", "nodes=1..5"), "only rps can be swept"),
        ((str(EXAMPLE), "--set", "slo=null", "--sweep", "rps=1..5"), "--sweep needs an SLO"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], words: str) -> None:
    code, output = run(*args)
    assert code == 2, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: error:"), output
    assert words in output


def test_a_bad_file_reports_every_error_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "load: {rps: 0}\ncomponents:\n  - {name: a, kind: nope, service_ms: {mean: 1}}\n"
    )
    code, output = run(str(path))
    assert code == 2
    assert f"coach: error: {path}:1:13: 'rps' should be greater than 0" in output
    assert f"coach: error: {path}:3:21: 'kind' should be one of" in output
    assert "Traceback" not in output


def test_the_progress_bar_waits_a_second_and_needs_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    from coach.commands import simulate as command
    from coach.ui import console

    monkeypatch.setenv("TERM", "xterm")  # rich draws no live display on a dumb terminal
    screen = io.StringIO()
    built: list[Console] = []

    def err() -> Console:
        built.append(Console(file=screen, force_terminal=True, force_interactive=True))
        return built[-1]

    monkeypatch.setattr(console, "err", err)
    now = [0.0]
    with command._progress(clock=lambda: now[0]) as update:
        update(0.2)
        assert screen.getvalue() == ""  # under a second: nothing
        assert not built  # not even a console: a short run's start-up does without rich
        now[0] = 1.5
        update(0.6)
        assert "simulating" in screen.getvalue()


def test_a_negative_seed_is_bad_input() -> None:
    from typer.testing import CliRunner

    from coach.cli import app

    result = CliRunner().invoke(app, ["simulate", "--example", "--seed", "-1"])
    assert result.exit_code == 2
    assert "coach: error:" in result.output and "Traceback" not in result.output
