"""Real content: a strong and a vague answer to problems/twitter.yaml.

The answers files are written as candidates type (abbreviations, typos, their
own words). The test checks the ordering and what each answer earned, not exact
scores, so the rubric can be tuned without rewriting it.
"""

from __future__ import annotations

import pytest
from session_scoring_helpers import TWITTER, load_answers, load_problem, record_from_answers

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.session.record import SessionRecord
from coach.session.scoring import finalize


@pytest.fixture(scope="module")
def twitter() -> Problem:
    return load_problem(TWITTER)


def scored(problem: Problem, name: str) -> SessionRecord:
    record = record_from_answers(problem, load_answers(name), curveball="edit-tweet")
    finalize(problem, record)
    return record


def covered(record: SessionRecord) -> set[str]:
    ids = {i for phase in PHASES for i in record.phases[phase].result.covered}
    if record.curveball is not None and record.curveball.result is not None:
        ids |= set(record.curveball.result.covered)
    return ids


def test_a_strong_answer_scores_well_above_a_vague_one(twitter: Problem) -> None:
    strong = scored(twitter, "twitter-strong.yaml")
    vague = scored(twitter, "twitter-vague.yaml")
    assert strong.score is not None and vague.score is not None
    assert strong.score >= 80
    assert vague.score <= 30
    for phase in PHASES:
        assert strong.phases[phase].result.score > vague.phases[phase].result.score, phase


def test_the_strong_answer_earns_the_items_it_talks_about(twitter: Problem) -> None:
    strong = scored(twitter, "twitter-strong.yaml")
    assert {
        "ask-read-write-ratio",
        "ask-follower-distribution",
        "estimate-qps",
        "estimate-storage",
        "timeline-cache",
        "async-fanout",
        "hydration",
        "id-generation",
        "fanout-on-write",
        "fanout-on-read",
        "hybrid-celebrity",
        "hot-keys",
        "fanout-bottleneck",
        "multi-region-failover",
        "monitoring",
        "cache-stampede",
        "edit-ids-only",
        "edit-cache-invalidation",
    } <= covered(strong)
    assert strong.pitfalls == []
    # strengths: the best of each phase before the second best of any
    assert len({s.rsplit("(", 1)[1] for s in strong.strengths}) == 3
    assert all(qa.topic is not None for qa in strong.questions)
    # search was not picked as a deep-dive topic, so its items neither count nor miss
    deep = strong.phases[Phase.DEEP_DIVE].result
    assert "inverted-index" not in deep.covered + deep.missed


def test_the_vague_answer_misses_the_core_and_shows_the_pitfalls(twitter: Problem) -> None:
    vague = scored(twitter, "twitter-vague.yaml")
    assert not {
        "ask-read-write-ratio",
        "estimate-qps",
        "timeline-cache",
        "async-fanout",
        "fanout-on-write",
        "fanout-bottleneck",
        "monitoring",
        "edit-cache-invalidation",
    } & covered(vague)
    assert {"components-before-scope", "no-numbers", "no-monitoring", "no-failover"} <= set(
        vague.pitfalls
    )
    # "We won't need a cache" is not a cache
    assert "timeline-cache" in vague.phases[Phase.HIGH_LEVEL].result.missed
    assert [s.title for s in vague.study][:1] == ["Ask read write ratio"]
