"""Benchmark: how long scoring a whole session takes, beside loading the problem.

Not a test (pytest does not collect bench_*.py): speed is measured here, never
asserted in the suite. Run it with

    .venv/bin/python tests/benchmarks/bench_scoring.py [--repeat N]

For a fresh copy of problems/twitter.yaml each time (a new problem object:
its matcher is built anew; the word stemmer's cache is process-wide and warm
after the first run), it times loading and validating the spec, building the
matcher, and scoring the strong answers file (`finalize` then `scorecard`),
and prints the median of each with its ratio to loading the spec, measured
side by side in one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "session_scoring")]

from session_scoring_helpers import load_answers, record_from_answers  # noqa: E402

from coach.problems.model import Problem  # noqa: E402
from coach.scoring.matching import matcher_for  # noqa: E402
from coach.session.feedback import scorecard  # noqa: E402
from coach.session.scoring import finalize  # noqa: E402

TWITTER = ROOT / "problems" / "twitter.yaml"


def once() -> tuple[float, float, float]:
    """Seconds to load the spec, build its matcher, and score a strong session."""
    start = time.perf_counter()
    problem = Problem.model_validate(yaml.safe_load(TWITTER.read_text(encoding="utf-8")))
    loaded = time.perf_counter()
    matcher_for(problem)
    built = time.perf_counter()
    fresh = Problem.model_validate(yaml.safe_load(TWITTER.read_text(encoding="utf-8")))
    record = record_from_answers(fresh, load_answers("twitter-strong.yaml"), "edit-tweet")
    scoring = time.perf_counter()
    finalize(fresh, record)
    scorecard(fresh, record)
    done = time.perf_counter()
    return loaded - start, built - loaded, done - scoring


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    runs = [once() for _ in range(args.repeat)]
    load, build, score = (statistics.median(column) for column in zip(*runs, strict=True))
    print(f"median of {args.repeat} runs, each on a fresh problem object:")
    for label, seconds in (
        ("load and validate twitter.yaml", load),
        ("build its matcher", build),
        ("score a strong session (finalize, scorecard)", score),
    ):
        print(f"  {label:<46} {seconds * 1000:8.1f} ms   {seconds / load:5.1f}x loading")


if __name__ == "__main__":
    main()
