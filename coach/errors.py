"""The project's exceptions and exit codes.

Every error a user can cause is a `CoachError`: it carries the exit code and,
where there is a file, the place in it, so the CLI can print one line of the
form `FILE:LINE:COL: message` and exit without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """The exit codes users and scripts can rely on (see docs in README)."""

    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


class CoachError(Exception):
    """An error the user can fix: bad input, a bad file, an unknown name."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """`FILE:LINE:COL` (as much of it as is known), or an empty string."""
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        if self.path is None:
            return ""
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class CoachErrors(CoachError):
    """Several errors found in one pass (for example every error in a spec file)."""

    def __init__(self, errors: Iterable[CoachError]) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else CoachError("no errors")
        super().__init__(first.message, path=first.path, line=first.line, column=first.column)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class Interrupted(CoachError):
    """The user pressed Ctrl-C or closed the terminal; their work is saved."""

    exit_code = ExitCode.INTERRUPTED


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 70.0) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string.

    Words under three letters match too much by chance to suggest anything.
    """
    from rapidfuzz import fuzz, process, utils

    if len(word.strip()) < 3:
        return ""
    best = process.extractOne(
        word, list(choices), scorer=fuzz.WRatio, processor=utils.default_process
    )
    if best is None or best[1] < cutoff:
        return ""
    return f" (did you mean '{best[0]}'?)"
