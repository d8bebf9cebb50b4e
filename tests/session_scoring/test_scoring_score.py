"""Rubric scoring: weighted coverage per phase, the overall score, strengths, study."""

from __future__ import annotations

import pytest
from session_scoring_helpers import MINI, load_problem, new_record

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.scoring.verdict import How, ItemResult, Verdict
from coach.session import estimating
from coach.session.interviewer import answer_question
from coach.session.record import CurveballRecord, EstimateCheck, Mode, SessionRecord
from coach.session.scoring import (
    finalize,
    judge_text,
    phase_items,
    phase_results,
    plain_title,
    result_of,
    score_curveball,
    score_phase,
    study_link,
    time_score,
)


@pytest.fixture
def mini() -> Problem:
    return load_problem(MINI)


def answer(record: SessionRecord, phase: Phase, text: str, key: str = "text") -> None:
    record.phase(phase).answers[key] = text


def test_score_is_weighted_coverage(mini: Problem) -> None:
    items = mini.rubric.high_level  # load-balancer 1, feed-cache 3, metadata-db 2
    result = result_of(judge_text(mini, items, "An LB in front and Redis for feeds."))
    assert result.covered == ["load-balancer", "feed-cache"]
    assert result.missed == ["metadata-db"]
    assert result.score == pytest.approx(100 * 4 / 6, abs=0.1)


def test_empty_and_off_topic_answers_score_zero(mini: Problem) -> None:
    for text in ("", "   ", "I like turtles and long walks on the beach."):
        result = result_of(judge_text(mini, mini.rubric.scaling, text))
        assert result.score == 0.0
        assert result.covered == []
        assert result.missed == [item.id for item in mini.rubric.scaling]


def test_no_items_scores_zero_without_error(mini: Problem) -> None:
    assert result_of(judge_text(mini, [], "cache")).score == 0.0


def test_an_empty_record_scores_zero_everywhere(mini: Problem) -> None:
    record = new_record(mini)
    for phase in PHASES:
        assert score_phase(mini, record, phase).score == 0.0
    assert phase_text_untouched(record)
    finalize(mini, record)
    assert record.score == 0.0
    assert record.strengths == []
    assert len(record.study) == 3
    assert all(record.phases[phase].result is not None for phase in PHASES)


def phase_text_untouched(record: SessionRecord) -> bool:
    """Scoring reads the record: it does not create phases as a side effect."""
    return record.phases == {}


def test_clarify_counts_questions_by_topic_and_estimates_by_value(mini: Problem) -> None:
    record = new_record(mini)
    record.questions.append(answer_question(mini, "is it read heavy?"))
    assert score_phase(mini, record, Phase.CLARIFY).covered == ["read-heavy"]
    record.estimate_checks = [check(mini, "write_qps", "120/s")]
    assert "estimate-rates" in score_phase(mini, record, Phase.CLARIFY).covered


def check(problem: Problem, name: str, text: str) -> EstimateCheck:
    found = estimating.estimate_for(problem)
    assert found is not None
    checked = estimating.check_estimate(found, name, text)
    assert checked is not None
    return checked


def verdict_of(problem: Problem, record: SessionRecord, item_id: str) -> ItemResult:
    return next(r for r in phase_results(problem, record, Phase.CLARIFY) if r.id == item_id)


def test_an_estimate_item_is_judged_by_value_not_by_its_label(mini: Problem) -> None:
    record = new_record(mini)
    record.estimates = {"write_qps": "1/s"}  # named, but 116x off
    record.estimate_checks = [check(mini, "write_qps", "1/s")]
    result = verdict_of(mini, record, "estimate-rates")
    assert (result.verdict, result.credit) == (Verdict.MISSED, 0.0)
    assert result.evidence[0].quote == "1/s" and result.evidence[0].how is How.OFF
    assert "too low" in result.note
    record.estimate_checks = [check(mini, "write_qps", "120/s"), check(mini, "read_qps", "1/s")]
    result = verdict_of(mini, record, "estimate-rates")
    assert (result.verdict, result.credit) == (Verdict.PARTIAL, 0.5)
    assert "read QPS" in result.note
    record.estimate_checks = [check(mini, "write_qps", "120/s"), check(mini, "read_qps", "12K/s")]
    assert verdict_of(mini, record, "estimate-rates").verdict is Verdict.COVERED
    record.estimate_checks = []
    result = verdict_of(mini, record, "estimate-rates")
    assert result.verdict is Verdict.MISSED and "no estimate given" in result.note


def test_an_off_estimate_is_never_a_strength(mini: Problem) -> None:
    record = new_record(mini)
    record.estimate_checks = [check(mini, "write_qps", "10K/s")]
    finalize(mini, record)
    assert not any("Estimate rates" in s for s in record.strengths)
    assert "estimate-rates" in record.phases[Phase.CLARIFY].result.missed


def test_all_answers_of_a_phase_are_joined(mini: Problem) -> None:
    record = new_record(mini)
    answer(record, Phase.HIGH_LEVEL, "A load balancer in front.", "api")
    answer(record, Phase.HIGH_LEVEL, "Posts live in Postgres.", "data_model")
    answer(record, Phase.HIGH_LEVEL, "Feeds come from Redis.", "flow")
    assert score_phase(mini, record, Phase.HIGH_LEVEL).score == 100.0


def test_deep_dive_counts_only_the_topics_the_user_picked(mini: Problem) -> None:
    record = new_record(mini)
    answer(record, Phase.DEEP_DIVE, "Fan-out on write, and a pull model for celebrities.")
    assert [i.id for i in phase_items(mini, record, Phase.DEEP_DIVE)] == [
        "fan-out-on-write",
        "celebrity-pull",
        "sharding",
    ]
    assert score_phase(mini, record, Phase.DEEP_DIVE).missed == ["sharding"]
    record.deep_dive_topics = ["feed-generation"]
    result = score_phase(mini, record, Phase.DEEP_DIVE)
    assert (result.score, result.missed) == (100.0, [])
    record.deep_dive_topics = ["storage"]
    assert score_phase(mini, record, Phase.DEEP_DIVE).missed == ["sharding"]


def test_curveball_is_scored_against_its_own_rubric(mini: Problem) -> None:
    record = new_record(mini)
    assert score_curveball(mini, record) is None
    record.curveball = CurveballRecord(id="video", prompt="...", answer="Serve it from a CDN.")
    result = score_curveball(mini, record)
    assert result is not None
    assert (result.covered, result.missed) == (["cb-cdn"], ["cb-transcode"])
    record.curveball = CurveballRecord(id="gone", prompt="...", answer="CDN")
    assert score_curveball(mini, record) is None


def strong_mini_record(mini: Problem) -> SessionRecord:
    record = new_record(mini)
    record.questions.append(answer_question(mini, "DAU?"))
    record.questions.append(answer_question(mini, "read/write ratio?"))
    answer(record, Phase.CLARIFY, "50M daily active users, read heavy, photos in S3.")
    record.estimate_checks = [check(mini, "write_qps", "120/s"), check(mini, "read_qps", "12K/s")]
    answer(
        record,
        Phase.HIGH_LEVEL,
        "A load balancer spreads requests over the app servers, each user's feed is cached"
        " in Redis, and posts live in Cassandra.",
    )
    answer(
        record,
        Phase.DEEP_DIVE,
        "Fan-out on write pushes each post into the followers' feeds; celebrities are pulled"
        " at read time.",
    )
    answer(record, Phase.SCALING, "The database gets read replicas, and photos come from a CDN.")
    return record


def test_finalize_fills_results_score_strengths_and_study(mini: Problem) -> None:
    record = strong_mini_record(mini)
    finalize(mini, record)
    scores = {phase: record.phases[phase].result.score for phase in PHASES}
    assert scores[Phase.CLARIFY] == 100.0
    assert scores[Phase.HIGH_LEVEL] == 100.0
    assert scores[Phase.DEEP_DIVE] == pytest.approx(100 * 5 / 7, abs=0.1)  # sharding missed
    assert scores[Phase.SCALING] == pytest.approx(100 * 4 / 5, abs=0.1)  # monitoring missed
    # the overall score is the plain mean of the phases
    assert record.score == pytest.approx(sum(scores.values()) / 4, abs=0.1)
    assert record.strengths == [
        "Scale numbers (clarify)",
        "Feed cache (high level)",
        "Fan out on write (deep dive)",
    ]
    assert [s.title for s in record.study] == ["Sharding", "Monitoring"]
    assert record.study[0].why == mini.rubric.deep_dive[2].hint
    assert record.study[0].url == "https://example.org/consistent-hashing"  # by title words


def test_the_curveball_counts_as_one_more_part(mini: Problem) -> None:
    record = strong_mini_record(mini)
    record.curveball = CurveballRecord(id="video", prompt="...", answer="nothing changes")
    finalize(mini, record)
    phases = [record.phases[phase].result.score for phase in PHASES]
    assert record.curveball.result is not None and record.curveball.result.score == 0.0
    assert record.score == pytest.approx(sum(phases) / 5, abs=0.1)


def test_mock_mode_gives_ten_percent_to_time(mini: Problem) -> None:
    record = strong_mini_record(mini)
    record.mode = Mode.MOCK
    for phase in PHASES:
        record.phase(phase).budget_s = 300
        record.phase(phase).elapsed_s = 200
    finalize(mini, record)
    on_time = record.score
    record.phase(Phase.SCALING).elapsed_s = 450  # 50% over budget: that phase scores 50
    assert time_score(record) == pytest.approx((100 * 3 + 50) / 4)
    finalize(mini, record)
    assert on_time - record.score == pytest.approx(0.1 * 12.5, abs=0.1)
    record.phase(Phase.SCALING).elapsed_s = 900  # twice over budget or worse: 0
    assert time_score(record) == pytest.approx(75)


def test_practice_mode_ignores_time(mini: Problem) -> None:
    record = strong_mini_record(mini)
    finalize(mini, record)
    before = record.score
    record.phase(Phase.SCALING).budget_s = 10
    record.phase(Phase.SCALING).elapsed_s = 1000
    finalize(mini, record)
    assert record.score == before


def test_plain_titles_and_study_links(mini: Problem) -> None:
    assert plain_title("fan-out-on-write") == "Fan out on write"
    items = {item.id: item for item in mini.rubric.all_items()}
    assert study_link(mini, items["fan-out-on-write"]) == "https://example.org/fanout"
    assert study_link(mini, items["monitoring"]) == "https://example.org/monitoring"
    assert study_link(mini, items["load-balancer"]) is None
