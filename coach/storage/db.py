"""Opening the SQLite store and keeping its schema current.

One file holds sessions and drills. Every write is a transaction, so a
crash or a closed terminal leaves the last committed answer in place.
Several coach processes may start at once on a new data directory: the
schema is written under SQLite's write lock by whichever comes first, and
the others find it done.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.errors import CoachError

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 10.0

_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            problem TEXT NOT NULL,
            mode TEXT NOT NULL,
            status TEXT NOT NULL,
            score REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            data TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE drills (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            questions INTEGER NOT NULL,
            score REAL,
            data TEXT NOT NULL
        )
        """,
    ),
}


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path` and migrate it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    except (OSError, sqlite3.Error) as exc:
        raise CoachError(f"cannot open the data store: {exc}", path=path) from exc
    conn.row_factory = sqlite3.Row
    try:
        _use_wal(conn)
        _migrate(conn, path)
        _check_tables(conn)
    except CoachError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CoachError(describe(exc), path=path) from exc
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to write-ahead logging (readers and one writer at once).

    SQLite answers "database is locked" at once, without waiting for the busy
    timeout, when another process switches a new file's journal at the same
    moment; so wait and try again here, for as long as the busy timeout allows.
    """
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF in _BUSY) or _says(str(exc), "locked", "busy")


class _Damaged(sqlite3.DatabaseError):
    """The file is SQLite but not a coach store (a table is missing)."""


# SQLite's primary result codes (https://sqlite.org/rescode.html), by what they mean to a user
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READ_ONLY = {8}  # SQLITE_READONLY
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_FULL = {13}  # SQLITE_FULL


def describe(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the user's store, in one line.

    "damaged" is said only of a file that is: a user told that about a busy or
    read-only store would go looking for the wrong fix, or delete their history.
    """
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    damaged = primary in _DAMAGED or _says(text, "malformed", "not a database")
    if damaged or isinstance(exc, _Damaged):
        return f"the data store is damaged or not SQLite: {text}"
    if primary in _READ_ONLY or _says(text, "readonly", "read-only"):
        return (
            f"the data store cannot be written ({text}): "
            "check the permissions of the file and its folder"
        )
    if primary in _BUSY or _says(text, "locked", "busy"):
        return (
            f"the data store is busy ({text}): another coach kept it locked for "
            f"{BUSY_TIMEOUT_S:g} s; try again"
        )
    if primary in _FULL or _says(text, "disk is full"):
        return f"the data store cannot grow ({text}): free some disk space"
    return f"the data store could not be used: {text}"


def _says(text: str, *words: str) -> bool:
    return any(word in text for word in words)


def _version(conn: sqlite3.Connection, path: Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise CoachError(
            f"the data store was written by a newer coach (schema {version}, this coach reads "
            f"{SCHEMA_VERSION}): upgrade coach",
            path=path,
        )
    return version


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date in one write transaction.

    `BEGIN IMMEDIATE` takes the write lock before the version is read again, so
    of several processes starting at once exactly one creates the tables; the
    others wait (up to the busy timeout) and then find the current version.
    """
    if _version(conn, path) == SCHEMA_VERSION:  # the usual case: no lock needed
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(_version(conn, path) + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[target]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in ("sessions", "drills"):
        if table not in names:
            raise _Damaged(f"its '{table}' table is missing")


def open_default() -> sqlite3.Connection:
    """Open the store in the user's data directory."""
    from coach.paths import database_path

    return connect(database_path())
