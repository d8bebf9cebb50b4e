"""The next problem to practise, chosen from the user's weakest areas, with the reasons.

Every problem in the bank gets points, and the most points wins (ties: by id):

- 3 for each rubric item it shares with items the user missed on *other* problems
  (ids match ignoring a plural s: `hot-key` is `hot-keys`), so the advice carries a
  weak theme to a fresh problem rather than replaying the failed one;
- 2 for a problem never tried; for one tried before, 2 x (1 - best score / 100)
  minus 1 for each attempt: a low-scoring problem is worth a retry, a solved one not;
- 4 x the share of its rubric weight in the user's weakest phase;
- 1 for each tag shared with problems the user scored below 70 on;
- 1.5 for a difficulty that suits the average score (below 50: easy; 50-75: medium;
  above 75: hard), 0.5 for the one next to it.

The problem of the latest session is left out, so the advice moves on. With no
sessions yet, the advice is the easiest problem, to start gently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.phases import Phase
from coach.problems.model import Difficulty, Problem
from coach.session.record import SessionRecord
from coach.stats.aggregate import DrillStats, SessionStats

WEAK_SCORE = 70.0
_ORDER = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD]


@dataclass(frozen=True)
class Recommendation:
    problem: str
    title: str
    difficulty: str
    reasons: list[str]
    points: float
    drill: str | None = None  # the weakest drill kind, when there is one

    def to_json(self) -> dict[str, object]:
        return {
            "problem": self.problem,
            "title": self.title,
            "difficulty": self.difficulty,
            "command": f"coach practice {self.problem}",
            "reasons": self.reasons,
            "points": round(self.points, 2),
            "drill": self.drill,
            "drill_command": f"coach drill {self.drill}" if self.drill else None,
        }


@dataclass(frozen=True)
class _History:
    records: Sequence[SessionRecord]
    sessions: SessionStats
    tags: dict[str, list[str]]  # problem id -> tags, for every problem in the bank


def recommend(
    records: Sequence[SessionRecord],
    sessions: SessionStats,
    drills: DrillStats,
    problems: Sequence[Problem],
) -> Recommendation | None:
    """The best next problem, or None when the bank is empty."""
    if not problems:
        return None
    drill = drills.by_kind[0].kind if drills.by_kind else None
    if not records:
        first = min(
            problems, key=lambda p: (_ORDER.index(p.difficulty), len(p.rubric.all_items()), p.id)
        )
        reasons = ["no sessions yet: start with an easy problem and see where you stand"]
        return Recommendation(first.id, first.title, first.difficulty.value, reasons, 0.0, drill)
    history = _History(records, sessions, {p.id: list(p.tags) for p in problems})
    latest = max(records, key=lambda r: r.created_at).problem_id
    candidates = [p for p in problems if p.id != latest] or list(problems)
    # Sorting by id first makes the first of equal scores win under a stable max.
    scored = [_score(p, history) for p in sorted(candidates, key=lambda p: p.id)]
    best = max(scored, key=lambda s: s[0])
    points, problem, reasons = best
    return Recommendation(
        problem.id, problem.title, problem.difficulty.value, reasons, points, drill
    )


def _score(problem: Problem, history: _History) -> tuple[float, Problem, list[str]]:
    parts = [
        _missed_items(problem, history),
        _novelty(problem, history),
        _weak_phase(problem, history),
        _weak_tags(problem, history),
        _difficulty(problem, history),
    ]
    points = sum(p for p, _ in parts)
    reasons = [r for p, r in parts if r and p > 0]
    return points, problem, reasons


def theme(item_id: str) -> str:
    """A rubric id with plural words made singular: `hot-keys` -> `hot-key`."""
    words = item_id.split("-")
    return "-".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def _missed_items(problem: Problem, history: _History) -> tuple[float, str]:
    themes = {theme(item.id) for item in problem.rubric.all_items()}
    hits = [
        m
        for m in history.sessions.missed_items
        if theme(m.id) in themes and any(p != problem.id for p in m.problems)
    ]
    if not hits:
        return 0.0, ""
    named = ", ".join(f"{m.title or m.id} ({m.missed}x)" for m in hits[:3])
    more = f" and {len(hits) - 3} more" if len(hits) > 3 else ""
    return 3.0 * len(hits), f"practises rubric items you have missed: {named}{more}"


def _novelty(problem: Problem, history: _History) -> tuple[float, str]:
    scores = [r.score for r in history.records if r.problem_id == problem.id]
    if not scores:
        return 2.0, "you have not tried it yet"
    best = max((s for s in scores if s is not None), default=0.0)
    points = 2.0 * (1 - best / 100) - len(scores)
    return points, f"worth a retry: your best score on it is {best:.0f}"


def weakest_phase(sessions: SessionStats) -> tuple[Phase, float] | None:
    """The phase with the lowest average score (ties: the earlier phase), if any."""
    scored = [
        (p.average, i, p.phase) for i, p in enumerate(sessions.phases) if p.average is not None
    ]
    if not scored:
        return None
    average, _, phase = min(scored)
    return phase, average


def _weak_phase(problem: Problem, history: _History) -> tuple[float, str]:
    weakest = weakest_phase(history.sessions)
    if weakest is None:
        return 0.0, ""
    phase, average = weakest
    total = sum(item.weight for item in problem.rubric.all_items())
    share = sum(item.weight for item in problem.rubric.for_phase(phase)) / total if total else 0.0
    reason = (
        f"{share:.0%} of its rubric is in {phase.title.lower()}, "
        f"your weakest phase (average {average:.0f})"
    )
    return 4.0 * share, reason


def _weak_tags(problem: Problem, history: _History) -> tuple[float, str]:
    hard = {r.problem_id for r in history.records if r.score is not None and r.score < WEAK_SCORE}
    tags = {tag for problem_id in hard for tag in history.tags.get(problem_id, [])}
    shared = sorted(set(problem.tags) & tags)
    if not shared or problem.id in hard:
        return 0.0, ""
    return float(len(shared)), f"shares {', '.join(shared)} with problems you scored below 70 on"


def _difficulty(problem: Problem, history: _History) -> tuple[float, str]:
    average = history.sessions.average_score
    if average is None:
        return 0.0, ""
    suited = (
        Difficulty.EASY if average < 50 else Difficulty.MEDIUM if average <= 75 else Difficulty.HARD
    )
    gap = abs(_ORDER.index(problem.difficulty) - _ORDER.index(suited))
    if gap == 0:
        return 1.5, f"{problem.difficulty.value} suits your average score of {average:.0f}"
    return (0.5 if gap == 1 else 0.0), ""
