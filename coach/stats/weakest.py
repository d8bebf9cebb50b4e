"""The user's weakest areas, by a rule simple enough to state:

1. Phases: the phase with the lowest average score, and any other phase averaging
   below 70, lowest first (at most 2).
2. Rubric items: the 3 items missed most often (ties: higher miss rate, then id).
3. Drill kinds: the kind with the lowest drill score, and any other below 70 (at most 2).

Nothing scoring 90 or more is called weak, even when it is the lowest.

The list keeps that order: phases, then rubric items, then drill kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.stats.aggregate import DrillStats, SessionStats

WEAK_BELOW = 70.0
STRONG_FROM = 90.0  # a lowest score this high is not a weakness
MAX_PHASES = 2
MAX_ITEMS = 3
MAX_KINDS = 2


@dataclass(frozen=True)
class WeakArea:
    area: str  # "phase", "rubric_item" or "drill_kind"
    id: str
    title: str
    score: float | None  # 0-100: phase average, share of sessions covering the item, drill score
    detail: str

    def to_json(self) -> dict[str, object]:
        return {
            "area": self.area,
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "detail": self.detail,
        }


def _lowest_and_weak(scored: list[tuple[float, int, str]], limit: int) -> list[tuple[float, str]]:
    """(score, name) of the lowest entry and any other below WEAK_BELOW; ties by position."""
    ordered = sorted(scored)
    kept = [
        (score, name)
        for i, (score, _, name) in enumerate(ordered)
        if (i == 0 and score < STRONG_FROM) or score < WEAK_BELOW
    ]
    return kept[:limit]


def weakest_areas(sessions: SessionStats, drills: DrillStats) -> list[WeakArea]:
    return [*_phases(sessions), *_items(sessions), *_kinds(drills)]


def _phases(sessions: SessionStats) -> list[WeakArea]:
    scored = [
        (p.average, i, p.phase.value)
        for i, p in enumerate(sessions.phases)
        if p.average is not None
    ]
    areas = []
    for average, name in _lowest_and_weak(scored, MAX_PHASES):
        stat = next(p for p in sessions.phases if p.phase.value == name)
        plural = "s" if stat.sessions != 1 else ""
        areas.append(
            WeakArea(
                "phase",
                name,
                stat.phase.title,
                average,
                f"average {average:.0f} over {stat.sessions} session{plural}",
            )
        )
    return areas


def _items(sessions: SessionStats) -> list[WeakArea]:
    areas = []
    for item in sessions.missed_items[:MAX_ITEMS]:
        covered = 100.0 * (item.seen - item.missed) / item.seen if item.seen else 0.0
        where = ", ".join(item.problems)
        areas.append(
            WeakArea(
                "rubric_item",
                item.id,
                item.title or item.hint or item.id,
                round(covered, 1),
                f"missed {item.missed} of {item.seen} in {item.phase.value} ({where})",
            )
        )
    return areas


def _kinds(drills: DrillStats) -> list[WeakArea]:
    scored = [(k.score, i, k.kind) for i, k in enumerate(drills.by_kind) if k.score is not None]
    areas = []
    for score, name in _lowest_and_weak(scored, MAX_KINDS):
        kind = next(k for k in drills.by_kind if k.kind == name)
        areas.append(
            WeakArea(
                "drill_kind",
                name,
                f"{name} drills",
                score,
                f"{score:.0f}% over {kind.answered} answer{'s' * (kind.answered != 1)},"
                f" {kind.missed} beyond 2x",
            )
        )
    return areas
