"""Everything `coach stats` shows, built from the stored history in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from coach.drill.record import DrillRecord
from coach.problems.model import Problem
from coach.session.record import SessionRecord
from coach.stats.aggregate import DrillStats, SessionStats, drill_stats, session_stats
from coach.stats.recommend import Recommendation, recommend
from coach.stats.weakest import WeakArea, weakest_areas


@dataclass(frozen=True)
class StatsReport:
    today: date
    sessions: SessionStats
    drills: DrillStats
    weakest: list[WeakArea]
    recommendation: Recommendation | None

    @property
    def empty(self) -> bool:
        """No session and no answered drill yet: the first run."""
        return self.sessions.count == 0 and self.drills.count == 0

    def to_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "empty": self.empty,
            "sessions": self.sessions.to_json(),
            "drills": self.drills.to_json(),
            "weakest": [w.to_json() for w in self.weakest],
            "recommendation": self.recommendation.to_json() if self.recommendation else None,
        }


def build_report(
    sessions: Sequence[SessionRecord],
    drills: Sequence[DrillRecord],
    problems: Sequence[Problem],
    today: date,
    tz: tzinfo | None = None,
) -> StatsReport:
    """The whole report; `today` and `tz` decide calendar days and the day streak."""
    session_part = session_stats(sessions, problems, tz)
    drill_part = drill_stats(drills, today, tz)
    return StatsReport(
        today=today,
        sessions=session_part,
        drills=drill_part,
        weakest=weakest_areas(session_part, drill_part),
        recommendation=recommend(sessions, session_part, drill_part, problems),
    )
