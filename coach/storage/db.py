"""Opening the SQLite store and keeping its schema current.

One file holds sessions and drills. Every write is a transaction, so a
crash or a closed terminal leaves the last committed answer in place.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.errors import CoachError

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        problem TEXT NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        score REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE drills (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        questions INTEGER NOT NULL,
        score REAL,
        data TEXT NOT NULL
    );
    """,
}


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path` and migrate it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=10)
    except (OSError, sqlite3.Error) as exc:
        raise CoachError(f"cannot open the data store: {exc}", path=path) from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        _migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CoachError(f"the data store is damaged or not SQLite: {exc}", path=path) from exc
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this coach ({SCHEMA_VERSION}); upgrade coach"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.executescript(_MIGRATIONS[target])
            conn.execute(f"PRAGMA user_version = {target}")


def open_default() -> sqlite3.Connection:
    """Open the store in the user's data directory."""
    from coach.paths import database_path

    return connect(database_path())
