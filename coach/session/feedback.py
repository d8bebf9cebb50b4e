"""Feedback as typed data the terminal renders: per phase, and the final scorecard.

Nothing here prints. Each covered item carries the words that earned it, each
missed item its hint, why it matters and a link when there is one, so the user
can check the judgement instead of taking it on trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.phases import PHASES, Phase
from coach.problems.model import Pitfall, Problem
from coach.session.interviewer import unasked_topics
from coach.session.pitfalls import DetectedPitfall, detect_pitfalls
from coach.session.record import Mode, SessionRecord, StudyItem
from coach.session.scoring import (
    Coverage,
    asked_curveball,
    curveball_coverage,
    phase_coverage,
    plain_title,
    result_of,
    study_link,
    time_score,
)


@dataclass(frozen=True)
class CoveredItem:
    id: str
    title: str
    hint: str
    weight: float
    evidence: str  # the user's words that covered it
    term: str  # the rubric term those words matched


@dataclass(frozen=True)
class MissedItem:
    id: str
    title: str
    hint: str
    why: str
    weight: float
    study: str | None = None


@dataclass(frozen=True)
class PhaseFeedback:
    phase: Phase
    title: str
    score: float  # 0-100, weighted coverage
    covered: list[CoveredItem]
    missed: list[MissedItem]  # heaviest first
    pitfalls: list[DetectedPitfall]  # detected so far, of this phase and earlier
    reference_answer: str
    unasked_topics: list[str] = field(default_factory=list)  # clarify only


@dataclass(frozen=True)
class CurveballFeedback:
    id: str
    prompt: str
    score: float
    covered: list[CoveredItem]
    missed: list[MissedItem]
    adjustments: list[str]  # what a good answer changes


@dataclass(frozen=True)
class Scorecard:
    """The end of a session: what the record says, ready to render."""

    score: float
    time_score: float | None  # mock only: keeping to the phase budgets
    phases: list[PhaseFeedback]
    curveball: CurveballFeedback | None
    pitfalls: list[DetectedPitfall]
    strengths: list[str]
    study: list[StudyItem]
    common_pitfalls: list[Pitfall]  # the problem's own list: advice, not detections


def phase_feedback(problem: Problem, record: SessionRecord, phase: Phase) -> PhaseFeedback:
    """Feedback on one phase, from the record as it stands (not changed)."""
    coverage = phase_coverage(problem, record, phase)
    covered, missed = _items(problem, coverage)
    pitfalls = [p for p in detect_pitfalls(problem, record, upto=phase) if p.phase is phase]
    return PhaseFeedback(
        phase=phase,
        title=phase.title,
        score=result_of(coverage).score,
        covered=covered,
        missed=missed,
        pitfalls=pitfalls,
        reference_answer=problem.reference_answers.for_phase(phase),
        unasked_topics=unasked_topics(problem, record) if phase is Phase.CLARIFY else [],
    )


def curveball_feedback(problem: Problem, record: SessionRecord) -> CurveballFeedback | None:
    curveball = asked_curveball(problem, record)
    coverage = curveball_coverage(problem, record)
    if curveball is None or coverage is None:
        return None
    covered, missed = _items(problem, coverage)
    return CurveballFeedback(
        id=curveball.id,
        prompt=curveball.prompt,
        score=result_of(coverage).score,
        covered=covered,
        missed=missed,
        adjustments=list(curveball.adjustments),
    )


def scorecard(problem: Problem, record: SessionRecord) -> Scorecard:
    """The scorecard of a finalized record (`scoring.finalize` fills the record)."""
    return Scorecard(
        score=record.score if record.score is not None else 0.0,
        time_score=time_score(record) if record.mode is Mode.MOCK else None,
        phases=[phase_feedback(problem, record, phase) for phase in PHASES],
        curveball=curveball_feedback(problem, record),
        pitfalls=detect_pitfalls(problem, record),
        strengths=list(record.strengths),
        study=list(record.study),
        common_pitfalls=list(problem.pitfalls),
    )


def _items(
    problem: Problem, coverage: Sequence[Coverage]
) -> tuple[list[CoveredItem], list[MissedItem]]:
    covered = [
        CoveredItem(
            c.item.id,
            plain_title(c.item.id),
            c.item.hint,
            c.item.weight,
            c.evidence.quote,
            c.evidence.term,
        )
        for c in coverage
        if c.evidence is not None
    ]
    missed = [
        MissedItem(
            c.item.id,
            plain_title(c.item.id),
            c.item.hint,
            c.item.why,
            c.item.weight,
            study_link(problem, c.item),
        )
        for c in coverage
        if c.evidence is None
    ]
    missed.sort(key=lambda m: -m.weight)
    return covered, missed
