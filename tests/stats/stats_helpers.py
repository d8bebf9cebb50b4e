"""Small problems, sessions and drills with known scores, for the stats tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coach.drill.record import DrillAnswer, DrillRecord, DrillStatus
from coach.drill.scoring import Band
from coach.phases import Phase
from coach.problems.model import Problem
from coach.session.record import Mode, PhaseResult, SessionRecord, Status

DAY1 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def at(day: int) -> datetime:
    """Noon UTC on the `day`-th day of the test calendar (day 1 = 2025-03-01)."""
    return DAY1 + timedelta(days=day - 1)


def make_problem(
    problem_id: str, difficulty: str, tags: list[str], rubric: dict[str, list[str]]
) -> Problem:
    """A valid problem whose rubric has the given item ids per phase (weight 1 each)."""

    def items(ids: list[str]) -> list[dict[str, object]]:
        return [{"id": i, "terms": [i], "hint": f"Cover {i}.", "why": "It matters."} for i in ids]

    return Problem.model_validate(
        {
            "schema": 1,
            "id": problem_id,
            "title": f"Design {problem_id}",
            "difficulty": difficulty,
            "tags": tags,
            "summary": "A test problem.",
            "statement": "Design it.",
            "minutes": {"clarify": 5, "high_level": 10, "deep_dive": 10, "scaling": 5},
            "clarifications": [{"topic": "users", "asks": ["How many users?"], "answer": "10M."}],
            "requirements": {"functional": ["Do it"], "non_functional": ["Fast"]},
            "reference_design": {
                "load": {"rps": 100},
                "components": [{"name": "app", "kind": "service", "service_ms": {"mean": 5}}],
            },
            "rubric": {phase: items(ids) for phase, ids in rubric.items()},
            "deep_dives": [{"id": "core", "title": "Core", "prompt": "How?", "key_points": ["x"]}],
            "reference_answers": {p.value: "A strong answer." for p in Phase},
            "curveballs": [
                {
                    "id": "more",
                    "prompt": "Ten times the load?",
                    "adjustments": ["Scale out"],
                    "rubric": items(["cb-scale"]),
                }
            ],
        }
    )


def make_session(
    problem_id: str,
    day: int,
    score: float | None,
    phases: dict[Phase, tuple[float, list[str], list[str]]],
    status: Status = Status.COMPLETED,
) -> SessionRecord:
    """A scored session: phases map to (score, covered ids, missed ids)."""
    record = SessionRecord(
        problem_id=problem_id,
        problem_title=f"Design {problem_id}",
        mode=Mode.PRACTICE,
        status=status,
        created_at=at(day),
        updated_at=at(day),
        score=score,
    )
    for phase, (phase_score, covered, missed) in phases.items():
        record.phase(phase).result = PhaseResult(score=phase_score, covered=covered, missed=missed)
    return record


def make_drill(day: int, answers: list[tuple[str, Band]], kind: str = "mixed") -> DrillRecord:
    """A drill with one answer per (kind, band)."""
    record = DrillRecord(
        kind=kind,
        seed=1,
        count=len(answers),
        status=DrillStatus.COMPLETED,
        created_at=at(day),
        updated_at=at(day),
    )
    for number, (answer_kind, band) in enumerate(answers, start=1):
        record.answers.append(
            DrillAnswer(
                number=number,
                template=f"{answer_kind}.t{number}",
                kind=answer_kind,
                question="?",
                expected_value=1.0,
                expected_unit="count",
                expected_display="1",
                answer="1",
                answer_value=1.0,
                ratio=1.0,
                band=band,
                points=band.points,
                answered_at=at(day),
            )
        )
    return record


PROBLEMS = [
    make_problem(
        "feed",
        "medium",
        ["feed", "caching", "read-heavy"],
        {
            "clarify": ["scale"],
            "high_level": ["cache"],
            "deep_dive": ["fanout"],
            "scaling": ["hot-keys", "monitoring"],
        },
    ),
    make_problem(
        "shortener",
        "easy",
        ["key-value", "caching", "read-heavy"],
        {
            "clarify": ["scale"],
            "high_level": ["api"],
            "deep_dive": ["ids"],
            "scaling": ["hot-keys", "multi-region"],
        },
    ),
    make_problem(
        "ride",
        "hard",
        ["geo", "real-time"],
        {
            "clarify": ["scale"],
            "high_level": ["geo-index"],
            "deep_dive": ["matching"],
            "scaling": ["monitoring", "multi-region", "hot-keys"],
        },
    ),
    make_problem(
        "chat",
        "hard",
        ["real-time", "messaging"],
        {
            "clarify": ["scale"],
            "high_level": ["gateway"],
            "deep_dive": ["ordering"],
            "scaling": ["partition"],
        },
    ),
]

C, H, D, S = Phase.CLARIFY, Phase.HIGH_LEVEL, Phase.DEEP_DIVE, Phase.SCALING

# Phase averages: clarify 80, high_level 70, deep_dive 60, scaling 23.3.
# Missed: hot-keys 3 of 3, multi-region 1 of 1, monitoring 1 of 2.
SESSIONS = [
    make_session(
        "feed",
        1,
        50.0,
        {
            C: (80, ["scale"], []),
            H: (70, ["cache"], []),
            D: (60, ["fanout"], []),
            S: (20, [], ["hot-keys", "monitoring"]),
        },
    ),
    make_session(
        "feed",
        2,
        60.0,
        {
            C: (90, ["scale"], []),
            H: (80, ["cache"], []),
            D: (50, [], ["fanout"]),
            S: (30, ["monitoring"], ["hot-keys"]),
        },
    ),
    make_session(
        "shortener",
        3,
        55.0,
        {
            C: (70, ["scale"], []),
            H: (60, ["api"], []),
            D: (70, ["ids"], []),
            S: (20, [], ["hot-keys", "multi-region"]),
        },
    ),
]

# units 0%, estimation 2 of 3 points (67%), latency 100%.
DRILLS = [
    make_drill(2, [("units", Band.OFF), ("estimation", Band.WITHIN_2X), ("latency", Band.EXACT)]),
    make_drill(3, [("units", Band.OFF), ("latency", Band.EXACT)]),
]
