"""Per-phase feedback and the scorecard, as data for the terminal to render."""

from __future__ import annotations

import pytest
from session_scoring_helpers import MINI, load_problem, new_record

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.scoring.verdict import Verdict
from coach.session.feedback import curveball_feedback, phase_feedback, scorecard
from coach.session.interviewer import answer_question
from coach.session.record import CurveballRecord
from coach.session.scoring import finalize

SCALING = "Photos come from a CDN, the database gets read replicas, and we alert on metrics."


@pytest.fixture
def mini() -> Problem:
    return load_problem(MINI)


def test_phase_feedback_shows_evidence_misses_and_the_reference(mini: Problem) -> None:
    record = new_record(mini)
    record.phase(Phase.HIGH_LEVEL).answers["design"] = "An LB, then app servers and Postgres."
    feedback = phase_feedback(mini, record, Phase.HIGH_LEVEL)
    assert feedback.phase is Phase.HIGH_LEVEL
    assert feedback.title == Phase.HIGH_LEVEL.title
    assert [(c.id, c.evidence, c.term) for c in feedback.covered] == [
        ("load-balancer", "LB", "load balancer"),
        ("metadata-db", "Postgres", "postgres"),
    ]
    assert [m.id for m in feedback.missed] == ["feed-cache"]
    missed = feedback.missed[0]
    assert (missed.hint, missed.why, missed.weight) == (
        "Cache each user's home feed.",
        "Reads dominate, so the feed must come from memory.",
        3,
    )
    assert feedback.score == pytest.approx(50.0)
    assert feedback.reference_answer == mini.reference_answers.high_level
    assert feedback.unasked_topics == []
    assert feedback.pitfalls == []  # clarify pitfalls belong to clarify's feedback


def test_missed_items_come_heaviest_first(mini: Problem) -> None:
    feedback = phase_feedback(mini, new_record(mini), Phase.SCALING)
    assert [(m.id, m.weight) for m in feedback.missed] == [
        ("replicas", 2),
        ("cdn", 2),
        ("monitoring", 1),
    ]
    assert feedback.missed[2].study == "https://example.org/monitoring"


def test_clarify_feedback_lists_unasked_topics_and_its_pitfalls(mini: Problem) -> None:
    record = new_record(mini)
    record.questions.append(answer_question(mini, "DAU?"))
    feedback = phase_feedback(mini, record, Phase.CLARIFY)
    assert feedback.unasked_topics == [
        "read-write ratio",
        "photo size",
        "feed latency",
        "followers",
    ]
    assert [p.id for p in feedback.pitfalls] == ["components-before-scope", "no-numbers"]


def test_feedback_does_not_change_the_record(mini: Problem) -> None:
    record = new_record(mini)
    before = record.model_dump()
    for phase in PHASES:
        phase_feedback(mini, record, phase)
    assert record.model_dump() == before


def test_curveball_feedback(mini: Problem) -> None:
    record = new_record(mini)
    assert curveball_feedback(mini, record) is None
    record.curveball = CurveballRecord(
        id="video", prompt="...", answer="Transcode in workers fed by an encoding queue."
    )
    feedback = curveball_feedback(mini, record)
    assert feedback is not None
    assert [c.id for c in feedback.covered] == ["cb-transcode"]
    assert [m.id for m in feedback.missed] == ["cb-cdn"]
    assert feedback.adjustments == mini.curveballs[0].adjustments


def test_scorecard_of_a_finalized_session(mini: Problem) -> None:
    record = new_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] = SCALING
    finalize(mini, record)
    card = scorecard(mini, record)
    assert card.score == record.score
    assert card.time_score is None
    assert [f.phase for f in card.phases] == list(PHASES)
    assert card.phases[3].score == 100.0
    assert [p.id for p in card.pitfalls] == record.pitfalls
    assert card.study == record.study
    assert card.strengths == record.strengths
    assert [p.id for p in card.common_pitfalls] == ["blobs-in-db"]


def test_clarify_feedback_lists_unasked_topics_in_spec_order(mini: Problem) -> None:
    record = new_record(mini)
    assert phase_feedback(mini, record, Phase.CLARIFY).unasked_topics == [
        c.topic for c in mini.clarifications
    ]
    record.questions.append(answer_question(mini, "DAU?"))
    record.questions.append(answer_question(mini, "how fast must the feed load"))
    record.questions.append(answer_question(mini, "is the sky blue"))
    assert phase_feedback(mini, record, Phase.CLARIFY).unasked_topics == [
        "read-write ratio",
        "photo size",
        "followers",
    ]


def test_a_topic_covered_in_words_is_not_listed_as_unasked(mini: Problem) -> None:
    """No "✓ Read heavy" beside "Not asked about: read-write ratio"."""
    record = new_record(mini)
    record.phase(Phase.CLARIFY).answers["requirements"] = "It is read heavy: 100 reads a post."
    feedback = phase_feedback(mini, record, Phase.CLARIFY)
    assert [c.id for c in feedback.covered] == ["read-heavy"]
    assert "read-write ratio" not in feedback.unasked_topics


def test_feedback_reads_the_stored_verdicts(mini: Problem) -> None:
    """The review, the scorecard and the JSON read one stored verdict per item."""
    record = new_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] = SCALING
    finalize(mini, record)
    stored = record.phases[Phase.SCALING].result
    assert stored is not None
    assert [(i.id, i.verdict.value) for i in stored.items] == [
        ("replicas", "covered"),
        ("cdn", "covered"),
        ("monitoring", "covered"),
    ]
    stored.items[0].verdict = Verdict.MISSED  # what is stored is what is shown
    feedback = phase_feedback(mini, record, Phase.SCALING)
    assert [m.id for m in feedback.missed] == ["replicas"]
