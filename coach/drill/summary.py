"""What a drill adds up to: points per kind, runs of close answers, the day streak."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.drill.record import DrillAnswer, DrillRecord
from coach.drill.scoring import MAX_POINTS, Band, percent


@dataclass(frozen=True)
class BandCounts:
    exact: int = 0
    within_2x: int = 0
    within_10x: int = 0
    off: int = 0

    @classmethod
    def of(cls, answers: Iterable[DrillAnswer]) -> BandCounts:
        counts = {band: 0 for band in Band}
        for answer in answers:
            counts[answer.band] += 1
        return cls(*(counts[band] for band in Band))

    def get(self, band: Band) -> int:
        return int(getattr(self, band.value))

    def to_json(self) -> dict[str, int]:
        return {band.value: self.get(band) for band in Band}


@dataclass(frozen=True)
class KindSummary:
    kind: str
    answered: int
    points: int
    bands: BandCounts

    @property
    def score(self) -> float | None:
        return percent(self.points, self.answered)

    @property
    def missed(self) -> int:
        """Answers further off than 2x."""
        return self.bands.within_10x + self.bands.off

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "answered": self.answered,
            "points": self.points,
            "max_points": MAX_POINTS * self.answered,
            "score": self.score,
            "missed": self.missed,
            "bands": self.bands.to_json(),
        }


def kind_summaries(answers: Sequence[DrillAnswer]) -> list[KindSummary]:
    """One summary per kind that has answers, in the order kinds first appear."""
    kinds = list(dict.fromkeys(a.kind for a in answers))
    result = []
    for kind in kinds:
        mine = [a for a in answers if a.kind == kind]
        result.append(
            KindSummary(kind, len(mine), sum(a.points for a in mine), BandCounts.of(mine))
        )
    return result


def runs(answers: Sequence[DrillAnswer]) -> tuple[int, int]:
    """(current, best) runs of consecutive answers within 2x."""
    current = best = 0
    for answer in answers:
        current = current + 1 if answer.band.close else 0
        best = max(best, current)
    return current, best


def day_streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with practice, ending today (or yesterday: today is not over)."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    streak = 0
    while day in practised:
        streak += 1
        day -= timedelta(days=1)
    return streak


@dataclass(frozen=True)
class DrillSummary:
    answered: int
    planned: int
    points: int
    bands: BandCounts
    by_kind: list[KindSummary]
    current_run: int
    best_run: int
    day_streak: int = 0

    @property
    def score(self) -> float | None:
        return percent(self.points, self.answered)

    def to_json(self) -> dict[str, object]:
        return {
            "answered": self.answered,
            "planned": self.planned,
            "points": self.points,
            "max_points": MAX_POINTS * self.answered,
            "score": self.score,
            "bands": self.bands.to_json(),
            "by_kind": [k.to_json() for k in self.by_kind],
        }

    def streak_json(self) -> dict[str, int]:
        return {
            "current_run": self.current_run,
            "best_run": self.best_run,
            "days": self.day_streak,
        }


def summarise(record: DrillRecord, *, day_streak: int = 0) -> DrillSummary:
    """The end-of-drill summary; `day_streak` comes from the store (see `day_streak`)."""
    current, best = runs(record.answers)
    return DrillSummary(
        answered=len(record.answers),
        planned=record.count,
        points=record.points,
        bands=BandCounts.of(record.answers),
        by_kind=kind_summaries(record.answers),
        current_run=current,
        best_run=best,
        day_streak=day_streak,
    )


def result_json(record: DrillRecord, summary: DrillSummary) -> dict[str, object]:
    """`coach drill --json`: the drill, every answered question, the summary, the streaks."""
    return {
        "drill": {
            "id": record.id,
            "kind": record.kind,
            "seed": record.seed,
            "count": record.count,
            "status": record.status.value,
            "created_at": record.created_at.isoformat(),
        },
        "questions": [a.model_dump(mode="json") for a in record.answers],
        "summary": summary.to_json(),
        "streak": summary.streak_json(),
    }
