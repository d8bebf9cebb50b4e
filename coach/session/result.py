"""The public `coach practice --answers FILE --json` object (a contract: extend only)."""

from __future__ import annotations

from typing import Any

from coach.phases import PHASES
from coach.session.record import SessionRecord


def result_json(record: SessionRecord) -> dict[str, Any]:
    """`{problem, mode, score, phases: {PHASE: {score, covered, missed}}, pitfalls, session_id}`."""
    phases: dict[str, Any] = {}
    for phase in PHASES:
        current = record.phases.get(phase)
        result = current.result if current is not None else None
        phases[phase.value] = {
            "score": result.score if result else 0.0,
            "covered": list(result.covered) if result else [],
            "missed": list(result.missed) if result else [],
        }
    return {
        "problem": record.problem_id,
        "mode": record.mode.value,
        "score": record.score if record.score is not None else 0.0,
        "phases": phases,
        "pitfalls": list(record.pitfalls),
        "session_id": record.id,
        "status": record.status.value,
        "curveball": _curveball(record),
    }


def _curveball(record: SessionRecord) -> dict[str, Any] | None:
    if record.curveball is None:
        return None
    result = record.curveball.result
    return {
        "id": record.curveball.id,
        "score": result.score if result else 0.0,
        "covered": list(result.covered) if result else [],
        "missed": list(result.missed) if result else [],
    }
