"""Where coach finds its bundled files and keeps the user's data.

`problems/` and `templates/` live at the top of the checkout. A built wheel
carries them as `coach/_bundled/...`; an editable install has no such copy,
so the lookup falls back to the checkout beside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE_DIR / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def problems_dir() -> Path:
    """The directory of the built-in problem specs."""
    return _bundled("problems")


def templates_dir() -> Path:
    """The directory of the built-in Jinja2 templates."""
    return _bundled("templates")


def data_home() -> Path:
    """The user's data directory: `$COACH_HOME`, else the platform's data dir."""
    override = os.environ.get("COACH_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("coach", appauthor=False)


def cache_home() -> Path:
    """Where coach keeps what it can rebuild: `$COACH_HOME/cache`, else the platform cache dir."""
    override = os.environ.get("COACH_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("coach", appauthor=False)


def database_path() -> Path:
    """The SQLite file that holds sessions and drills."""
    return data_home() / "coach.sqlite3"


def user_problem_dirs(env: dict[str, str] | None = None) -> list[Path]:
    """Directories named in `COACH_PROBLEMS_PATH` (os.pathsep-separated)."""
    env = dict(os.environ) if env is None else env
    raw = env.get("COACH_PROBLEMS_PATH", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
