"""Drills in the SQLite store: insert, update in place, read back, survive damage."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from coach.drill.record import DrillRecord
from coach.drill.summary import day_streak
from coach.storage.drills import DrillStore

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_save_inserts_once_then_updates(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    record = DrillRecord(kind="units", seed=1, count=3, created_at=NOW, updated_at=NOW)
    with DrillStore.open(path) as store:
        first = store.save(record)
        second = store.save(record)
        assert first == second == record.id
    row = (
        sqlite3.connect(str(path))
        .execute("SELECT count(*), kind, questions FROM drills")
        .fetchone()
    )
    assert row == (1, "units", 0)


def test_a_damaged_row_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    with DrillStore.open(path) as store:
        store.save(DrillRecord(kind="units", seed=1, count=3, created_at=NOW, updated_at=NOW))
    conn = sqlite3.connect(str(path))
    with conn:
        conn.execute(
            "INSERT INTO drills (kind, created_at, questions, score, data) VALUES "
            "('units', '2025-01-01', 1, 0, '{not json')"
        )
    with DrillStore.open(path) as store:
        records, damaged = store.load_all()
    assert [r.id for r in records] == [1]
    assert damaged == [2]


def test_day_streak_counts_back_from_today_or_yesterday() -> None:
    today = date(2025, 3, 10)
    days = [date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 9)]
    assert day_streak(days, today) == 3  # today not done yet: the streak still stands
    assert day_streak([*days, today], today) == 4
    assert day_streak([date(2025, 3, 8)], today) == 0
    assert day_streak([], today) == 0
