"""`coach stats` through the CLI, on an empty store and on a seeded one."""

from __future__ import annotations

import json

from stats_helpers import DRILLS, SESSIONS
from typer.testing import CliRunner

from coach.cli import app
from coach.storage.drills import DrillStore
from coach.storage.sessions import SessionStore

runner = CliRunner()


def _seed() -> None:
    with SessionStore.open() as sessions:
        for record in SESSIONS:
            sessions.save(record.model_copy(deep=True))
    with DrillStore.open() as drills:
        for drill in DRILLS:
            drills.save(drill.model_copy(deep=True))


def test_first_run_is_friendly_not_an_error() -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert "No practice recorded yet" in result.stdout
    assert "coach drill" in result.stdout
    assert "coach practice" in result.stdout


def test_first_run_json() -> None:
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["empty"] is True
    assert data["sessions"]["count"] == 0
    assert data["drills"]["count"] == 0
    assert data["recommendation"]["difficulty"] == "easy"


def test_seeded_store_json() -> None:
    _seed()
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sessions"]["count"] == 3
    assert data["sessions"]["average_per_phase"]["scaling"] == 23.3
    assert data["drills"]["count"] == 2
    assert [w["id"] for w in data["weakest"]][:3] == ["scaling", "deep_dive", "hot-keys"]
    rec = data["recommendation"]
    assert rec["command"] == f"coach practice {rec['problem']}"
    assert rec["reasons"]


def test_seeded_store_renders_tables_and_trends() -> None:
    _seed()
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in (
        "Average score per phase",
        "Drills by kind",
        "Missed most often",
        "Weakest areas",
        "Next: coach practice",
    ):
        assert heading in out
    assert "Sessions  3 (3 completed, 0 in progress) · average 55" in out
    assert "█" in out  # bars
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_damaged_session_is_skipped_with_a_notice() -> None:
    _seed()
    from coach.paths import database_path
    from coach.storage.db import connect

    conn = connect(database_path())
    with conn:  # a row no SessionRecord can be read from
        conn.execute("UPDATE sessions SET data='{}' WHERE id=1")
    conn.close()
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sessions"]["count"] == 2
    assert "skipped: session 1 is damaged" in result.stderr
