"""What the flow shows, as typed events.

The flow emits these to a `View`; the terminal renders them with rich
(`coach.ui.render_session`), tests collect them, `--json` ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from coach.phases import Phase
from coach.session.record import EstimateCheck, QuestionAnswer, SessionRecord, SimulationRun
from coach.simulate.design import Design

if TYPE_CHECKING:
    from coach.problems.model import Problem
    from coach.session.debrief import CurveballDebrief, PhaseDebrief
    from coach.session.feedback import PhaseFeedback, Scorecard


@dataclass(frozen=True)
class SessionStarted:
    problem: Problem
    record: SessionRecord
    resumed: bool


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    number: int  # 1-4
    budget_s: float
    elapsed_s: float  # already spent (on resume)
    timed: bool  # mock: a countdown runs
    guidance: str  # what to do in this phase


@dataclass(frozen=True)
class InterviewerReplied:
    qa: QuestionAnswer


@dataclass(frozen=True)
class EstimateChecked:
    check: EstimateCheck


@dataclass(frozen=True)
class DesignDrawn:
    """The user's design, to draw (`coach.session.diagram`); `side` are picks not simulated."""

    design: Design | None
    side: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SimulationShown:
    runs: list[SimulationRun]
    advice: list[str]
    slo_p99_ms: float
    load: str = ""  # the simulated load beside the estimated peak (`load_story.relation`)


@dataclass(frozen=True)
class CurveballSprung:
    prompt: str


@dataclass(frozen=True)
class TimeWarning:
    phase: Phase
    remaining_s: float


@dataclass(frozen=True)
class TimeUp:
    phase: Phase
    picking: bool = False  # the time ran out in a picker (what was ticked is kept)


@dataclass(frozen=True)
class Notice:
    text: str


@dataclass(frozen=True)
class PhaseReviewed:
    """Practice: the user's answers beside the reference answer, then feedback."""

    phase: Phase
    answers: dict[str, str]
    reference: str
    feedback: PhaseFeedback
    score: float


@dataclass(frozen=True)
class PhaseDebriefed:
    """Mock, at the end: one phase walked through (covered, missed, reference, time)."""

    debrief: PhaseDebrief


@dataclass(frozen=True)
class CurveballDebriefed:
    """Mock, at the end: the curveball's verdict."""

    debrief: CurveballDebrief


@dataclass(frozen=True)
class SessionScored:
    problem: Problem
    record: SessionRecord
    scorecard: Scorecard


Event = (
    SessionStarted
    | PhaseStarted
    | InterviewerReplied
    | EstimateChecked
    | DesignDrawn
    | SimulationShown
    | CurveballSprung
    | TimeWarning
    | TimeUp
    | Notice
    | PhaseReviewed
    | PhaseDebriefed
    | CurveballDebriefed
    | SessionScored
)


class View(Protocol):
    def show(self, event: Event) -> None: ...


@dataclass
class RecordingView:
    """Keeps every event (tests, and runs that print nothing until the end)."""

    events: list[Event] = field(default_factory=list)

    def show(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]
