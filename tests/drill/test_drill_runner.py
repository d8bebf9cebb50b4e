"""The drill loop with a scripted asker: grading, retries, saving as it goes, stopping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from drill_helpers import choice_question, count_question, rate_question, storage_question

from coach.drill.answers import UNREADABLE
from coach.drill.record import DrillRecord, DrillStatus
from coach.drill.runner import RecordingView, ScriptedAsker, prompt_for, run_drill
from coach.drill.scoring import Band
from coach.drill.summary import summarise
from coach.storage.drills import DrillStore

START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=10)
        return self.now


def _record(count: int) -> DrillRecord:
    return DrillRecord(kind="mixed", seed=7, count=count, created_at=START, updated_at=START)


QUESTIONS = [storage_question(), rate_question(), choice_question(), count_question()]


def test_each_answer_is_graded_and_saved_as_it_goes() -> None:
    saved: list[int] = []
    record = run_drill(
        _record(4),
        QUESTIONS,
        asker=ScriptedAsker(["60 PB", "20/s", "a", "700"]),
        view=RecordingView(),
        save=lambda r: saved.append(len(r.answers)),
        now=Clock(),
    )
    assert [a.band for a in record.answers] == [Band.EXACT, Band.WITHIN_2X, Band.OFF, Band.OFF]
    assert [a.points for a in record.answers] == [3, 2, 0, 0]
    assert record.status is DrillStatus.COMPLETED
    assert saved == [1, 2, 3, 4, 4]  # after every answer, then once more with the status
    assert record.score == pytest.approx(100 * 5 / 12, abs=0.1)


def test_an_unreadable_answer_asks_the_same_question_again() -> None:
    view = RecordingView()
    asker = ScriptedAsker(["3 XB", "58 PB"])
    record = run_drill(
        _record(1), [storage_question()], asker=asker, view=view, save=lambda r: None, now=Clock()
    )
    assert list(view.of("unreadable")) == [UNREADABLE]
    assert list(view.of("question")) == [storage_question().text]  # shown once, asked twice
    assert asker.prompts == [prompt_for(storage_question())] * 2
    assert record.answers[0].tries == 2
    assert record.answers[0].band is Band.EXACT


def test_end_of_input_keeps_the_answers_given(tmp_path: Path) -> None:
    with DrillStore.open(tmp_path / "coach.sqlite3") as store:
        record = run_drill(
            _record(4),
            QUESTIONS,
            asker=ScriptedAsker(["58 PB"]),
            view=RecordingView(),
            save=store.save,
            now=Clock(),
        )
        assert record.status is DrillStatus.INPUT_CLOSED
        [stored], damaged = store.load_all()
    assert damaged == []
    assert stored.status is DrillStatus.INPUT_CLOSED
    assert [a.answer for a in stored.answers] == ["58 PB"]


def test_ctrl_c_stops_and_keeps_the_answers_given(tmp_path: Path) -> None:
    with DrillStore.open(tmp_path / "coach.sqlite3") as store:
        record = run_drill(
            _record(4),
            QUESTIONS,
            asker=ScriptedAsker(["58 PB", "12", "\x03"]),
            view=RecordingView(),
            save=store.save,
            now=Clock(),
        )
        assert record.status is DrillStatus.INTERRUPTED
        stored = store.load(record.id or 0)
    assert len(stored.answers) == 2
    assert stored.status is DrillStatus.INTERRUPTED


def test_nothing_is_saved_without_an_answer() -> None:
    saved: list[DrillRecord] = []
    record = run_drill(
        _record(2),
        QUESTIONS[:2],
        asker=ScriptedAsker([]),
        view=RecordingView(),
        save=saved.append,
        now=Clock(),
    )
    assert record.answers == []
    assert saved == []


def test_summary_counts_bands_kinds_and_runs() -> None:
    record = run_drill(
        _record(4),
        QUESTIONS,
        asker=ScriptedAsker(["58 PB", "12", "b", "7"]),
        view=RecordingView(),
        save=lambda r: None,
        now=Clock(),
    )
    summary = summarise(record, day_streak=3)
    assert summary.bands.to_json() == {"exact": 3, "within_2x": 0, "within_10x": 1, "off": 0}
    assert (summary.current_run, summary.best_run) == (0, 3)
    by_kind = {k.kind: k for k in summary.by_kind}
    assert by_kind["estimation"].answered == 2
    assert by_kind["estimation"].points == 4
    assert by_kind["latency"].score == 100.0
    assert summary.streak_json() == {"current_run": 0, "best_run": 3, "days": 3}
