"""The bank's index: each problem's id, title, difficulty, tags and minutes, cheaply.

`coach list` needs only these. Reading them from the specs means parsing YAML
and building the pydantic model of every problem, which takes several times
longer than starting coach, so the built-in problems' summaries come from a
cache (`coach.problems.cache`) that is rebuilt whenever a built-in spec, or
coach itself, changes. User specs (`--problems-dir`, COACH_PROBLEMS_PATH)
are read and validated on every run, as the full bank reads them, so a broken
one is reported at its line exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import paths
from coach.errors import CoachError, CoachErrors, did_you_mean

if TYPE_CHECKING:
    from coach.problems.model import Problem


@dataclass(frozen=True)
class Summary:
    """What a listing shows of one problem, and the file it comes from."""

    id: str
    title: str
    difficulty: str
    tags: tuple[str, ...]
    minutes: int
    summary: str
    path: Path

    @classmethod
    def of(cls, problem: Problem, path: Path) -> Summary:
        return cls(
            id=problem.id,
            title=problem.title,
            difficulty=problem.difficulty.value,
            tags=tuple(problem.tags),
            minutes=problem.minutes.total,
            summary=problem.summary,
            path=path,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "minutes": self.minutes,
            "summary": self.summary,
            "path": str(self.path),
        }

    @classmethod
    def from_json(cls, data: Any) -> Summary:
        """The summary stored by `to_json`; `ValueError` for anything else."""
        if not isinstance(data, dict):
            raise ValueError("a summary is an object")
        texts = [data.get(key) for key in ("id", "title", "difficulty", "summary", "path")]
        tags, minutes = data.get("tags"), data.get("minutes")
        if not all(isinstance(t, str) for t in texts) or not isinstance(tags, list):
            raise ValueError("a summary's texts are strings and its tags a list")
        if not all(isinstance(t, str) for t in tags) or type(minutes) is not int:
            raise ValueError("tags are strings and minutes a whole number")
        problem_id, title, difficulty, summary, path = texts
        return cls(problem_id, title, difficulty, tuple(tags), minutes, summary, Path(path))


@dataclass
class BankIndex:
    """Every known problem's summary, by id."""

    summaries: dict[str, Summary]
    builtin_ids: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Summary]:
        """All summaries, sorted by id."""
        return [self.summaries[key] for key in sorted(self.summaries)]

    def get(self, problem_id: str) -> Summary:
        """The summary with this id; an unknown id is a `CoachError` with a suggestion."""
        key = problem_id.strip().lower()
        if key not in self.summaries:
            raise unknown_problem(problem_id, self.summaries)
        return self.summaries[key]

    def is_builtin(self, problem_id: str) -> bool:
        return problem_id in self.builtin_ids

    def tags(self) -> list[str]:
        """Every tag used by some problem, sorted."""
        return sorted({tag for p in self.summaries.values() for tag in p.tags})


def unknown_problem(problem_id: str, known: Sequence[str] | Mapping[str, object]) -> CoachError:
    """The error for an id no problem has, naming the closest one."""
    if not known:
        return CoachError(f"unknown problem '{problem_id}': no problems are installed")
    hint = did_you_mean(problem_id, known)
    return CoachError(f"unknown problem '{problem_id}'{hint}; 'coach list' shows them all")


def replacement_notice(problem_id: str, path: Path) -> str:
    return f"user problem '{problem_id}' from {path} replaces the built-in one"


def load_index(
    extra_dirs: Sequence[Path] = (),
    *,
    builtin_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    cache_dir: Path | None = None,
) -> BankIndex:
    """The index of the bank `coach.problems.bank.load_bank` would load, with the same errors.

    Built-in summaries come from the cache in `cache_dir` (default: coach's
    cache directory) when it is fresh; user specs are always validated.
    """
    from coach.problems import cache

    builtin_dir = paths.problems_dir() if builtin_dir is None else builtin_dir
    cache_dir = paths.cache_home() if cache_dir is None else cache_dir
    builtin, errors = cache.builtin_summaries(builtin_dir, cache_dir)
    user, user_errors = _user_summaries(extra_dirs, env)
    if errors or user_errors:
        raise CoachErrors(errors + user_errors)
    return merge(builtin, user)


def _user_summaries(
    extra_dirs: Sequence[Path], env: Mapping[str, str] | None
) -> tuple[list[Summary], list[CoachError]]:
    env_dirs = paths.user_problem_dirs(dict(env) if env is not None else None)
    if not extra_dirs and not env_dirs:
        return [], []
    from coach.problems.bank import collect

    origins = ["--problems-dir"] * len(extra_dirs) + ["COACH_PROBLEMS_PATH"] * len(env_dirs)
    specs, errors = collect([*extra_dirs, *env_dirs], origins=origins)
    return [Summary.of(s.problem, s.path) for s in specs], errors


def merge(builtin: Sequence[Summary], user: Sequence[Summary]) -> BankIndex:
    """Built-in summaries overlaid with user ones (same id: user wins, with a notice)."""
    summaries = {s.id: s for s in builtin}
    notices = [replacement_notice(s.id, s.path) for s in user if s.id in summaries]
    summaries.update((s.id, s) for s in user)
    builtin_ids = frozenset(s.id for s in builtin) - {s.id for s in user}
    return BankIndex(summaries=summaries, builtin_ids=builtin_ids, notices=notices)
