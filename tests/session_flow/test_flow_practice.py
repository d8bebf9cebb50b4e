"""A practice session, scripted: each phase's prompts and the record they fill."""

from __future__ import annotations

from coach.phases import Phase
from coach.session import events as ev
from coach.session.asking import ScriptExhausted
from coach.session.flow import DONE
from coach.session.record import Status

CLARIFY = ["How many users?", "how big do rooms get", "", "send and read; latency under one second"]
FIGURES = ["4.6K/s", "23K/s", "1 TB", ""]  # write, read, storage (too low), egress skipped
HIGH_LEVEL_NONE = [[], "POST /rooms/{id}/messages", "messages(room_id, seq, body)", "websocket"]
DEEP_DIVE = [["ordering"], "a sequence number per room from the room's shard"]
SCALING_NO_SIM = ["the store; shard by room", "latency vs cost", "monitoring and alerts"]


def test_practice_fills_every_phase_and_finishes(start) -> None:
    run = start(CLARIFY + FIGURES + HIGH_LEVEL_NONE + DEEP_DIVE + SCALING_NO_SIM)
    record = run.flow.run()

    assert run.asker.left == 0
    assert run.keys == [
        "question", "question", "question", "requirements",
        "estimate:write_qps", "estimate:read_qps", "estimate:storage_total",
        "estimate:egress_bandwidth",
        "components", "api", "data_model", "flow",
        "topics", "topic:ordering",
        "bottlenecks", "tradeoffs", "operations",
    ]  # fmt: skip
    assert [qa.topic for qa in record.questions] == ["users", "room size"]
    assert record.phases[Phase.CLARIFY].answers == {
        "requirements": "send and read; latency under one second"
    }
    assert record.estimates == {"write_qps": "4.6K/s", "read_qps": "23K/s", "storage_total": "1 TB"}
    checks = {c.name: c for c in record.estimate_checks}
    assert checks["write_qps"].within_tolerance and not checks["storage_total"].within_tolerance
    assert "730 days" in checks["storage_total"].derivation
    assert record.phases[Phase.HIGH_LEVEL].answers["flow"] == "websocket"
    assert record.deep_dive_topics == ["ordering"]
    assert record.phases[Phase.DEEP_DIVE].answers == {
        "topic:ordering": "a sequence number per room from the room's shard"
    }
    assert record.status is Status.COMPLETED and record.position == DONE
    assert record.score is not None and 0 <= record.score <= 100
    covered = record.phases[Phase.DEEP_DIVE].result.covered
    assert "ordering" in covered
    assert "monitoring" in record.phases[Phase.SCALING].result.covered


def test_practice_reviews_each_phase_after_its_answers(start) -> None:
    run = start(CLARIFY + FIGURES + HIGH_LEVEL_NONE + DEEP_DIVE + SCALING_NO_SIM)
    run.flow.run()
    kinds = [type(e).__name__ for e in run.view.events]
    reviews = run.view.of(ev.PhaseReviewed)
    assert [r.phase for r in reviews] == list(Phase)
    # the reference answer comes only after the phase's last answer
    first_review = kinds.index("PhaseReviewed")
    second_phase = kinds.index("PhaseStarted", kinds.index("PhaseStarted") + 1)
    assert kinds.index("EstimateChecked") < first_review < second_phase
    clarify = reviews[0]
    assert clarify.reference.startswith("Ask about users")
    assert clarify.answers == {"requirements": "send and read; latency under one second"}
    assert [m.id for m in reviews[2].feedback.missed] == []  # ordering covered, presence not picked
    assert isinstance(run.view.events[-1], ev.SessionScored)


def test_empty_answers_score_zero_and_do_not_crash(start) -> None:
    empty = ["", "", *[""] * 4, [], "", "", "", ["presence"], "", "", "", ""]
    run = start(empty)
    record = run.flow.run()
    assert record.status is Status.COMPLETED
    assert record.score == 0
    assert record.questions == [] and record.estimates == {}
    assert all(r.result.score == 0 for r in record.phases.values())


def test_saved_after_every_answer(start, store) -> None:
    run = start(CLARIFY + FIGURES + HIGH_LEVEL_NONE + DEEP_DIVE + SCALING_NO_SIM)
    record = run.flow.run()
    answers = len(run.keys)
    assert len(run.saves) >= answers
    assert store.load(record.id).model_dump() == record.model_dump()


def test_too_few_answers_fail_fast(start) -> None:
    run = start(["How many users?"])
    try:
        run.flow.run()
    except ScriptExhausted as exc:
        assert "question" in str(exc)
    else:
        raise AssertionError("the script ran out but the flow did not stop")


def test_an_unreadable_estimate_is_asked_again(start) -> None:
    from coach.session.steps import UNREADABLE_FIGURE

    clarify = ["", "reqs", "banana", "4.6K/s", "", "", ""]
    rest = [[], "api", "data", "flow", ["ordering"], "seq", "b", "t", "m"]
    run = start(clarify + rest)
    record = run.flow.run()
    assert record.estimates["write_qps"] == "4.6K/s"
    assert [c.user_text for c in record.estimate_checks] == ["4.6K/s"]
    notices = [n.text for n in run.view.of(ev.Notice)]
    assert any(text.startswith(UNREADABLE_FIGURE) for text in notices)
