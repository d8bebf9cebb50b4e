"""Writing user files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from coach.errors import CoachError


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file and a rename.

    Refuses to replace an existing file unless `force` is set. The file gets the
    permissions an ordinary write would (0666 less the umask), not the 0600 that
    `mkstemp` gives its temporary file.
    """
    if path.is_dir():  # before the --force advice: --force cannot replace a directory
        raise CoachError(f"{path} is a directory: give a file name")
    if path.exists() and not force:
        raise CoachError(f"{path} already exists (use --force to overwrite it)")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _ordinary_mode())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _ordinary_mode() -> int:
    """0666 less the process umask (read without changing it for good)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
