"""The public `coach practice --answers FILE --json` object (a contract: extend only)."""

from __future__ import annotations

from typing import Any

from coach.phases import PHASES
from coach.session.record import PhaseResult, SessionRecord


def result_json(record: SessionRecord) -> dict[str, Any]:
    """`{problem, mode, score, phases: {PHASE: {score, covered, missed, items}}, pitfalls,
    session_id, status, curveball, questions, simulations}`.

    `covered` lists the items that earned credit (fully or in part), `missed` the
    others; `items` gives each one's verdict, credit and the user's words behind it.
    """
    phases: dict[str, Any] = {}
    for phase in PHASES:
        current = record.phases.get(phase)
        phases[phase.value] = _result(current.result if current is not None else None)
    return {
        "problem": record.problem_id,
        "mode": record.mode.value,
        "score": record.score if record.score is not None else 0.0,
        "phases": phases,
        "pitfalls": list(record.pitfalls),
        "session_id": record.id,
        "status": record.status.value,
        "curveball": _curveball(record),
        "questions": [
            {"question": qa.question, "topic": qa.topic, "answer": qa.answer, "topics": qa.topics}
            for qa in record.questions
        ],
        "simulations": [_simulation(run) for run in record.simulations],
    }


def _simulation(run: Any) -> dict[str, Any]:
    """One run of the scaling phase: its label, the change typed before it, the verdict."""
    latency = run.report.get("latency_ms") or {}
    slo = run.report.get("slo") or {}
    return {
        "label": run.label,
        "change": run.change,
        "p99_ms": latency.get("p99"),
        "slo_met": slo.get("met"),
        "bottleneck": run.report.get("bottleneck"),
    }


def _result(result: PhaseResult | None) -> dict[str, Any]:
    return {
        "score": result.score if result else 0.0,
        # the score the phase's review showed (practice), when later answers changed it
        "reviewed_score": result.reviewed if result else None,
        "covered": list(result.covered) if result else [],
        "missed": list(result.missed) if result else [],
        "items": [_item(item) for item in result.items] if result else [],
    }


def _item(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "verdict": item.verdict.value,
        "credit": item.credit,
        "weight": item.weight,
        "evidence": [
            {"quote": e.quote, "source": e.source, "how": e.how.value, "matched": e.matched}
            for e in item.evidence
        ],
        "note": item.note,
        "charged": item.charged,  # rejected: ruling it out cost `weight` x RULED_OUT_COST
    }


def _curveball(record: SessionRecord) -> dict[str, Any] | None:
    if record.curveball is None:
        return None
    return {"id": record.curveball.id, **_result(record.curveball.result)}
