"""Fixtures for the session flow tests: a small problem and a scripted run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from coach.problems.model import Problem
from coach.session.asking import FakeClock, ScriptedAsker, ScriptEntry
from coach.session.events import RecordingView
from coach.session.flow import Flow, new_session
from coach.session.record import Mode, SessionRecord
from coach.storage.sessions import SessionStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def chat() -> Problem:
    return Problem.model_validate(yaml.safe_load((FIXTURES / "chat.yaml").read_text()))


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    opened = SessionStore.open(tmp_path / "coach.sqlite3")
    yield opened
    opened.close()


class Run:
    """One scripted session: the flow, its asker, view and clock."""

    def __init__(
        self,
        problem: Problem,
        record: SessionRecord,
        store: SessionStore,
        entries: list[ScriptEntry],
        clock: FakeClock,
    ) -> None:
        self.asker = ScriptedAsker(entries, clock=clock)
        self.view = RecordingView()
        self.clock = clock
        self.saves: list[str | None] = []

        def save(rec: SessionRecord) -> None:
            store.save(rec)
            self.saves.append(rec.position)

        self.flow = Flow(problem, record, asker=self.asker, view=self.view, save=save, clock=clock)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.asker.asked]


@pytest.fixture
def start(chat: Problem, store: SessionStore):
    """start(entries, mode=..., minutes=...) -> Run, with a new record."""

    def make(
        entries: list[ScriptEntry],
        mode: Mode = Mode.PRACTICE,
        minutes: float | None = None,
        record: SessionRecord | None = None,
        clock: FakeClock | None = None,
        seed: int = 1,
    ) -> Run:
        if record is None:
            record = new_session(chat, mode, rng=random.Random(seed), minutes_total=minutes)
        return Run(chat, record, store, entries, clock or FakeClock())

    return make
