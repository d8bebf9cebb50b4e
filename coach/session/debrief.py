"""The end of a mock: what the interviewer walks through, phase by phase.

Built from the scorecard's feedback (`coach.session.feedback`) and the times
the record kept: nothing is scored again here, so the debrief, the scorecard
and the write-up cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.session.feedback import CurveballFeedback, PhaseFeedback, Scorecard
from coach.session.record import EstimateCheck, SessionRecord

QUESTIONS_KEY = "questions"  # the clarifying questions, shown as one of the clarify answers


@dataclass(frozen=True)
class PhaseTime:
    """A phase's clock: the budget, the time spent, and how it ended."""

    budget_s: float
    elapsed_s: float
    timed_out: bool  # the time ran out while the user was answering
    cut_short: bool  # ...and the user moved on, leaving the rest unanswered

    @property
    def overtime_s(self) -> float:
        return max(0.0, self.elapsed_s - self.budget_s) if self.budget_s else 0.0


@dataclass(frozen=True)
class PhaseDebrief:
    number: int  # 1-4
    feedback: PhaseFeedback  # covered, missed, pitfalls, the reference answer, the score
    answers: list[tuple[str, str]]  # (key, the user's text), in the order they were given
    time: PhaseTime
    estimates: list[EstimateCheck]  # clarify only: each figure against the engine's
    topics: dict[str, str]  # deep-dive topic id -> title, to label `topic:ID` answers


@dataclass(frozen=True)
class CurveballDebrief:
    feedback: CurveballFeedback
    phase: Phase  # where it was sprung
    answer: str

    @property
    def verdict(self) -> str:
        """In words, from the items covered and missed (the score says how much)."""
        if not self.answer.strip():
            return "not answered"
        if not self.feedback.covered:
            return "missed"
        return "handled" if not self.feedback.missed else "partly handled"


def phase_debriefs(problem: Problem, record: SessionRecord, card: Scorecard) -> list[PhaseDebrief]:
    """One page per phase, from the scorecard's feedback."""
    topics = {d.id: d.title for d in problem.deep_dives}
    return [_phase(record, fb, topics) for fb in card.phases]


def _phase(record: SessionRecord, feedback: PhaseFeedback, topics: dict[str, str]) -> PhaseDebrief:
    saved = record.phases.get(feedback.phase)
    answers = list(saved.answers.items()) if saved else []
    clarify = feedback.phase is Phase.CLARIFY
    asked = [qa.question for qa in record.questions if qa.question.strip()]
    if clarify and asked:
        answers.insert(0, (QUESTIONS_KEY, "\n".join(asked)))
    return PhaseDebrief(
        number=PHASES.index(feedback.phase) + 1,
        feedback=feedback,
        answers=answers,
        time=PhaseTime(
            budget_s=saved.budget_s if saved else 0.0,
            elapsed_s=saved.elapsed_s if saved else 0.0,
            timed_out=bool(saved and saved.timed_out),
            cut_short=bool(saved and saved.cut_short),
        ),
        estimates=list(record.estimate_checks) if clarify else [],
        topics=topics if feedback.phase is Phase.DEEP_DIVE else {},
    )


def curveball_debrief(
    problem: Problem, record: SessionRecord, card: Scorecard
) -> CurveballDebrief | None:
    """The curveball's verdict, or None when the session had none."""
    if card.curveball is None or record.curveball is None:
        return None
    spec = next((c for c in problem.curveballs if c.id == card.curveball.id), None)
    return CurveballDebrief(
        feedback=card.curveball,
        phase=spec.phase if spec else Phase.SCALING,
        answer=record.curveball.answer,
    )
