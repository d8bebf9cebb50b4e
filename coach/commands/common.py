"""What command modules share: global state from the root flags, option bundles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from coach.problems.bank import Bank
    from coach.problems.index import BankIndex, Summary
    from coach.problems.loader import LoadedSpec
    from coach.problems.model import Problem


@dataclass
class AppState:
    problem_dirs: list[Path] = field(default_factory=list)


STATE = AppState()


def configure(problem_dirs: list[Path]) -> None:
    """Called by the root callback with the global flags."""
    STATE.problem_dirs = problem_dirs


JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def bank() -> Bank:
    """The problem bank: built-in specs plus --problems-dir and COACH_PROBLEMS_PATH.

    Notices (a user spec replacing a built-in one) go to stderr.
    """
    from coach.problems.bank import load_bank
    from coach.ui import console

    loaded = load_bank(STATE.problem_dirs)
    for message in loaded.notices:
        console.notice(message)
    return loaded


def index() -> BankIndex:
    """What `bank()` would list, without reading the built-in specs when their cache is fresh.

    User specs are validated as `bank()` validates them; notices go to stderr.
    """
    from coach.problems.index import load_index

    loaded = load_index(STATE.problem_dirs)
    if loaded.notices:
        from coach.ui import console

        for message in loaded.notices:
            console.notice(message)
    return loaded


def problem(problem_id: str) -> Problem:
    """One problem by id; an unknown id raises a CoachError with 'did you mean'."""
    return spec(problem_id).problem


def spec(problem_id: str) -> LoadedSpec:
    """One problem and its file, reading only that spec: the index knows the others."""
    return read(index().get(problem_id))


def read(entry: Summary) -> LoadedSpec:
    """The spec behind an index entry, read and validated."""
    from coach.problems.loader import read_spec

    loaded = read_spec(entry.path)
    if loaded.problem.id != entry.id:  # the file was edited since it was indexed
        return bank().spec(entry.id)
    return loaded
