"""The session store: round trips, listing, and damaged or missing sessions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.phases import Phase
from coach.session.record import Mode, SessionRecord, Status
from coach.storage.sessions import SessionStore


def _record(problem: str = "twitter", mode: Mode = Mode.PRACTICE) -> SessionRecord:
    return SessionRecord(problem_id=problem, problem_title=problem.title(), mode=mode)


def test_save_assigns_ids_and_round_trips(store: SessionStore) -> None:
    first, second = _record(), _record("uber", Mode.MOCK)
    assert store.save(first) == 1 and store.save(second) == 2
    first.phase(Phase.CLARIFY).answers["requirements"] = "post and read"
    first.position = "clarify/estimate:write_qps"
    store.save(first)
    loaded = store.load(1)
    assert loaded.model_dump() == first.model_dump()
    assert loaded.phases[Phase.CLARIFY].answers == {"requirements": "post and read"}


def test_summaries_and_unfinished(store: SessionStore) -> None:
    done, waiting = _record(), _record("uber", Mode.MOCK)
    done.status, done.score = Status.COMPLETED, 71.5
    store.save(done)
    store.save(waiting)
    rows = store.summaries()
    assert [(r.id, r.problem, r.mode, r.status, r.score) for r in rows] == [
        (1, "twitter", "practice", "completed", 71.5),
        (2, "uber", "mock", "in_progress", None),
    ]
    assert rows[0].title == "Twitter"
    assert [s.id for s in store.unfinished()] == [2]
    assert store.latest_unfinished() == 2


def test_missing_session_is_a_clear_error(store: SessionStore) -> None:
    store.save(_record())
    with pytest.raises(CoachError, match=r"no session 7 \(sessions: 1\)"):
        store.load(7)


def test_damaged_session_is_a_clear_error(store: SessionStore, tmp_path: Path) -> None:
    store.save(_record())
    conn = sqlite3.connect(tmp_path / "coach.sqlite3")
    with conn:
        conn.execute('UPDATE sessions SET data=\'{"mode": "nope"}\' WHERE id=1')
    conn.close()
    with pytest.raises(CoachError, match="session 1 is damaged"):
        store.load(1)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coach.sqlite3"
    path.write_text("not a database " * 100)
    with pytest.raises(CoachError, match="not SQLite"):
        SessionStore.open(path)


def test_default_store_lives_in_coach_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    with SessionStore.open() as opened:
        opened.save(_record())
    assert (tmp_path / "home" / "coach.sqlite3").is_file()
