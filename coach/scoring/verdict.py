"""One verdict per rubric item, with the user's words that earned it.

Computed once when a phase is scored, stored in the session record, and read
as it is by the phase review, the scorecard, the write-up and the JSON: a
screen that recomputed could disagree. The record is JSON in SQLite, so these
are pydantic models: extend freely, rename never.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

RULED_OUT_COST = 0.5  # share of a ruled-out item's weight taken off its phase


class Verdict(str, Enum):
    COVERED = "covered"  # the idea is there, with something said about it
    PARTIAL = "partial"  # named in passing, or some of its figures right
    REJECTED = "rejected"  # the user ruled the idea out
    MISSED = "missed"  # not there (or a figure beyond tolerance)

    @property
    def earned(self) -> bool:
        """Whether the item earned credit (the JSON's `covered` list)."""
        return self in (Verdict.COVERED, Verdict.PARTIAL)


class How(str, Enum):
    """What a piece of evidence shows."""

    EXPLAINED = "explained"  # the idea, with something said about it
    MENTIONED = "mentioned"  # named in passing or in a list
    ASKED = "asked"  # a clarifying question the interviewer answered from the item's topic
    FIGURE = "figure"  # an estimate within tolerance of the engine's
    OFF = "off"  # an estimate beyond tolerance
    RULED_OUT = "ruled out"  # the idea, negated ("we won't cache")


class Evidence(BaseModel):
    """The user's own words behind a verdict: `quote` is exactly what they typed."""

    quote: str
    source: str  # which answer: "requirements", "design", "question 2", "estimate write_qps"
    how: How
    matched: str = ""  # the rubric term, idea or figure the words matched
    start: int = 0  # offsets of `quote` in that answer
    end: int = 0


class ItemResult(BaseModel):
    """A rubric item's verdict in one phase (or the curveball)."""

    id: str
    verdict: Verdict
    credit: float = Field(ge=0, le=1)  # share of the item's weight earned
    weight: float
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = ""  # what the verdict rests on when words are not enough
    # rejected only: the idea was never said positively, so ruling it out costs
    charged: bool = False

    @property
    def earned(self) -> float:
        return self.credit * self.weight

    @property
    def cost(self) -> float:
        """What ruling the idea out takes off the phase score: a wrong call on an idea
        the problem needs weighs against the candidate, more than silence would."""
        return RULED_OUT_COST * self.weight if self.charged else 0.0


def phase_score(results: list[ItemResult]) -> float:
    """0-100: the share of the items' weight earned, less what ruling ideas out cost
    (never below 0); no items scores 0."""
    total = sum(r.weight for r in results)
    earned = sum(r.earned for r in results) - sum(r.cost for r in results)
    return round(100 * max(0.0, earned) / total, 1) if total else 0.0
