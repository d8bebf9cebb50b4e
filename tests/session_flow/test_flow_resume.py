"""Stopping anywhere loses nothing: the saved record resumes at the next unanswered step."""

from __future__ import annotations

import pytest

from coach.phases import Phase
from coach.session import events as ev
from coach.session.asking import AskInterrupted, Close, InputClosed, Interrupt, Wait
from coach.session.record import Mode, Status


def test_interrupt_mid_questions_then_resume_continues_the_loop(start, store) -> None:
    run = start(["How many users?", Interrupt()])
    with pytest.raises(AskInterrupted):
        run.flow.run()
    saved = store.load(run.flow.record.id)
    assert [qa.question for qa in saved.questions] == ["How many users?"]
    assert saved.position == "clarify/questions" and saved.status is Status.IN_PROGRESS

    rest = [
        "how big are rooms",
        "",
        "reqs",
        "",
        "",
        "",
        "",
        [],
        "",
        "",
        "",
        ["ordering"],
        "seq",
        "",
        "",
        "",
    ]
    again = start(rest, record=saved)
    record = again.flow.run()
    assert again.asker.left == 0
    assert [qa.question for qa in record.questions] == ["How many users?", "how big are rooms"]
    assert again.asker.asked[0].message == "Question 2 for the interviewer"
    assert record.status is Status.COMPLETED
    assert again.view.of(ev.SessionStarted)[0].resumed


def test_closed_terminal_mid_phase_resumes_at_the_next_prompt(start, store) -> None:
    first = [
        "",
        "reqs",
        "4K/s",
        "20K/s",
        "",
        "",
        ["load_balancer", "app_servers"],
        "POST /m",
        Close(),
    ]
    run = start(first)
    with pytest.raises(InputClosed):
        run.flow.run()
    saved = store.load(run.flow.record.id)
    assert saved.position == "high_level/data_model"
    assert saved.phases[Phase.HIGH_LEVEL].answers["api"] == "POST /m"
    assert saved.components == ["load_balancer", "app_servers"]
    assert saved.phases[Phase.CLARIFY].result is not None  # its review happened before the stop

    again = start(["messages table", "ws", ["ordering"], "seq", "", "", "", ""], record=saved)
    again.view.events.clear()
    record = again.flow.run()
    assert again.keys[:2] == ["data_model", "flow"]
    assert record.phases[Phase.HIGH_LEVEL].answers == {
        "components": "Load balancer, App servers",
        "api": "POST /m",
        "data_model": "messages table",
        "flow": "ws",
    }
    assert record.estimates == {"write_qps": "4K/s", "read_qps": "20K/s"}
    started = again.view.of(ev.PhaseStarted)
    assert started[0].phase is Phase.HIGH_LEVEL  # the resumed phase is announced again


def test_mock_elapsed_time_survives_a_stop(start, store) -> None:
    run = start([Wait(30), "How many users?", Wait(12), Interrupt()], mode=Mode.MOCK, minutes=24)
    with pytest.raises(AskInterrupted):
        run.flow.run()
    saved = store.load(run.flow.record.id)
    assert saved.phases[Phase.CLARIFY].elapsed_s == pytest.approx(42.0)

    again = start([Wait(8), "", Interrupt()], record=saved)
    with pytest.raises(AskInterrupted):
        again.flow.run()
    assert store.load(saved.id).phases[Phase.CLARIFY].elapsed_s == pytest.approx(50.0)
    countdown = again.asker.asked[0].countdown
    assert countdown is not None
    assert countdown.ends_at - again.clock.now == pytest.approx(240 - 42 - 8)


def test_text_typed_before_a_stop_is_offered_again(start, store) -> None:
    from coach.session.asking import ScriptedAsker

    run = start([])

    class Typing(ScriptedAsker):
        def text(self, prompt):  # the user types, then presses Ctrl-C
            self.asked.append(prompt)
            raise AskInterrupted("how many wri")

    run.flow.asker = Typing([])
    with pytest.raises(AskInterrupted):
        run.flow.run()
    saved = store.load(run.flow.record.id)
    assert (saved.draft, saved.draft_key) == ("how many wri", "question")

    rest = ["", "reqs", "", "", "", "", [], "", "", "", ["ordering"], "seq", "", "", ""]
    again = start(["how many writes per day", *rest], record=saved)
    record = again.flow.run()
    assert again.asker.left == 0 and record.status is Status.COMPLETED
    assert again.asker.asked[0].default == "how many wri"
    assert again.asker.asked[1].default == ""  # the draft is used once
    assert record.draft == ""
    assert [qa.question for qa in record.questions] == ["how many writes per day"]
