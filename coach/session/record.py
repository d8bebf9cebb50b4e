"""The saved state of one interview session.

This is what the flow writes after every answer, what `coach resume`
reads back, and what `coach export`, `coach history` and `coach stats`
render. It is stored as JSON in SQLite: extend freely, rename never.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field

from coach.phases import Phase
from coach.scoring.verdict import ItemResult
from coach.simulate.design import Design


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Mode(str, Enum):
    PRACTICE = "practice"
    MOCK = "mock"


class Status(str, Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class QuestionAnswer(BaseModel):
    """A clarifying question the user asked and what the interviewer said."""

    question: str
    answer: str
    topic: str | None = None  # the matched clarification topic; None when unknown
    # a question that asks two things ("How many users, and what's the latency
    # target?") is answered from a second topic too
    also: list[str] = Field(default_factory=list)

    @property
    def topics(self) -> list[str]:
        """Every topic the interviewer answered from, the main one first."""
        return [self.topic, *self.also] if self.topic is not None else []


class EstimateCheck(BaseModel):
    """The user's figure for one estimate against the engine's."""

    name: str  # an estimate result name, e.g. "write_qps"
    title: str = ""  # the figure in words, e.g. "write QPS"
    user_text: str
    user_value: float | None  # in base units; None when it could not be read
    engine_value: float
    engine_display: str
    unit: str
    within_tolerance: bool
    ratio: float | None = None
    verdict: str = ""
    derivation: str = ""
    differing_step: str | None = None
    diagnosis: str | None = None  # the slip behind an off figure, only when the figures show it
    working: list[str] = Field(default_factory=list)  # each step, the user's figure beside it


class SimulationRun(BaseModel):
    """One run of the user's design in the scaling phase."""

    label: str  # e.g. "at load", "spike x3", "one app node down", "at load · api.nodes=12"
    change: str = ""  # the change typed before this run ("" for the design as first built)
    design: Design
    report: dict[str, Any]  # the `coach simulate --json` object


class DetectedPitfall(BaseModel):
    """A classic mistake the session shows, and why it hurts."""

    id: str
    title: str
    why: str
    phase: Phase  # the phase it belongs to (the last chance to avoid it)


class PhaseResult(BaseModel):
    score: float = 0.0  # 0-100
    covered: list[str] = Field(default_factory=list)  # rubric item ids that earned credit
    missed: list[str] = Field(default_factory=list)  # the others (missed or ruled out)
    pitfalls: list[str] = Field(default_factory=list)  # pitfall ids detected in this phase
    items: list[ItemResult] = Field(default_factory=list)  # one verdict per rubric item
    pitfall_details: list[DetectedPitfall] = Field(default_factory=list)  # of `pitfalls`
    # practice: the score the phase's review showed; the final score also credits what
    # was said in later phases, so the two may differ
    reviewed: float | None = None


class PhaseRecord(BaseModel):
    phase: Phase
    answers: dict[str, str] = Field(default_factory=dict)  # prompt key -> the user's text
    budget_s: float = 0.0
    elapsed_s: float = 0.0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    result: PhaseResult | None = None
    timed_out: bool = False  # mock: the phase's time ran out while the user was answering
    cut_short: bool = False  # mock: after the time ran out the user moved on; the rest is empty

    @property
    def overtime_s(self) -> float:
        return max(0.0, self.elapsed_s - self.budget_s) if self.budget_s else 0.0


class CurveballRecord(BaseModel):
    id: str
    prompt: str
    answer: str = ""
    result: PhaseResult | None = None


class StudyItem(BaseModel):
    title: str
    why: str
    url: str | None = None


class SessionRecord(BaseModel):
    id: int | None = None
    problem_id: str
    problem_title: str
    mode: Mode
    status: Status = Status.IN_PROGRESS
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    minutes_total: float | None = None  # mock: the whole budget
    position: str | None = None  # where the flow stopped, for `coach resume`
    compact: bool = False  # answered from an answers file (whole-phase keys, no re-run loop)
    draft: str = ""  # what was typed at `position` when the session stopped
    draft_key: str | None = None  # the prompt that draft belongs to
    questions: list[QuestionAnswer] = Field(default_factory=list)
    estimates: dict[str, str] = Field(default_factory=dict)  # result name -> user's text
    estimate_checks: list[EstimateCheck] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)  # catalogue ids the user chose
    design: Design | None = None  # built from the user's choices
    design_components: list[str] = Field(default_factory=list)  # catalogue ids of `design`
    deep_dive_topics: list[str] = Field(default_factory=list)
    simulations: list[SimulationRun] = Field(default_factory=list)
    curveball: CurveballRecord | None = None
    phases: dict[Phase, PhaseRecord] = Field(default_factory=dict)
    score: float | None = None  # 0-100, once scored
    pitfalls: list[str] = Field(default_factory=list)  # every pitfall id detected
    strengths: list[str] = Field(default_factory=list)
    study: list[StudyItem] = Field(default_factory=list)

    @property
    def answered_nothing(self) -> bool:
        """True until the user has given a first answer (or typed a draft)."""
        answered = any(p.answers for p in self.phases.values())
        return not (answered or self.questions or self.estimates or self.draft)

    def phase(self, phase: Phase) -> PhaseRecord:
        """The record of one phase, created on first use."""
        if phase not in self.phases:
            self.phases[phase] = PhaseRecord(phase=phase)
        return self.phases[phase]
