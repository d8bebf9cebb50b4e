"""Benchmark: how fast coach starts, against a bare `import typer` in the same run.

Not a test (pytest does not collect bench_*.py). Run it with

    .venv/bin/python tests/benchmarks/bench_startup.py [--repeat N] [--coach PATH]

Each repetition runs every command once, one after another (interleaved), so
a busy machine slows all of them alike; the table shows each command's median
wall time and its ratio to `python -c "import typer"`. `coach --help` and
`coach list` have a target of 1.6x; `coach show twitter` and `coach validate`
are there for reference, and so is `coach list` with its bank cache removed
before every run (what the first run after an install or an edit costs).

The commands run with fresh data and cache directories (the XDG ones on
Linux, else COACH_HOME), COLUMNS=80 and NO_COLOR=1, output thrown away, and
bytecode written as Python does by default. One untimed run of each comes
first. Every run must exit 0, or the benchmark stops and says which did not.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.6


def coach_command(given: str | None) -> list[str]:
    """The installed `coach` script beside this Python, else `python -m coach`."""
    if given:
        return [given]
    script = Path(sys.executable).with_name("coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coach"]


def rows(coach: list[str]) -> list[tuple[str, list[str], bool]]:
    """(label, argv, clear the cache first) for each measured command."""
    return [
        ('python -c "import typer"', [sys.executable, "-c", "import typer"], False),
        ("coach --help", [*coach, "--help"], False),
        ("coach list", [*coach, "list"], False),
        ("coach show twitter", [*coach, "show", "twitter"], False),
        ("coach validate", [*coach, "validate"], False),
        ("coach list (no cache)", [*coach, "list"], True),
    ]


def run_once(argv: list[str], env: dict[str, str], cache: Path | None) -> float:
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def environment(home: Path) -> tuple[dict[str, str], Path]:
    """The commands' environment, and the cache directory coach will use in it."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    for name in ("COACH_HOME", "COACH_PROBLEMS_PATH"):
        env.pop(name, None)
    # Python's default: the warm-up run leaves bytecode, as an installed wheel has it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if sys.platform.startswith("linux"):  # the platform's own dirs, as a user has them
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[name] = str(home / name.lower())
        return env, home / "xdg_cache_home" / "coach"
    env["COACH_HOME"] = str(home)  # elsewhere the user's own dirs would be touched
    return env, home / "cache"


def measure(repeat: int, coach: list[str]) -> dict[str, list[float]]:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env, cache = environment(home)
    table = rows(coach)
    times: dict[str, list[float]] = {label: [] for label, _, _ in table}
    try:
        for _label, argv, clear in table:  # warm up: caches built, files in the page cache
            run_once(argv, env, cache if clear else None)
        for _ in range(repeat):
            for label, argv, clear in table:
                times[label].append(run_once(argv, env, cache if clear else None))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return times


def report(times: dict[str, list[float]], repeat: int) -> None:
    labels = list(times)
    base = statistics.median(times[labels[0]])
    print(f"coach start-up, median of {repeat} interleaved runs")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print()
    print(f"{'command':28} {'median':>9} {'ratio':>7}  target")
    for label in labels:
        median = statistics.median(times[label])
        ratio = median / base
        target = ""
        if label in ("coach --help", "coach list"):
            verdict = "met" if ratio <= TARGET else "MISSED"
            target = f"{TARGET:g}x {verdict}"
        print(f"{label:28} {median * 1000:7.1f}ms {ratio:6.2f}x  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", "-n", type=int, default=21, help="runs of each command")
    parser.add_argument("--coach", help="the coach executable (default: the one beside python)")
    args = parser.parse_args()
    report(measure(args.repeat, coach_command(args.coach)), args.repeat)


if __name__ == "__main__":
    main()
