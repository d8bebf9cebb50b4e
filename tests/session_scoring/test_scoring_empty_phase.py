"""The overall score when a phase has no rubric items: that phase is not a part
of the interview to score, so it neither counts as zero nor dilutes the mean.

Written against the public entry point (`finalize` and the score it writes
into the record), so it holds whatever the scoring's internals become.
"""

from __future__ import annotations

import pytest
import yaml
from session_scoring_helpers import MINI, new_record

from coach.phases import Phase
from coach.problems.model import Problem
from coach.session.scoring import finalize

# Answers that cover much of the mini problem's clarify, high-level and scaling items.
FULL_ANSWERS = {
    Phase.CLARIFY: "50M daily active users, so requests per second matter; it is read heavy, "
    "photos go to object storage.",
    Phase.HIGH_LEVEL: "A load balancer in front, a Redis cache for feeds, Postgres database.",
    Phase.SCALING: "Read replicas with failover, a CDN for photos, monitoring with alerting.",
}


def _without_deep_dive_items() -> Problem:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["rubric"]["deep_dive"] = []
    return Problem.model_validate(data)


@pytest.mark.parametrize("answered_deep_dive", ["", "fan-out on write, shard by user"])
def test_a_phase_without_rubric_items_leaves_the_overall_score_to_the_others(
    answered_deep_dive: str,
) -> None:
    problem = _without_deep_dive_items()
    assert problem.rubric.for_phase(Phase.DEEP_DIVE) == []
    record = new_record(problem)
    for phase, text in FULL_ANSWERS.items():
        record.phase(phase).answers["text"] = text
    record.phase(Phase.DEEP_DIVE).answers["text"] = answered_deep_dive
    finalize(problem, record)
    scored = [record.phases[phase].result.score for phase in FULL_ANSWERS]
    assert min(scored) > 0  # so that a zero, or a fourth share, would show
    # The mean of the three phases with items: not (a + b + c + 0) / 4.
    assert record.score == pytest.approx(sum(scored) / 3, abs=0.1)


def test_with_every_phase_scored_the_overall_score_is_their_mean() -> None:
    """The same answers against the full rubric: the deep dive now counts, at 0."""
    problem = Problem.model_validate(yaml.safe_load(MINI.read_text(encoding="utf-8")))
    record = new_record(problem)
    for phase, text in FULL_ANSWERS.items():
        record.phase(phase).answers["text"] = text
    finalize(problem, record)
    assert record.phases[Phase.DEEP_DIVE].result.score == 0.0
    scored = [record.phases[phase].result.score for phase in FULL_ANSWERS]
    assert record.score == pytest.approx(sum(scored) / 4, abs=0.1)
