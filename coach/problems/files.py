"""Which files are problem specs (no parsing here, so listing them costs nothing to import)."""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachError

SPEC_SUFFIXES = (".yaml", ".yml")


def spec_files(path: Path) -> list[Path]:
    """The spec files at `path`: the file itself, or a directory's *.yaml and *.yml."""
    if path.is_dir():
        found = directory_specs(path)
        if not found:
            raise CoachError("no *.yaml or *.yml problem specs in this directory", path=path)
        return found
    if not path.exists():
        raise CoachError("no such file or directory", path=path)
    return [path]


def directory_specs(directory: Path) -> list[Path]:
    """A directory's spec files, sorted by name (hidden files left out)."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in SPEC_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )
