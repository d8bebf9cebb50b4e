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
        _migrate(conn, path)
        _check_tables(conn)
    except CoachError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CoachError(_describe(exc), path=path) from exc
    return conn


def _describe(exc: sqlite3.DatabaseError) -> str:
    # "damaged" would send a user with a read-only file or folder looking for the wrong fix
    if "readonly" in str(exc) or "read-only" in str(exc):
        return (
            f"the data store cannot be written ({exc}): "
            "check the permissions of the file and its folder"
        )
    return f"the data store is damaged or not SQLite: {exc}"


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CoachError(
            f"the data store was written by a newer coach (schema {version}, this coach reads "
            f"{SCHEMA_VERSION}): upgrade coach",
            path=path,
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.executescript(_MIGRATIONS[target])
            conn.execute(f"PRAGMA user_version = {target}")


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in ("sessions", "drills"):
        if table not in names:
            raise sqlite3.DatabaseError(f"its '{table}' table is missing")


def open_default() -> sqlite3.Connection:
    """Open the store in the user's data directory."""
    from coach.paths import database_path

    return connect(database_path())
