"""The classic pitfalls: each is detected when it happens and only then."""

from __future__ import annotations

from typing import Any

import pytest
from session_scoring_helpers import MINI, load_problem, new_record

from coach.phases import Phase
from coach.problems.model import Problem
from coach.session.interviewer import answer_question
from coach.session.pitfalls import detect_pitfalls
from coach.session.record import SessionRecord, SimulationRun
from coach.session.scoring import finalize


@pytest.fixture
def mini() -> Problem:
    return load_problem(MINI)


def ids(problem: Problem, record: SessionRecord, upto: Phase | None = None) -> list[str]:
    return [p.id for p in detect_pitfalls(problem, record, upto)]


def careful_record(problem: Problem) -> SessionRecord:
    """A session that avoids every pitfall."""
    record = new_record(problem)
    for question in ("DAU?", "what is the read/write ratio?"):
        record.questions.append(answer_question(problem, question))
    record.phase(Phase.CLARIFY).answers["requirements"] = "50M DAU, 100 reads per post."
    record.phase(Phase.SCALING).answers["scaling"] = (
        "Read replicas with automatic failover; the feed is eventually consistent; "
        "we alert on p99 latency from our metrics."
    )
    return record


def test_a_careful_session_has_no_pitfalls(mini: Problem) -> None:
    assert ids(mini, careful_record(mini)) == []


def test_an_empty_session_shows_the_classic_pitfalls(mini: Problem) -> None:
    assert ids(mini, new_record(mini)) == [
        "components-before-scope",
        "no-numbers",
        "no-monitoring",
        "no-failover",
        "no-consistency",
    ]


def test_every_pitfall_says_why(mini: Problem) -> None:
    for pitfall in detect_pitfalls(mini, new_record(mini)):
        assert pitfall.title and pitfall.why.endswith(".")


def test_too_few_questions_is_jumping_ahead(mini: Problem) -> None:
    record = careful_record(mini)
    record.questions = record.questions[:1]
    found = detect_pitfalls(mini, record)
    assert [p.id for p in found] == ["components-before-scope"]
    assert "You asked 1 clarifying question;" in found[0].why


def test_naming_components_without_a_real_question_is_jumping_ahead(mini: Problem) -> None:
    record = careful_record(mini)
    record.phase(Phase.CLARIFY).answers["requirements"] = "50M DAU. We'll use Kafka and Redis."
    assert ids(mini, record) == []  # components named, but the questions were about scale
    record.questions = [answer_question(mini, q) for q in ("what colour?", "which font?")]
    found = detect_pitfalls(mini, record)
    assert [p.id for p in found] == ["components-before-scope"]
    assert "named 'Redis'" in found[0].why  # the first of the component words that matched


def test_numbers_in_words_or_estimates_count_as_numbers(mini: Problem) -> None:
    record = careful_record(mini)
    record.phase(Phase.CLARIFY).answers["requirements"] = "Lots of users, mostly reading."
    assert "no-numbers" in ids(mini, record)
    record.phase(Phase.CLARIFY).answers["requirements"] = "A few million users."
    assert "no-numbers" not in ids(mini, record)
    record.phase(Phase.CLARIFY).answers["requirements"] = "About 50M users."
    assert "no-numbers" not in ids(mini, record)
    record.phase(Phase.CLARIFY).answers["requirements"] = "Lots of users."
    record.estimates = {"write_qps": "120/s"}
    assert "no-numbers" not in ids(mini, record)


def test_whole_session_topics_are_found_anywhere(mini: Problem) -> None:
    record = careful_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] = "Add servers."
    record.phase(Phase.HIGH_LEVEL).answers["design"] = "A leader with a standby replica."
    record.phase(Phase.DEEP_DIVE).answers["deep_dive"] = "Dashboards for the feed lag."
    assert ids(mini, record) == ["no-consistency"]


def test_consistent_hashing_is_not_a_word_about_consistency(mini: Problem) -> None:
    record = careful_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] = (
        "Consistent hashing for shards; replicas and failover; metrics and alerts."
    )
    assert ids(mini, record) == ["no-consistency"]


def test_saying_you_will_not_monitor_is_not_monitoring(mini: Problem) -> None:
    record = careful_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] = (
        "Replicas and failover, eventual consistency, and no monitoring for now."
    )
    assert ids(mini, record) == ["no-monitoring"]


def test_upto_leaves_out_pitfalls_of_later_phases(mini: Problem) -> None:
    record = new_record(mini)
    assert ids(mini, record, upto=Phase.CLARIFY) == ["components-before-scope", "no-numbers"]
    assert ids(mini, record, upto=Phase.DEEP_DIVE) == ["components-before-scope", "no-numbers"]
    assert len(ids(mini, record, upto=Phase.SCALING)) == 5


def run(problem: Problem, bottleneck: Any, met: bool = False) -> SimulationRun:
    report = {"bottleneck": bottleneck, "slo": {"p99_ms": 200, "met": met}}
    return SimulationRun(label="at load", design=problem.reference_design, report=report)


def bottleneck_record(problem: Problem) -> SessionRecord:
    record = careful_record(problem)
    record.phase(Phase.SCALING).answers["scaling"] = (
        "Failover for the cache, eventual consistency, metrics everywhere."
    )
    return record


def test_ignoring_the_simulated_bottleneck(mini: Problem) -> None:
    record = bottleneck_record(mini)
    record.simulations = [run(mini, "db")]
    found = detect_pitfalls(mini, record)
    assert [p.id for p in found] == ["ignored-bottleneck"]
    assert "'db'" in found[0].why and found[0].phase is Phase.SCALING


@pytest.mark.parametrize(
    "scaling",
    [
        "The db is the bottleneck: add read replicas.",  # its name
        "Shard the posts table.",  # a fix for its kind
        "Put the database on a bigger machine.",  # its kind
    ],
)
def test_dealing_with_the_bottleneck_avoids_the_pitfall(mini: Problem, scaling: str) -> None:
    record = bottleneck_record(mini)
    record.phase(Phase.SCALING).answers["scaling"] += " " + scaling
    record.simulations = [run(mini, "db")]
    assert "ignored-bottleneck" not in ids(mini, record)


def test_a_run_that_met_its_slo_blames_no_one(mini: Problem) -> None:
    record = bottleneck_record(mini)
    record.simulations = [run(mini, "db", met=True), run(mini, None), run(mini, "")]
    assert ids(mini, record) == []
    record.simulations = [run(mini, {"name": "db"})]  # a report that names it in a mapping
    assert ids(mini, record) == ["ignored-bottleneck"]


def test_finalize_stores_pitfalls_overall_and_per_phase(mini: Problem) -> None:
    record = new_record(mini)
    finalize(mini, record)
    assert record.pitfalls == ids(mini, record)
    assert record.phases[Phase.CLARIFY].result.pitfalls == ["components-before-scope", "no-numbers"]
    assert record.phases[Phase.HIGH_LEVEL].result.pitfalls == []
    assert record.phases[Phase.SCALING].result.pitfalls == [
        "no-monitoring",
        "no-failover",
        "no-consistency",
    ]
