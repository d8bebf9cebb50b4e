"""Saving and loading interview sessions in the SQLite store.

A session is one JSON document (`SessionRecord`) plus a few columns that
`coach history` lists without parsing every document. Each save is one
transaction, so a crash or a closed terminal keeps the last answer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from coach.errors import CoachError
from coach.session.record import SessionRecord, Status, utcnow
from coach.storage.db import connect


@dataclass(frozen=True)
class SessionSummary:
    """One row of `coach history`."""

    id: int
    problem: str
    title: str
    mode: str
    status: str
    score: float | None
    created_at: str
    updated_at: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "problem": self.problem,
            "title": self.title,
            "mode": self.mode,
            "status": self.status,
            "score": self.score,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


class SessionStore:
    """Sessions in one SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, path: Path | None = None) -> SessionStore:
        """Open the store at `path`, or the user's default database."""
        if path is None:
            from coach.paths import database_path

            path = database_path()
        return cls(connect(path))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save(self, record: SessionRecord) -> int:
        """Insert or update `record` in one transaction; sets and returns its id."""
        record.updated_at = utcnow()
        columns = (
            record.problem_id,
            record.mode.value,
            record.status.value,
            record.score,
            record.created_at.isoformat(),
            record.updated_at.isoformat(),
        )
        with self._conn:
            if record.id is None:
                cursor = self._conn.execute(
                    "INSERT INTO sessions (problem, mode, status, score, created_at, updated_at,"
                    " data) VALUES (?, ?, ?, ?, ?, ?, '{}')",
                    columns,
                )
                record.id = int(cursor.lastrowid or 0)
            self._conn.execute(
                "UPDATE sessions SET problem=?, mode=?, status=?, score=?, created_at=?,"
                " updated_at=?, data=? WHERE id=?",
                (*columns, record.model_dump_json(), record.id),
            )
        return record.id

    def delete(self, session_id: int) -> None:
        with self._conn:
            self._conn.execute("DELETE FROM sessions WHERE id=?", (session_id,))

    def load(self, session_id: int) -> SessionRecord:
        """The session `session_id`; a missing or damaged one is a CoachError."""
        row = self._conn.execute(
            "SELECT id, data FROM sessions WHERE id=?", (session_id,)
        ).fetchone()
        if row is None:
            known = [str(s.id) for s in self.summaries()]
            listing = f" (sessions: {', '.join(known[-10:])})" if known else " (no sessions yet)"
            raise CoachError(f"no session {session_id}{listing}")
        try:
            record = SessionRecord.model_validate_json(row["data"])
        except ValidationError as exc:
            raise CoachError(
                f"session {session_id} is damaged and cannot be read: "
                f"{exc.errors()[0]['msg'] if exc.errors() else exc}"
            ) from exc
        record.id = int(row["id"])
        return record

    def latest_id(self) -> int | None:
        """The id of the newest session, finished or not."""
        row = self._conn.execute("SELECT MAX(id) AS id FROM sessions").fetchone()
        return int(row["id"]) if row and row["id"] is not None else None

    def summaries(self) -> list[SessionSummary]:
        """Every session, oldest first."""
        rows = self._conn.execute(
            "SELECT id, problem, mode, status, score, created_at, updated_at, data"
            " FROM sessions ORDER BY id"
        ).fetchall()
        return [_summary(row) for row in rows]

    def unfinished(self) -> list[SessionSummary]:
        """Sessions still in progress, oldest first."""
        return [s for s in self.summaries() if s.status == Status.IN_PROGRESS.value]

    def latest_unfinished(self) -> int | None:
        """The id of the most recently touched unfinished session, if any."""
        row = self._conn.execute(
            "SELECT id FROM sessions WHERE status=? ORDER BY updated_at DESC, id DESC LIMIT 1",
            (Status.IN_PROGRESS.value,),
        ).fetchone()
        return int(row["id"]) if row else None


def _summary(row: sqlite3.Row) -> SessionSummary:
    try:
        title = str(json.loads(row["data"]).get("problem_title") or row["problem"])
    except (ValueError, AttributeError):
        title = row["problem"]
    return SessionSummary(
        id=int(row["id"]),
        problem=row["problem"],
        title=title,
        mode=row["mode"],
        status=row["status"],
        score=row["score"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
