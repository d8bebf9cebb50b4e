"""When a mock phase runs out, the choice asks a question instead of repeating the notice
just above it (found in QA: 'Time is up for ...' then '? Time is up for this phase.')."""

from __future__ import annotations

from coach.session.asking import Timeout, Wait
from coach.session.flow import MOVE_ON
from coach.session.record import Mode

REST = [[], "api", "data", "flow", ["ordering"], "sequence numbers"]
SCALING = ["edit events and a version per message", "bottlenecks", "tradeoffs", "monitoring"]


def test_the_time_up_choice_is_a_question(start) -> None:  # type: ignore[no-untyped-def]
    run = start(
        [Wait(245), Timeout("how many"), MOVE_ON, *REST, *SCALING], mode=Mode.MOCK, minutes=24
    )
    run.flow.run()
    time_up = next(p for p in run.asker.asked if p.key == "time_up")
    assert time_up.message == "Move on, or keep going?"
    assert [c.title for c in time_up.choices] == [
        "Move on to high-level design",
        "Keep going (overtime is recorded)",
    ]
