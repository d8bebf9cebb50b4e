"""A cache of the built-in problems' summaries, trusted only while nothing it came from changed.

The cache file records a key: coach's version, a fingerprint of coach's own
source files, the problems directory, and for each spec file its name, size,
modification time (ns) and a CRC of its bytes. The key is computed before
the specs are read, so an edit made while the cache is being built leaves a
key that no longer matches; any difference at all means the specs are read
and validated again and the cache is rewritten. A file that is unreadable,
not JSON or not in the expected shape is a miss, never an error, and a
cache that cannot be written is simply not written. Writes go through a
temporary file and a rename, so two coach processes racing each leave a
whole file, and a reader sees either the old one or the new one.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import CoachError
from coach.problems.files import SPEC_SUFFIXES, directory_specs
from coach.problems.index import Summary

FORMAT = 1
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_summaries(directory: Path, cache_dir: Path) -> tuple[list[Summary], list[CoachError]]:
    """The summaries of the specs in `directory`, from the cache when it is fresh.

    Errors are those the full bank reports for the built-in directory.
    """
    if not directory.is_dir():
        return [], [CoachError("the built-in problems directory is missing", path=directory)]
    if not any(p.suffix in SPEC_SUFFIXES for p in directory.iterdir()):
        return [], []
    key = cache_key(directory, directory_specs(directory))
    path = cache_file(cache_dir, directory)
    cached = read(path, key)
    if cached is not None:
        return cached, []
    from coach.problems.bank import collect

    specs, errors = collect([directory])
    summaries = [Summary.of(s.problem, s.path) for s in specs]
    if not errors:
        write(path, key, summaries)
    return summaries, errors


def cache_file(cache_dir: Path, directory: Path) -> Path:
    """One cache file per problems directory (several installs may share a cache dir)."""
    return cache_dir / f"problems-{zlib.crc32(str(directory).encode()):08x}.json"


def cache_key(directory: Path, files: list[Path]) -> dict[str, Any]:
    """Everything the summaries depend on, as JSON values."""
    return {
        "format": FORMAT,
        "coach": __version__,
        "code": code_fingerprint(),
        "directory": str(directory),
        "files": [_file_key(path) for path in files],
    }


def _file_key(path: Path) -> list[Any]:
    stat = path.stat()
    return [path.name, stat.st_size, stat.st_mtime_ns, zlib.crc32(path.read_bytes())]


def code_fingerprint() -> int:
    """A CRC of the size and modification time of every module of coach.

    A released coach never changes under one version number, but a checkout
    does: a change to the spec model must not leave summaries it would reject.
    """
    entries = []
    for folder, subfolders, names in os.walk(_PACKAGE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                entries.append(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return zlib.crc32("\n".join(entries).encode())


def read(path: Path, key: dict[str, Any]) -> list[Summary] | None:
    """The cached summaries if the file holds them under exactly `key`, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        problems = data.get("problems")
        if not isinstance(problems, list):
            return None
        return [Summary.from_json(item) for item in problems]
    except (OSError, UnicodeDecodeError, ValueError):  # JSONDecodeError is a ValueError
        return None


def write(path: Path, key: dict[str, Any], summaries: list[Summary]) -> None:
    """Store the summaries under `key`, atomically; a failure only means no cache."""
    from coach.fileio import write_atomic

    text = json.dumps({"key": key, "problems": [s.to_json() for s in summaries]}, indent=1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text + "\n", force=True)
    except (OSError, CoachError):
        pass
