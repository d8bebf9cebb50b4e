"""An answers file's `changes` replay the scaling phase's re-runs, in order."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()
STRONG = Path(__file__).parents[1] / "fixtures" / "answers" / "twitter-strong.yaml"


def _answers(tmp_path: Path, changes: object) -> Path:
    data = yaml.safe_load(STRONG.read_text(encoding="utf-8"))
    data["changes"] = changes
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_changes_are_replayed_and_labelled(tmp_path: Path) -> None:
    path = _answers(tmp_path, ["app.nodes=12", "+replicas"])
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    runs = out["simulations"]
    assert [r["change"] for r in runs] == [""] * 3 + ["app.nodes=12"] * 3 + ["+replicas"] * 3
    assert runs[0]["label"] == "at load"
    assert runs[3]["label"] == "at load · app.nodes=12"
    assert runs[6]["label"] == "at load · +replicas"
    for key in ("problem", "score", "phases", "pitfalls", "session_id", "status", "questions"):
        assert key in out  # the contract keeps its keys
    exported = runner.invoke(app, ["export", "--stdout"])
    assert exported.exit_code == 0, exported.output
    assert "| app.nodes=12 | at load |" in exported.output
    assert "app.nodes=12; +replicas" in exported.output  # the changes as typed


def test_coachs_account_of_a_change_earns_no_credit(tmp_path: Path) -> None:
    """Adding a queue on twitter brings in the reference's `fanout-queue`: that name is
    coach's, not the user's, and must not count as explaining an asynchronous fan-out."""
    vague = yaml.safe_load((STRONG.parent / "twitter-vague.yaml").read_text(encoding="utf-8"))
    vague["changes"] = ["+queue"]
    path = tmp_path / "vague.yaml"
    path.write_text(yaml.safe_dump(vague), encoding="utf-8")
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(path), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["phases"]["high_level"]["items"]
    fanout = next(item for item in items if item["id"] == "async-fanout")
    assert all(e["source"] != "changes" or "fanout" not in e["quote"] for e in fanout["evidence"])


def test_a_change_that_cannot_apply_is_named_at_its_place(tmp_path: Path) -> None:
    path = _answers(tmp_path, ["app.nodes=12", "+cache"])
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(path)])
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"coach: error: {path}:")
    assert "change 2 (+cache)" in line
    assert line.endswith(
        "cache is already in the design: try timeline-cache.nodes=8 "
        "or timeline-cache.hit_ratio=0.975"  # a step up from its 6 nodes and 95% hits
    )


def test_changes_is_a_list_of_at_most_three(tmp_path: Path) -> None:
    for changes, message in (
        ("app.nodes=12", "'changes' should be a list"),
        (["app.nodes=9", "app.nodes=10", "app.nodes=11", "app.nodes=12"], "at most 3 changes"),
    ):
        path = _answers(tmp_path, changes)
        result = runner.invoke(app, ["practice", "twitter", "--answers", str(path)])
        assert result.exit_code == 2 and message in result.output, result.output
