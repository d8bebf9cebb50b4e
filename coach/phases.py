"""The four interview phases, in order. Shared by specs, sessions and scoring."""

from __future__ import annotations

from enum import Enum


class Phase(str, Enum):
    CLARIFY = "clarify"
    HIGH_LEVEL = "high_level"
    DEEP_DIVE = "deep_dive"
    SCALING = "scaling"

    @property
    def title(self) -> str:
        return PHASE_TITLES[self]


PHASE_TITLES: dict[Phase, str] = {
    Phase.CLARIFY: "Clarify requirements and estimate scale",
    Phase.HIGH_LEVEL: "High-level design",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.SCALING: "Scaling, bottlenecks and trade-offs",
}

PHASES: tuple[Phase, ...] = tuple(Phase)
