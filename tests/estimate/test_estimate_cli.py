"""`coach calc` and `coach estimate` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.estimate.inputs import INPUTS
from coach.estimate.names import RESULT_NAMES

runner = CliRunner()


def test_calc_prints_the_issue_examples() -> None:
    assert runner.invoke(app, ["calc", "500M/day * 10KB * 30 days"]).stdout == "150 TB\n"
    assert runner.invoke(app, ["calc", "2^40 B in TiB"]).stdout == "1 TiB\n"
    assert runner.invoke(app, ["calc", "2^40", "B", "in", "TiB"]).stdout == "1 TiB\n"
    monthly = runner.invoke(app, ["calc", "250B/month in /s"])
    assert monthly.exit_code == 0
    assert monthly.stdout == "96.5K/s\n"
    assert "1 month = 30 days" in monthly.stderr  # the month length, where it matters


def test_calc_json() -> None:
    result = runner.invoke(app, ["calc", "--json", "500M/day * 10KB * 30 days"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "value": 1.5e14,
        "unit": "bytes",
        "display": "150 TB",
        "read_as": "500M/day * 10KB * 30 days",
        "notes": [],
    }
    assert result.stderr == ""


def test_a_terabyte_over_a_bandwidth_is_a_time() -> None:
    result = runner.invoke(app, ["calc", "1 TB / 100 MB/s", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["value"], data["unit"]) == (10_000, "seconds")
    assert data["read_as"] == "1 TB / (100 MB/s)"
    assert result.stderr == "coach: read as: 1 TB / (100 MB/s)\n"


def test_in_hours() -> None:
    result = runner.invoke(app, ["calc", "1 TB / 100 MB/s in hours"])
    assert (result.exit_code, result.stdout) == (0, "2.78 h\n")
    assert "read as: 1 TB / (100 MB/s) in hours" in result.stderr


def test_a_daily_count_over_seconds_a_day_is_a_rate() -> None:
    result = runner.invoke(app, ["calc", "10B/day / 86400 s/day"])
    assert (result.exit_code, result.stdout) == (0, "115.7K/s\n")


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_a_glued_b_is_pointed_out_on_stderr(json_flag: list[str]) -> None:
    result = runner.invoke(app, ["calc", "500M * 300B", *json_flag])
    assert result.exit_code == 0
    assert result.stderr == "coach: 300B read as 300 billion: for bytes write 300 B\n"
    assert "billion" not in result.stdout or json_flag  # the answer alone on stdout


@pytest.mark.parametrize(
    ("expr", "read_as"),
    [
        ("1 KB / 1 s / 1 s", "1 KB / (1 s) / (1 s)"),
        ("150M * 2 / 24 h / 3600 s", "150M * 2 / (24 h) / (3600 s)"),
        ("2 KB * 3 KB", "2 KB * 3 KB"),
    ],
)
def test_an_odd_unit_is_exit_2_with_the_parsed_form(expr: str, read_as: str) -> None:
    result = runner.invoke(app, ["calc", expr])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("coach: error: ")
    assert f"(read as: {read_as})" in result.stderr
    assert result.stderr.count("\n") == 1


def test_estimate_json_gives_the_rubric_figures() -> None:
    result = runner.invoke(app, ["estimate", "twitter", "--json"])
    figures = json.loads(result.stdout)["results"]
    memory = figures["timeline_memory"]
    assert memory["value"] == pytest.approx(2.56e12)
    assert memory["derivation"] == (
        "200M timelines (DAU) x 800 entries each x 16 B per entry = 2.6 TB"
    )
    assert figures["storage_per_day"]["derivation"].endswith("= 450 GB/day")
    assert set(figures["storage_per_day"]) == {"value", "unit", "display", "exact", "derivation"}


def test_calc_help_states_the_month_length() -> None:
    result = runner.invoke(app, ["calc", "--help"])
    assert result.exit_code == 0
    assert "1 month = 30 days" in result.stdout


@pytest.mark.parametrize("expr", ["5 +", "abc", "10 KB + 1 s", "1/0", "5m", "1 s * 1 s"])
def test_calc_bad_expression_is_one_line_exit_2(expr: str) -> None:
    result = runner.invoke(app, ["calc", expr])
    assert result.exit_code == 2
    assert result.stderr.startswith("coach: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_estimate_done_criterion_json() -> None:
    args = [
        "estimate",
        "--set",
        "writes=10M/month",
        "--set",
        "read_write_ratio=10",
        "--set",
        "write_size=1.27KB",
        "--set",
        "retention=3y",
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    figures = data["results"]
    assert figures["write_qps"]["value"] == pytest.approx(4, rel=0.05)
    assert figures["read_qps"]["value"] == pytest.approx(40, rel=0.05)
    assert figures["storage_per_month"]["value"] == pytest.approx(12.7e9, rel=0.01)
    assert figures["storage_total"]["value"] == pytest.approx(450e9, rel=0.05)
    for figure in figures.values():
        assert set(figure) >= {"value", "unit", "display", "derivation"}
    assert data["inputs"]["writes"]["source"] == "--set"


def test_estimate_help_documents_every_input_and_result() -> None:
    result = runner.invoke(app, ["estimate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in INPUTS:
        assert f"{name}:" in result.stdout, name
    for name in RESULT_NAMES:
        assert name in result.stdout, name
    assert "1 month = 30 days" in result.stdout
    assert "baseline" in result.stdout


def test_estimate_table_reads_like_a_whiteboard() -> None:
    result = runner.invoke(app, ["estimate", "--preset", "baseline"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    order = ["assumptions", "Bandwidth", "Connections", "Memory", "Retries", "headroom:"]
    positions = [out.index(word) for word in order]
    assert positions == sorted(positions)
    assert "1000/s requests x 65 ms" in out
    assert "OVER" in out and "retries:" in out


def test_estimate_a_problem() -> None:
    from coach.commands.common import problem

    expected = problem("twitter").capacity_inputs()
    assert expected, "twitter.yaml states capacity assumptions"
    result = runner.invoke(app, ["estimate", "twitter", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for name, text in expected.items():
        assert data["inputs"][name]["text"] == text
        assert data["inputs"][name]["source"] == "problem twitter"
    assert "write_qps" in data["results"]


def test_set_overrides_the_problem() -> None:
    result = runner.invoke(app, ["estimate", "twitter", "--set", "peak_factor=7", "--json"])
    data = json.loads(result.stdout)
    assert data["inputs"]["peak_factor"] == {
        **data["inputs"]["peak_factor"],
        "text": "7",
        "source": "--set",
    }
    figures = data["results"]
    assert figures["peak_write_qps"]["value"] == pytest.approx(7 * figures["write_qps"]["value"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "writes=abc"], "writes=abc: unknown unit 'abc'"),
        (["--set", "wrtes=5/day"], "unknown estimate input 'wrtes' (did you mean 'writes'?)"),
        (["--set", "write_size=5/day"], "expected a size such as 10 KB, got a rate"),
        (["--set", "writes=0/day"], "must be more than zero"),
        (["--set", "writes=-1/day"], "must be more than zero"),
        (["--set", "writes=5 +"], "the expression ends too early"),
        (["--set", "writes"], "write NAME=VALUE"),
        (["--preset", "basline"], "did you mean 'baseline'?"),
        (["twiter"], "did you mean 'twitter'?"),
        ([], "nothing to estimate"),
    ],
)
def test_estimate_bad_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["estimate", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("coach: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_the_cli_does_not_import_pint_until_asked() -> None:
    code = (
        "import sys\n"
        "import coach.cli, coach.estimate.inputs, coach.estimate.quantity\n"
        "print('pint' in sys.modules)\n"
        "from coach.estimate.calc import evaluate\n"
        "evaluate('1 KB')\n"
        "print('pint' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("columns", [60, 80])
def test_estimate_fits_the_terminal(columns: int) -> None:
    result = runner.invoke(app, ["estimate", "twitter"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= columns
    if columns < 72:  # the working under its figure, indented
        row = lines.index(next(line for line in lines if "storage per day " in line))
        assert lines[row + 1].strip() == "150 GB/day x 3 replicas"
    else:  # beside it
        assert any("storage per day" in line and "x 3" in line for line in lines)
