"""A mock session on a fake clock: budgets, the warning, timeouts, overtime, curveball."""

from __future__ import annotations

import pytest

from coach.phases import Phase
from coach.session import events as ev
from coach.session.asking import Timeout, Wait
from coach.session.flow import KEEP_GOING, MOVE_ON, phase_budgets
from coach.session.record import Mode, Status

# seed 1 draws the 'edit-messages' curveball (phase: scaling), seed 0 'huge-rooms' (deep_dive)
REST_AFTER_CLARIFY = [[], "api", "data", "flow", ["ordering"], "sequence numbers"]
# seed 1's curveball comes first in the scaling phase
SCALING = ["edit events and a version per message", "bottlenecks", "tradeoffs", "monitoring"]


def test_budgets_come_from_the_problem_scaled_to_the_total(chat) -> None:
    budgets = phase_budgets(chat, 12)
    assert budgets == {
        Phase.CLARIFY: 120.0, Phase.HIGH_LEVEL: 240.0, Phase.DEEP_DIVE: 240.0, Phase.SCALING: 120.0
    }  # fmt: skip
    assert phase_budgets(chat, None)[Phase.CLARIFY] == 240.0


def test_countdown_warning_and_elapsed_time(start) -> None:
    clarify = [Wait(100), "How many users?", Wait(100), "", "reqs", "", "", "", ""]
    run = start(clarify + REST_AFTER_CLARIFY + SCALING, mode=Mode.MOCK, minutes=24)
    record = run.flow.run()
    first = run.asker.asked[0]
    assert first.countdown is not None and first.countdown.label == "Clarify"
    warnings = run.view.of(ev.TimeWarning)
    assert len(warnings) == 1 and warnings[0].phase is Phase.CLARIFY
    assert warnings[0].remaining_s == pytest.approx(40.0)
    clarify_record = record.phases[Phase.CLARIFY]
    assert clarify_record.budget_s == 240.0
    assert clarify_record.elapsed_s == pytest.approx(200.0)
    assert clarify_record.overtime_s == 0
    assert not any(isinstance(e, ev.PhaseReviewed) for e in run.view.events)  # mock: none
    assert record.status is Status.COMPLETED


def test_time_up_then_move_on_keeps_the_typed_text_and_skips_the_phase(start) -> None:
    script = [Wait(245), Timeout("how many messages per"), MOVE_ON]
    run = start(script + REST_AFTER_CLARIFY + SCALING, mode=Mode.MOCK, minutes=24)
    record = run.flow.run()
    assert run.keys[:3] == ["question", "time_up", "components"]
    assert [qa.question for qa in record.questions] == ["how many messages per"]
    assert record.questions[0].topic == "message volume"
    clarify_record = record.phases[Phase.CLARIFY]
    assert clarify_record.timed_out and clarify_record.cut_short
    assert clarify_record.overtime_s == pytest.approx(5.0)
    assert "requirements" not in clarify_record.answers
    assert run.view.of(ev.TimeUp)[0].phase is Phase.CLARIFY


def test_time_up_then_keep_going_reasks_with_the_text_and_records_overtime(start) -> None:
    clarify = ["", Wait(250), Timeout("send messag"), KEEP_GOING, "send messages, read history"]
    run = start(
        [*clarify, "", "", "", "", *REST_AFTER_CLARIFY, *SCALING], mode=Mode.MOCK, minutes=24
    )
    record = run.flow.run()
    again = run.asker.asked[3]
    assert again.key == "requirements" and again.default == "send messag"
    assert again.countdown is not None and not again.countdown.enforce
    clarify_record = record.phases[Phase.CLARIFY]
    assert clarify_record.answers["requirements"] == "send messages, read history"
    assert clarify_record.timed_out and not clarify_record.cut_short
    assert clarify_record.overtime_s == pytest.approx(10.0)
    assert len(record.estimate_checks) == 0  # the figures were asked, all skipped


def test_curveball_is_sprung_in_its_phase_and_scored(start) -> None:
    run = start(
        ["", "", "", "", "", "", *REST_AFTER_CLARIFY, *SCALING], mode=Mode.MOCK, minutes=24, seed=1
    )
    # seed 1: edit-messages, a scaling-phase curveball, asked first in that phase
    record = run.flow.run()
    assert record.curveball is not None and record.curveball.id == "edit-messages"
    assert run.keys.index("curveball") == run.keys.index("bottlenecks") - 1
    sprung = run.view.of(ev.CurveballSprung)
    assert sprung and sprung[0].prompt.startswith("Users now want to edit")
    assert record.curveball.result is not None and record.curveball.result.score == 100


def test_curveball_of_another_phase(start) -> None:
    script = [
        "",
        "",
        "",
        "",
        "",
        "",
        [],
        "a",
        "d",
        "f",
        "pull model for huge rooms",
        ["presence"],
        "heartbeats",
        *SCALING[1:],
    ]
    run = start(script, mode=Mode.MOCK, minutes=24, seed=0)
    record = run.flow.run()
    assert record.curveball.id == "huge-rooms"
    assert run.keys.index("curveball") == run.keys.index("topics") - 1
    assert record.curveball.answer == "pull model for huge rooms"


def test_practice_has_no_countdown(start) -> None:
    run = start(["", "", "", "", "", "", *REST_AFTER_CLARIFY, *SCALING[1:]])
    run.flow.run()
    assert all(p.countdown is None for p in run.asker.asked)


def test_mock_checks_estimates_silently_until_the_end(start) -> None:
    clarify = ["How many users?", "", "reqs", "4.6K/s", "", "", ""]
    run = start(clarify + REST_AFTER_CLARIFY + SCALING, mode=Mode.MOCK, minutes=24)
    record = run.flow.run()
    assert [c.name for c in record.estimate_checks] == ["write_qps"]
    assert run.view.of(ev.EstimateChecked) == []
