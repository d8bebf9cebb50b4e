"""A new data store is created safely when several coach processes start at once,
and "damaged" is said only of a store that is."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coach.errors import CoachError
from coach.storage import db
from coach.storage.sessions import SessionStore

PROCESSES = 6


def test_six_coach_processes_started_at_once_on_an_empty_home_all_succeed(
    tmp_path: Path,
) -> None:
    home = tmp_path / "new-home"  # does not exist yet: the first start creates it
    answers = tmp_path / "answers.yaml"
    answers.write_text("clarify: short links, 100M new links a day\n")
    env = {**os.environ, "COACH_HOME": str(home)}
    command = [sys.executable, "-m", "coach", "practice", "url-shortener"]
    children = [
        subprocess.Popen(
            [*command, "--answers", str(answers), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outcomes = [(child.wait(timeout=120), *child.communicate()) for child in children]
    for code, _out, err in outcomes:
        assert code == 0, err
        assert "damaged" not in err
    with SessionStore.open(home / "coach.sqlite3") as store:
        assert [s.id for s in store.summaries()] == list(range(1, PROCESSES + 1))


def _open_at_the_barrier(path: str, barrier: Any) -> str:
    barrier.wait()  # every process opens the new store at the same moment
    try:
        db.connect(Path(path)).close()
    except CoachError as exc:
        return str(exc)
    return "ok"


def test_processes_opening_a_new_store_at_the_same_moment_all_get_it(tmp_path: Path) -> None:
    # The sharp version of the test above: without the imports in between,
    # every process reaches the schema check together.
    path = tmp_path / "coach.sqlite3"
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as pool:
            results = pool.starmap(_open_at_the_barrier, [(str(path), barrier)] * PROCESSES)
    assert results == ["ok"] * PROCESSES
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert {"sessions", "drills"} <= tables
    assert version == db.SCHEMA_VERSION


def test_a_store_another_process_keeps_locked_is_busy_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "coach.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, for longer than we wait
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    try:
        with pytest.raises(CoachError) as caught:
            db.connect(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert message.startswith(f"{path}: the data store is busy")
    assert "try again" in message
    assert "damaged" not in message
    db.connect(path).close()  # once the other writer is done, the store opens


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (sqlite3.DatabaseError("file is not a database"), "damaged or not SQLite"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged or not SQLite"),
        (sqlite3.OperationalError("database is locked"), "busy"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written"),
        (sqlite3.OperationalError("database or disk is full"), "free some disk space"),
        (sqlite3.OperationalError("table sessions already exists"), "could not be used"),
    ],
)
def test_each_sqlite_error_is_named_for_what_it_is(error: sqlite3.Error, says: str) -> None:
    message = db.describe(error)
    assert says in message
    assert ("damaged" in message) == (says == "damaged or not SQLite")
