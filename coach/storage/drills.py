"""Saving and loading drills in the SQLite store, beside the sessions.

A drill is one JSON document (`DrillRecord`) plus the columns `coach stats` can
read without parsing: kind, when, how many answers, score. Each save is one
transaction, so Ctrl-C or a closed terminal keeps every answer given so far.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from coach.drill.record import DrillRecord
from coach.errors import CoachError
from coach.storage.db import connect


class DrillStore:
    """Drills in one SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, path: Path | None = None) -> DrillStore:
        """Open the store at `path`, or the user's default database."""
        if path is None:
            from coach.paths import database_path

            path = database_path()
        return cls(connect(path))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> DrillStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save(self, record: DrillRecord) -> int:
        """Insert or update `record` in one transaction; sets and returns its id."""
        columns = (
            record.kind,
            record.created_at.isoformat(),
            len(record.answers),
            record.score,
            record.model_dump_json(exclude={"id"}),
        )
        try:
            with self._conn:
                if record.id is None:
                    cursor = self._conn.execute(
                        "INSERT INTO drills (kind, created_at, questions, score, data)"
                        " VALUES (?, ?, ?, ?, ?)",
                        columns,
                    )
                    record.id = int(cursor.lastrowid or 0)
                else:
                    self._conn.execute(
                        "UPDATE drills SET kind=?, created_at=?, questions=?, score=?, data=?"
                        " WHERE id=?",
                        (*columns, record.id),
                    )
        except sqlite3.Error as exc:
            raise CoachError(f"cannot save the drill: {exc}") from exc
        return record.id

    def load(self, drill_id: int) -> DrillRecord:
        row = self._conn.execute("SELECT id, data FROM drills WHERE id=?", (drill_id,)).fetchone()
        if row is None:
            raise CoachError(f"no drill {drill_id}")
        return _record(row)

    def practice_times(self) -> list[datetime]:
        """When each drill with at least one answer started (for the day streak)."""
        rows = self._conn.execute(
            "SELECT created_at FROM drills WHERE questions > 0 ORDER BY id"
        ).fetchall()
        times = []
        for row in rows:
            try:
                times.append(datetime.fromisoformat(row["created_at"]))
            except (TypeError, ValueError):
                continue  # a damaged row: `load_all` reports it
        return times

    def load_all(self) -> tuple[list[DrillRecord], list[int]]:
        """Every readable drill, oldest first, and the ids of rows too damaged to read."""
        rows = self._conn.execute("SELECT id, data FROM drills ORDER BY id").fetchall()
        records, damaged = [], []
        for row in rows:
            try:
                records.append(_record(row))
            except CoachError:
                damaged.append(int(row["id"]))
        return records, damaged


def _record(row: sqlite3.Row) -> DrillRecord:
    try:
        record = DrillRecord.model_validate_json(row["data"])
    except ValidationError as exc:
        raise CoachError(f"drill {row['id']} is damaged and cannot be read") from exc
    record.id = int(row["id"])
    return record
