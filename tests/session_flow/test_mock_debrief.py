"""The end of a mock: a debrief per phase, then the curveball's verdict, then the scorecard,
all from the scorecard's feedback objects (nothing scored twice)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.phases import PHASES, Phase
from coach.session import events as ev
from coach.session.asking import FakeClock, ScriptedAsker, Timeout, Wait
from coach.session.debrief import CurveballDebrief, PhaseTime
from coach.session.events import RecordingView
from coach.session.feedback import CoveredItem, CurveballFeedback, MissedItem
from coach.session.flow import MOVE_ON, Flow, new_session
from coach.session.record import Mode
from coach.storage.sessions import SessionStore

# seed 1 draws the 'edit-messages' curveball, asked first in the scaling phase
CLARIFY = ["How many users?", "", "send messages; deliver under one second", "4.6K/s", "", "", ""]
REST = [[], "api", "data", "flow", ["ordering"], "a per room sequence number"]
SCALING = ["edit events and a version per message", "shard by room", "tradeoffs", "alerts"]


def test_a_mock_ends_with_a_page_per_phase_then_the_curveball_then_the_scorecard(start) -> None:
    run = start([*CLARIFY, *REST, *SCALING], mode=Mode.MOCK, minutes=24, seed=1)
    record = run.flow.run()
    kinds = [
        type(e)
        for e in run.view.events
        if isinstance(e, ev.PhaseDebriefed | ev.CurveballDebriefed | ev.SessionScored)
    ]
    assert kinds == [ev.PhaseDebriefed] * 4 + [ev.CurveballDebriefed, ev.SessionScored]
    pages = [e.debrief for e in run.view.of(ev.PhaseDebriefed)]
    [scored] = run.view.of(ev.SessionScored)
    card = scored.scorecard
    # the debrief carries the scorecard's own feedback: one verdict, one place
    assert [p.feedback for p in pages] == card.phases
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.feedback.phase for p in pages] == list(PHASES)
    for page in pages:
        saved = record.phases[page.feedback.phase]
        assert page.time.budget_s == saved.budget_s and page.time.elapsed_s == saved.elapsed_s
    clarify = pages[0]
    assert ("questions", "How many users?") in clarify.answers
    assert [c.name for c in clarify.estimates] == ["write_qps"]
    assert pages[1].estimates == []
    assert pages[2].topics == {"ordering": "Message ordering", "presence": "Presence"}
    assert pages[2].feedback.reference_answer.startswith("A per-room sequence number")
    [curveball] = run.view.of(ev.CurveballDebriefed)
    assert curveball.debrief.feedback == card.curveball
    assert curveball.debrief.phase is Phase.SCALING
    assert curveball.debrief.verdict == "handled"
    assert curveball.debrief.answer == "edit events and a version per message"


def test_practice_has_no_debrief(start) -> None:
    run = start(["", "", "", "", "", "", *REST, *SCALING[1:]])
    run.flow.run()
    assert run.view.of(ev.PhaseDebriefed) == [] and run.view.of(ev.CurveballDebriefed) == []


def test_a_phase_cut_short_says_so_in_its_time(start) -> None:
    script = [Wait(245), Timeout("how many messages per"), MOVE_ON, *REST, *SCALING]
    run = start(script, mode=Mode.MOCK, minutes=24, seed=1)
    run.flow.run()
    clarify = run.view.of(ev.PhaseDebriefed)[0].debrief
    assert clarify.time.timed_out and clarify.time.cut_short
    assert clarify.time.overtime_s == pytest.approx(5.0)


def _curveball(covered: int, missed: int, answer: str) -> CurveballDebrief:
    feedback = CurveballFeedback(
        id="x",
        prompt="p",
        score=0.0,
        covered=[CoveredItem(f"c{i}", "C", "hint", 1.0, "words", "term") for i in range(covered)],
        missed=[MissedItem(f"m{i}", "M", "hint", "why", 1.0) for i in range(missed)],
        adjustments=[],
    )
    return CurveballDebrief(feedback, Phase.SCALING, answer)


@pytest.mark.parametrize(
    ("covered", "missed", "answer", "verdict"),
    [
        (2, 0, "an answer", "handled"),
        (1, 1, "an answer", "partly handled"),
        (0, 2, "an answer", "missed"),
        (0, 2, "  ", "not answered"),
    ],
)
def test_the_curveball_verdict_in_words(
    covered: int, missed: int, answer: str, verdict: str
) -> None:
    assert _curveball(covered, missed, answer).verdict == verdict


def test_overtime_is_time_past_the_budget() -> None:
    assert PhaseTime(60, 75, True, False).overtime_s == 15
    assert PhaseTime(60, 45, False, False).overtime_s == 0
    assert PhaseTime(0, 45, False, False).overtime_s == 0


def test_resuming_a_finished_mock_shows_its_debrief_then_its_scorecard(chat) -> None:

    record = new_session(chat, Mode.MOCK, rng=random.Random(1), minutes_total=24)
    clock = FakeClock()
    with SessionStore.open() as store:
        asker = ScriptedAsker([*CLARIFY, *REST, *SCALING], clock=clock)
        Flow(chat, record, asker=asker, view=RecordingView(), save=store.save, clock=clock).run()
    fixtures = Path(__file__).parent / "fixtures"
    result = CliRunner().invoke(app, ["--problems-dir", str(fixtures), "resume", str(record.id)])
    assert result.exit_code == 0, result.output
    assert "is already finished; its debrief and scorecard" in result.stderr
    out = result.stdout
    order = [out.index(f"Debrief {n}/4") for n in range(1, 5)]
    order += [out.index("Curveball · handled"), out.index("Scorecard")]
    assert order == sorted(order)
