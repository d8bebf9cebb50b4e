"""Feedback as typed data the terminal renders: per phase, and the final scorecard.

Nothing here prints, and nothing here judges: every verdict comes from the
phase results stored in the record (`scoring.review_phase`, `scoring.finalize`),
so the review, the scorecard, the write-up and the JSON say the same thing.
Each earned item carries the words that earned it, each missed one its hint,
why it matters and a link, each ruled-out one the words that ruled it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.phases import PHASES, Phase
from coach.problems.model import Pitfall, Problem, RubricItem
from coach.scoring.verdict import How, ItemResult, Verdict
from coach.session.record import DetectedPitfall, Mode, PhaseResult, SessionRecord, StudyItem
from coach.session.scoring import (
    asked_curveball,
    later_credit,
    review_phase,
    score_curveball,
    study_link,
    time_score,
)


@dataclass(frozen=True)
class CoveredItem:
    id: str
    title: str
    hint: str
    weight: float
    evidence: str  # the user's words that earned it, exactly as typed
    term: str  # the rubric term, idea, topic or figure those words matched
    verdict: Verdict = Verdict.COVERED  # or PARTIAL
    how: How = How.EXPLAINED
    source: str = ""  # which answer the words come from
    note: str = ""


@dataclass(frozen=True)
class MissedItem:
    id: str
    title: str
    hint: str
    why: str
    weight: float
    study: str | None = None
    verdict: Verdict = Verdict.MISSED  # or REJECTED
    evidence: str = ""  # REJECTED: the words that ruled it out; an estimate: the figure
    note: str = ""  # e.g. how far an estimate is off and at which step


@dataclass(frozen=True)
class PhaseFeedback:
    phase: Phase
    title: str
    score: float  # 0-100, weighted credit
    covered: list[CoveredItem]  # earned, fully or in part, in the rubric's order
    missed: list[MissedItem]  # heaviest first; ruled-out items are among them
    pitfalls: list[DetectedPitfall]  # detected so far, of this phase
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
    later_credit: str | None = None  # why a phase's score differs from its review's


def phase_feedback(problem: Problem, record: SessionRecord, phase: Phase) -> PhaseFeedback:
    """Feedback on one phase, from its stored result (scored afresh, and not
    stored, when the phase has none yet)."""
    result = _stored(record, phase) or review_phase(problem, record, phase)
    covered, missed = _items(problem, result.items)
    return PhaseFeedback(
        phase=phase,
        title=phase.title,
        score=result.score,
        covered=covered,
        missed=missed,
        pitfalls=list(result.pitfall_details),
        reference_answer=problem.reference_answers.for_phase(phase),
        unasked_topics=unasked_topics(problem, record, result) if phase is Phase.CLARIFY else [],
    )


def _stored(record: SessionRecord, phase: Phase) -> PhaseResult | None:
    saved = record.phases.get(phase)
    result = saved.result if saved is not None else None
    return result if result is not None and _has_verdicts(result) else None


def _has_verdicts(result: PhaseResult) -> bool:
    # a result saved before verdicts were stored lists ids only: judge it again
    return bool(result.items) or not (result.covered or result.missed)


def unasked_topics(problem: Problem, record: SessionRecord, result: PhaseResult) -> list[str]:
    """Clarification topics the user neither asked about nor covered in words,
    in the spec's order (an item earned by stating the answer needs no question)."""
    asked = {topic for qa in record.questions for topic in qa.topics}
    earned = {r.id for r in result.items if r.verdict.earned}
    for item in problem.rubric.clarify:
        if item.id in earned:
            asked.update(item.asked)
    return [c.topic for c in problem.clarifications if c.topic not in asked]


def curveball_feedback(problem: Problem, record: SessionRecord) -> CurveballFeedback | None:
    curveball = asked_curveball(problem, record)
    if curveball is None or record.curveball is None:
        return None
    result = record.curveball.result
    if result is None or not _has_verdicts(result):
        result = score_curveball(problem, record)
    if result is None:
        return None
    covered, missed = _items(problem, result.items)
    return CurveballFeedback(
        id=curveball.id,
        prompt=curveball.prompt,
        score=result.score,
        covered=covered,
        missed=missed,
        adjustments=list(curveball.adjustments),
    )


def scorecard(problem: Problem, record: SessionRecord) -> Scorecard:
    """The scorecard of a finalized record (`scoring.finalize` fills the record)."""
    phases = [phase_feedback(problem, record, phase) for phase in PHASES]
    return Scorecard(
        score=record.score if record.score is not None else 0.0,
        time_score=time_score(record) if record.mode is Mode.MOCK else None,
        phases=phases,
        curveball=curveball_feedback(problem, record),
        pitfalls=[p for fb in phases for p in fb.pitfalls],
        strengths=list(record.strengths),
        study=list(record.study),
        common_pitfalls=list(problem.pitfalls),
        later_credit=later_credit(record),
    )


def _items(
    problem: Problem, results: Sequence[ItemResult]
) -> tuple[list[CoveredItem], list[MissedItem]]:
    rubric = {item.id: item for item in _rubric_items(problem)}
    covered: list[CoveredItem] = []
    missed: list[MissedItem] = []
    for result in results:
        item = rubric.get(result.id)
        if item is None:  # an item the spec no longer has
            continue
        if result.verdict.earned:
            covered.append(_covered(item, result))
        else:
            missed.append(_missed(problem, item, result))
    missed.sort(key=lambda m: -m.weight)
    return covered, missed


def _covered(item: RubricItem, result: ItemResult) -> CoveredItem:
    first = result.evidence[0] if result.evidence else None
    return CoveredItem(
        id=item.id,
        title=item.display_title,
        hint=item.hint,
        weight=item.weight,
        evidence=first.quote if first else "",
        term=first.matched if first else "",
        verdict=result.verdict,
        how=first.how if first else How.EXPLAINED,
        source=first.source if first else "",
        note=result.note,
    )


def _missed(problem: Problem, item: RubricItem, result: ItemResult) -> MissedItem:
    shown = [e for e in result.evidence if e.how in (How.RULED_OUT, How.OFF)]
    return MissedItem(
        id=item.id,
        title=item.display_title,
        hint=item.hint,
        why=item.why,
        weight=item.weight,
        study=study_link(problem, item),
        verdict=result.verdict,
        evidence=shown[0].quote if shown else "",
        note=result.note,
    )


def _rubric_items(problem: Problem) -> list[RubricItem]:
    return problem.rubric.all_items() + [i for c in problem.curveballs for i in c.rubric]
