"""Sessions and drills summed up: counts by day, averages per phase and per drill kind,
and the rubric items and drill questions missed most often."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from coach.drill.record import DrillRecord
from coach.drill.summary import KindSummary, day_streak, kind_summaries, runs
from coach.phases import PHASES, Phase
from coach.problems.model import Problem, plain_title
from coach.session.record import SessionRecord, Status


def local_day(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar day of `moment` in `tz` (None: the machine's local zone)."""
    return moment.astimezone(tz).date()


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class Day:
    day: date
    count: int
    average_score: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "count": self.count,
            "average_score": self.average_score,
        }


def by_day(items: Sequence[tuple[date, float | None]]) -> list[Day]:
    """Activity per calendar day, oldest first."""
    grouped: dict[date, list[float | None]] = defaultdict(list)
    for day, score in items:
        grouped[day].append(score)
    return [
        Day(day, len(scores), _mean([s for s in scores if s is not None]))
        for day, scores in sorted(grouped.items())
    ]


@dataclass(frozen=True)
class PhaseStat:
    phase: Phase
    sessions: int  # sessions with a result for this phase
    average: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "phase": self.phase.value,
            "title": self.phase.title,
            "sessions": self.sessions,
            "average": self.average,
        }


@dataclass(frozen=True)
class MissedItem:
    """A rubric item id across every session whose problem has it."""

    id: str
    phase: Phase
    missed: int
    seen: int
    problems: tuple[str, ...]  # where it was missed
    hint: str = ""
    title: str = ""  # what screens call it (the spec's title, else its hint shortened)

    @property
    def miss_rate(self) -> float:
        return self.missed / self.seen if self.seen else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "phase": self.phase.value,
            "missed": self.missed,
            "seen": self.seen,
            "problems": list(self.problems),
            "hint": self.hint,
            "title": self.title,
        }


@dataclass(frozen=True)
class ScorePoint:
    id: int | None
    day: date
    label: str  # the problem id, or the drill kind
    score: float

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "label": self.label,
            "score": self.score,
        }


@dataclass(frozen=True)
class SessionStats:
    count: int
    completed: int
    in_progress: int
    average_score: float | None
    scores: list[ScorePoint]  # scored sessions, oldest first: the trend
    by_day: list[Day]
    phases: list[PhaseStat]
    missed_items: list[MissedItem]  # most missed first
    tried: dict[str, int]  # problem id -> sessions

    def phase(self, phase: Phase) -> PhaseStat:
        return next(p for p in self.phases if p.phase is phase)

    def to_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "average_score": self.average_score,
            "scores": [s.to_json() for s in self.scores],
            "by_day": [d.to_json() for d in self.by_day],
            "average_per_phase": {p.phase.value: p.average for p in self.phases},
            "phases": [p.to_json() for p in self.phases],
            "most_missed": [m.to_json() for m in self.missed_items],
            "problems": dict(sorted(self.tried.items())),
        }


def session_stats(
    records: Sequence[SessionRecord], problems: Sequence[Problem], tz: tzinfo | None = None
) -> SessionStats:
    """Sum up `records`; `problems` supply rubric hints (a missing problem is fine)."""
    ordered = sorted(records, key=lambda r: r.created_at)
    scored = [r for r in ordered if r.score is not None]
    return SessionStats(
        count=len(ordered),
        completed=sum(r.status is Status.COMPLETED for r in ordered),
        in_progress=sum(r.status is Status.IN_PROGRESS for r in ordered),
        average_score=_mean([r.score for r in scored if r.score is not None]),
        scores=[
            ScorePoint(r.id, local_day(r.created_at, tz), r.problem_id, float(r.score or 0))
            for r in scored
        ],
        by_day=by_day([(local_day(r.created_at, tz), r.score) for r in ordered]),
        phases=[_phase_stat(ordered, phase) for phase in PHASES],
        missed_items=missed_items(ordered, problems),
        tried=dict(Counter(r.problem_id for r in ordered)),
    )


def _phase_stat(records: Sequence[SessionRecord], phase: Phase) -> PhaseStat:
    scores = [
        r.phases[phase].result.score  # type: ignore[union-attr]
        for r in records
        if phase in r.phases and r.phases[phase].result is not None
    ]
    return PhaseStat(phase, len(scores), _mean(scores))


def missed_items(records: Sequence[SessionRecord], problems: Sequence[Problem]) -> list[MissedItem]:
    """Rubric items by how often they were missed, most first (ties: miss rate, then id).

    Items are grouped by id across problems: ids such as `hot-keys` or `monitoring`
    name the same idea in several specs, which is what a learner wants to see.
    """
    rubric = {(p.id, item.id): item for p in problems for item in p.rubric.all_items()}
    seen: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    phase_of: dict[str, Phase] = {}
    where: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for phase, phase_record in record.phases.items():
            result = phase_record.result
            if result is None:
                continue
            for item in (*result.covered, *result.missed):
                seen[item] += 1
                phase_of.setdefault(item, phase)
            for item in result.missed:
                missed[item] += 1
                if record.problem_id not in where[item]:
                    where[item].append(record.problem_id)
    # The hint and title come from the first problem the item was missed in: one id can
    # carry a problem-specific hint ("a viral tweet") in each spec. An item no spec has
    # any more is named from its id, in words.
    items = []
    for i in missed:
        item = rubric.get((where[i][0], i))
        hint, title = (item.hint, item.display_title) if item else ("", plain_title(i))
        items.append(MissedItem(i, phase_of[i], missed[i], seen[i], tuple(where[i]), hint, title))
    return sorted(items, key=lambda m: (-m.missed, -m.miss_rate, m.id))


@dataclass(frozen=True)
class TemplateMiss:
    template: str
    answered: int
    missed: int  # further off than 2x

    def to_json(self) -> dict[str, object]:
        return {"template": self.template, "answered": self.answered, "missed": self.missed}


@dataclass(frozen=True)
class DrillStats:
    count: int
    answers: int
    average_score: float | None
    scores: list[ScorePoint]
    by_day: list[Day]
    by_kind: list[KindSummary]  # weakest first
    most_missed: list[TemplateMiss]
    best_run: int
    day_streak: int

    def to_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "answers": self.answers,
            "average_score": self.average_score,
            "scores": [s.to_json() for s in self.scores],
            "by_day": [d.to_json() for d in self.by_day],
            "by_kind": [k.to_json() for k in self.by_kind],
            "most_missed": [t.to_json() for t in self.most_missed],
            "best_run": self.best_run,
            "day_streak": self.day_streak,
        }


def drill_stats(
    records: Sequence[DrillRecord], today: date, tz: tzinfo | None = None
) -> DrillStats:
    """Sum up drills with at least one answer."""
    ordered = sorted((r for r in records if r.answers), key=lambda r: r.created_at)
    answers = [a for r in ordered for a in r.answers]
    kinds = sorted(kind_summaries(answers), key=lambda k: (k.score or 0.0, k.kind))
    templates: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        templates[answer.template][0] += 1
        templates[answer.template][1] += not answer.band.close
    misses = [TemplateMiss(t, n, m) for t, (n, m) in templates.items() if m]
    days = [local_day(r.created_at, tz) for r in ordered]
    return DrillStats(
        count=len(ordered),
        answers=len(answers),
        average_score=_mean([r.score for r in ordered if r.score is not None]),
        scores=[
            ScorePoint(r.id, local_day(r.created_at, tz), r.kind, float(r.score or 0))
            for r in ordered
        ],
        by_day=by_day([(local_day(r.created_at, tz), r.score) for r in ordered]),
        by_kind=kinds,
        most_missed=sorted(misses, key=lambda t: (-t.missed, -t.answered, t.template)),
        best_run=max((runs(r.answers)[1] for r in ordered), default=0),
        day_streak=day_streak(days, today),
    )
