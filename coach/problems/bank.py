"""The problem bank: the built-in specs plus the user's own.

User specs come from `--problems-dir` and `COACH_PROBLEMS_PATH`. A user spec
with a built-in id replaces the built-in one (with a notice), so a user can
adjust a problem without forking coach. Two specs with one id inside the
built-in set, or inside the user set, are an error: which one wins would
otherwise depend on file order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coach import paths
from coach.errors import CoachError, CoachErrors
from coach.problems.files import SPEC_SUFFIXES, spec_files
from coach.problems.index import replacement_notice, unknown_problem
from coach.problems.loader import LoadedSpec, read_spec
from coach.problems.model import Problem


@dataclass
class Bank:
    """Every known problem, by id."""

    specs: dict[str, LoadedSpec]
    builtin_ids: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """All problems, sorted by id."""
        return [self.specs[key].problem for key in sorted(self.specs)]

    def get(self, problem_id: str) -> Problem:
        """The problem with this id; an unknown id is a `CoachError` with a suggestion."""
        return self.spec(problem_id).problem

    def spec(self, problem_id: str) -> LoadedSpec:
        """The problem with this id and the file it came from."""
        key = problem_id.strip().lower()
        if key in self.specs:
            return self.specs[key]
        raise unknown_problem(problem_id, self.specs)

    def is_builtin(self, problem_id: str) -> bool:
        return problem_id in self.builtin_ids

    def tags(self) -> list[str]:
        """Every tag used by some problem, sorted."""
        return sorted({tag for p in self.problems for tag in p.tags})


def gather(sources: Sequence[Path], *, origins: Sequence[str | None] = ()) -> list[LoadedSpec]:
    """Read every spec under `sources` (files or directories) as one set.

    All errors of all files are raised together as `CoachErrors`.
    """
    specs, errors = collect(sources, origins=origins)
    if errors:
        raise CoachErrors(errors)
    return specs


def collect(
    sources: Sequence[Path], *, origins: Sequence[str | None] = ()
) -> tuple[list[LoadedSpec], list[CoachError]]:
    """The valid specs under `sources`, and every error found on the way.

    An id defined by two files is an error at the second. `origins[i]` names
    where `sources[i]` came from (a flag, a variable) for when it is missing.
    """
    specs: list[LoadedSpec] = []
    errors: list[CoachError] = []
    first: dict[str, LoadedSpec] = {}
    for i, source in enumerate(sources):
        try:
            files = spec_files(source)
        except CoachError as exc:
            errors.append(_with_origin(exc, origins[i] if i < len(origins) else None))
            continue
        for path in files:
            try:
                spec = read_spec(path)
            except CoachErrors as exc:
                errors.extend(exc.errors)
                continue
            except CoachError as exc:
                errors.append(exc)
                continue
            earlier = first.setdefault(spec.problem.id, spec)
            if earlier is not spec:
                errors.append(_duplicate(spec, earlier))
                continue
            specs.append(spec)
    return specs, errors


def _duplicate(spec: LoadedSpec, earlier: LoadedSpec) -> CoachError:
    line, _ = earlier.doc.position(("id",))
    return spec.doc.error(
        f"problem id '{spec.problem.id}' is already used by {earlier.path}:{line}", ("id",)
    )


def _with_origin(exc: CoachError, origin: str | None) -> CoachError:
    if origin is None:
        return exc
    return CoachError(f"{exc.message} (named in {origin})", path=exc.path)


def load_bank(
    extra_dirs: Sequence[Path] = (),
    *,
    builtin_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Bank:
    """The built-in problems, then `extra_dirs`, then `COACH_PROBLEMS_PATH`'s directories.

    Any error in any spec is raised (all of them, as `CoachErrors`).
    """
    loaded, errors = collect_bank(extra_dirs, builtin_dir=builtin_dir, env=env)
    if errors:
        raise CoachErrors(errors)
    return loaded


def collect_bank(
    extra_dirs: Sequence[Path] = (),
    *,
    builtin_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[Bank, list[CoachError]]:
    """The bank of every valid spec, and every error found (for `coach validate`)."""
    builtin_dir = paths.problems_dir() if builtin_dir is None else builtin_dir
    builtin, errors = _builtin_specs(builtin_dir)
    env_dirs = paths.user_problem_dirs(dict(env) if env is not None else None)
    origins = ["--problems-dir"] * len(extra_dirs) + ["COACH_PROBLEMS_PATH"] * len(env_dirs)
    user, user_errors = collect([*extra_dirs, *env_dirs], origins=origins)
    return merge(builtin, user), errors + user_errors


def _builtin_specs(directory: Path) -> tuple[list[LoadedSpec], list[CoachError]]:
    if not directory.is_dir():
        return [], [CoachError("the built-in problems directory is missing", path=directory)]
    if not any(p.suffix in SPEC_SUFFIXES for p in directory.iterdir()):
        return [], []
    return collect([directory])


def merge(builtin: Sequence[LoadedSpec], user: Sequence[LoadedSpec]) -> Bank:
    """A bank of `builtin` specs overlaid with `user` ones (same id: user wins)."""
    specs = {s.problem.id: s for s in builtin}
    notices: list[str] = []
    for spec in user:
        if spec.problem.id in specs:
            notices.append(replacement_notice(spec.problem.id, spec.path))
        specs[spec.problem.id] = spec
    replaced = {s.problem.id for s in user}
    builtin_ids = frozenset(s.problem.id for s in builtin) - replaced
    return Bank(specs=specs, builtin_ids=builtin_ids, notices=notices)
