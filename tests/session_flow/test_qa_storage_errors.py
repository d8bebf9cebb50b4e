"""The data store's errors say what is wrong: read-only, newer, damaged (found in QA)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.errors import CoachError
from coach.storage import db

runner = CliRunner()


def _store_then(tmp_path: Path, sql: str) -> Path:
    """A fresh store with `sql` run on it behind coach's back."""
    path = tmp_path / "coach.sqlite3"
    db.connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def test_a_read_only_store_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "coach.sqlite3"
    sqlite3.connect(path).close()  # an empty file: the schema must still be written
    real_connect = sqlite3.connect

    def read_only(database: str, **kwargs: object) -> sqlite3.Connection:
        return real_connect(f"file:{database}?mode=ro", uri=True, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(db.sqlite3, "connect", read_only)
    with pytest.raises(CoachError) as caught:
        db.connect(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the data store cannot be written")
    assert "permissions" in message
    assert "damaged" not in message


def test_a_store_from_a_newer_coach_says_upgrade(tmp_path: Path) -> None:
    path = _store_then(tmp_path, "PRAGMA user_version = 99")
    with pytest.raises(CoachError) as caught:
        db.connect(path)
    assert "written by a newer coach (schema 99" in str(caught.value)
    assert "damaged" not in str(caught.value)


def test_a_store_missing_a_table_is_one_line_exit_2(tmp_path: Path) -> None:
    _store_then(tmp_path, "DROP TABLE sessions")
    result = runner.invoke(app, ["history"], env={"COACH_HOME": str(tmp_path)})
    assert result.exit_code == 2, result.output
    assert "its 'sessions' table is missing" in result.output
    assert "unexpected" not in result.output
