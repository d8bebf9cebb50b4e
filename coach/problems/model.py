"""The problem spec format, `schema: 1`, as a typed model.

A spec is data first: the session flow, the scorer, the estimator and the
simulator read these objects, never raw YAML. Unknown keys are errors so a
typo in a spec is caught. Field names are a file format: extend, never rename.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.phases import Phase
from coach.problems.lexicon import LexiconSection
from coach.simulate.design import Design

NonEmpty = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Difficulty(str, Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class PhaseMinutes(_Strict):
    """Suggested minutes per phase."""

    clarify: Annotated[int, Field(ge=1, le=120)]
    high_level: Annotated[int, Field(ge=1, le=120)]
    deep_dive: Annotated[int, Field(ge=1, le=120)]
    scaling: Annotated[int, Field(ge=1, le=120)]

    def for_phase(self, phase: Phase) -> int:
        return int(getattr(self, phase.value))

    @property
    def total(self) -> int:
        return self.clarify + self.high_level + self.deep_dive + self.scaling


class Scope(_Strict):
    in_scope: list[NonEmpty] = Field(default_factory=list)
    out_of_scope: list[NonEmpty] = Field(default_factory=list)


class Clarification(_Strict):
    """A question the interviewer can answer: 'How many users?' -> '300M monthly'."""

    topic: NonEmpty
    asks: Annotated[list[NonEmpty], Field(min_length=1)]
    answer: NonEmpty


class Requirements(_Strict):
    functional: Annotated[list[NonEmpty], Field(min_length=1)]
    non_functional: Annotated[list[NonEmpty], Field(min_length=1)]


class CapacityAssumption(_Strict):
    """One input to `coach estimate`, named as the estimator names it."""

    name: Identifier
    value: str | int | float
    note: str = ""
    source: str | None = None


# An idea: one to four lexicon concept ids joined by " + ", all of which one
# sentence of the answer must express ("celebrity + read-merge").
Idea = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*( \+ [a-z0-9][a-z0-9_-]*){0,3}$",
        max_length=200,
    ),
]


class RubricItem(_Strict):
    """Something a strong answer covers, and how to tell that it did.

    Four ways to earn it, any one enough: a literal phrase of `terms`, an idea
    of `ideas` (concepts said together), a clarifying question answered from a
    topic of `asked`, or an estimate of `figures` within tolerance.
    """

    id: Identifier
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    terms: list[NonEmpty] = Field(default_factory=list)
    ideas: list[Idea] = Field(default_factory=list)
    asked: list[NonEmpty] = Field(
        default_factory=list, description="clarification topics whose questions earn this item"
    )
    figures: list[Identifier] = Field(
        default_factory=list, description="estimate names this item checks by value"
    )
    hint: NonEmpty
    why: NonEmpty
    topic: Identifier | None = Field(
        default=None, description="deep-dive topic id this item belongs to"
    )
    study: str | None = Field(default=None, description="a link to study this item")

    @model_validator(mode="after")
    def _some_way_to_earn_it(self) -> RubricItem:
        if not (self.terms or self.ideas or self.asked or self.figures):
            raise ValueError(
                f"rubric item '{self.id}' needs terms, ideas, asked or figures: "
                "a way for an answer to earn it"
            )
        return self

    def idea_parts(self) -> list[list[str]]:
        """Each idea as its concept ids."""
        return [idea.split(" + ") for idea in self.ideas]


class Rubric(_Strict):
    clarify: list[RubricItem] = Field(default_factory=list)
    high_level: list[RubricItem] = Field(default_factory=list)
    deep_dive: list[RubricItem] = Field(default_factory=list)
    scaling: list[RubricItem] = Field(default_factory=list)

    def for_phase(self, phase: Phase) -> list[RubricItem]:
        return list(getattr(self, phase.value))

    def all_items(self) -> list[RubricItem]:
        return self.clarify + self.high_level + self.deep_dive + self.scaling


class DeepDive(_Strict):
    id: Identifier
    title: NonEmpty
    prompt: NonEmpty
    key_points: Annotated[list[NonEmpty], Field(min_length=1)]


class Bottleneck(_Strict):
    id: Identifier
    description: NonEmpty
    fixes: Annotated[list[NonEmpty], Field(min_length=1)]


class TradeOff(_Strict):
    id: Identifier
    decision: NonEmpty
    options: Annotated[list[NonEmpty], Field(min_length=2)]
    guidance: NonEmpty


class Pitfall(_Strict):
    id: Identifier
    description: NonEmpty
    why: NonEmpty


class ReferenceAnswers(_Strict):
    """What a strong candidate would say, shown only after the user has tried."""

    clarify: NonEmpty
    high_level: NonEmpty
    deep_dive: NonEmpty
    scaling: NonEmpty

    def for_phase(self, phase: Phase) -> str:
        return str(getattr(self, phase.value))


class Curveball(_Strict):
    """A mid-interview change of requirements and what a good answer adjusts."""

    id: Identifier
    phase: Phase = Phase.SCALING
    prompt: NonEmpty
    adjustments: Annotated[list[NonEmpty], Field(min_length=1)]
    rubric: Annotated[list[RubricItem], Field(min_length=1)]


class Link(_Strict):
    title: NonEmpty
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]


class Problem(_Strict):
    """One system design problem."""

    schema_: Literal[1] = Field(alias="schema")
    id: Identifier
    title: NonEmpty
    difficulty: Difficulty
    tags: Annotated[list[Identifier], Field(min_length=1)]
    summary: NonEmpty
    statement: NonEmpty
    scope: Scope = Field(default_factory=Scope)
    minutes: PhaseMinutes
    clarifications: Annotated[list[Clarification], Field(min_length=1)]
    requirements: Requirements
    capacity: list[CapacityAssumption] = Field(default_factory=list)
    reference_design: Design
    rubric: Rubric
    deep_dives: Annotated[list[DeepDive], Field(min_length=1)]
    bottlenecks: list[Bottleneck] = Field(default_factory=list)
    tradeoffs: list[TradeOff] = Field(default_factory=list)
    pitfalls: list[Pitfall] = Field(default_factory=list)
    reference_answers: ReferenceAnswers
    curveballs: Annotated[list[Curveball], Field(min_length=1)]
    further_reading: list[Link] = Field(default_factory=list)
    lexicon: LexiconSection | None = Field(
        default=None, description="concepts and abbreviations of this problem"
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Problem:
        seen: set[str] = set()
        for item in self.rubric.all_items():
            if item.id in seen:
                raise ValueError(f"rubric item id '{item.id}' is used twice")
            seen.add(item.id)
        topics = {d.id for d in self.deep_dives}
        for item in self.rubric.deep_dive:
            if item.topic is not None and item.topic not in topics:
                raise ValueError(
                    f"rubric item '{item.id}' names topic '{item.topic}', "
                    f"not a deep_dives id ({', '.join(sorted(topics))})"
                )
        return self

    def capacity_inputs(self) -> dict[str, str]:
        """The capacity assumptions as `name -> value text` for the estimator."""
        return {a.name: str(a.value) for a in self.capacity}
