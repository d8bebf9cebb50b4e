"""Mutation probe: does the suite catch known mistakes in the core logic?

Not a test (pytest collects test_*.py and *_test.py only). Run it with

    .venv/bin/python tests/mutation_probe.py            # every mutant
    .venv/bin/python tests/mutation_probe.py calc-      # the mutants whose names start so
    .venv/bin/python tests/mutation_probe.py --list

It copies the checkout (the working tree as it is, uncommitted edits included)
to a temporary directory, checks that the tests it will use pass there, then
applies each mutant below on its own to that copy, never to the working tree:
one wrong change, the mutant's tests (`pytest -x`), the change undone. It
prints caught or survived per mutant and exits 1 if any survived, 2 if a
mutant no longer fits the code.

Each mutant is data: a file, a snippet that must occur exactly once in it, its
replacement, the tests to run, and why the change is wrong. When code moves,
update the snippet; the probe refuses to run, naming the mutant, when a
snippet is missing or ambiguous rather than skipping it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache", "*.pyc"
)
SCORING = ("tests/session_scoring",)
SIMULATION = ("tests/simulate", "tests/problems/test_problems_reference_designs.py")


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    snippet: str
    replacement: str
    tests: tuple[str, ...]
    why: str


MUTANTS = [
    Mutant(
        "calc-plus-minus-right-to-left",
        "coach/estimate/parser.py",
        "            right = self.term()\n",
        "            right = self.expr()\n",
        ("tests/estimate",),
        "+ and - group right to left: 10 - 3 + 2 gives 5, 1 GB - 200 MB - 300 MB gives 1.1 GB",
    ),
    Mutant(
        "calc-power-refuses-chains",
        "coach/estimate/parser.py",
        "        exponent = self.unary()\n",
        "        exponent = self.postfix()\n",
        ("tests/estimate",),
        "^ is no longer right-associative: 2^3^2 and 10^-3 are refused",
    ),
    Mutant(
        "checker-tolerance-one-sided",
        "coach/estimate/checker.py",
        "0 < ratio < math.inf and abs(math.log(ratio)) <= math.log(tolerance)",
        "0 < ratio < math.inf and math.log(ratio) <= math.log(tolerance)",
        ("tests/estimate",),
        "any estimate that is too low passes the tolerance check",
    ),
    Mutant(
        "queueing-erlang-c-is-erlang-b",
        "coach/simulate/queueing.py",
        "    return c * b / (c - a * (1.0 - b))",
        "    return b",
        SIMULATION,
        "the probability of waiting is taken as Erlang B (blocking), not Erlang C",
    ),
    Mutant(
        "queueing-service-variability-ignored",
        "coach/simulate/analytic.py",
        "    cs2 = service_scv(comp.service_ms)",
        "    cs2 = 1.0",
        SIMULATION,
        "Allen-Cunneen's cs^2 forced to 1 (per-node and shared queues): constant and "
        "lognormal service queue as if exponential",
    ),
    Mutant(
        "utilisation-per-node-not-per-slot",
        "coach/simulate/report.py",
        "utilization = min(busy[i] / (node_ms * st.concurrency), 1.0)",
        "utilization = min(busy[i] / node_ms, 1.0)",
        SIMULATION,
        "utilisation counts a node's busy slots against one slot: 16 slots read up to 16x",
    ),
    Mutant(
        "utilisation-counts-down-nodes",
        "coach/simulate/report.py",
        "node_ms = max(st.nodes * window - (lost[i] if lost else 0.0), 1e-9)",
        "node_ms = max(st.nodes * window, 1e-9)",
        SIMULATION,
        "time a node is down still counts as capacity: utilisation under a fault is understated",
    ),
    Mutant(
        "score-empty-phase-counts-as-zero",
        "coach/session/scoring.py",
        "        if result.items:\n            parts.append(result.score)",
        "        parts.append(result.score)",
        SCORING,
        "a phase with no rubric items counts as a 0 in the overall score",
    ),
    Mutant(
        "score-divides-by-at-least-four",
        "coach/session/scoring.py",
        "    rubric = sum(parts) / len(parts) if parts else 0.0",
        "    rubric = sum(parts) / max(len(parts), 4) if parts else 0.0",
        SCORING,
        "the overall score divides by four phases even when fewer had anything to score",
    ),
    Mutant(
        "matching-negation-crosses-clauses",
        "coach/scoring/negation.py",
        '        if token.boundary == "|" or token.word in TERMINATORS:\n            break\n'
        '        if token.word in ("and", "or")',
        '        if token.boundary == "|":\n            break\n'
        '        if token.word in ("and", "or")',
        SCORING,
        "a negation reaches past a word that ends its clause: in 'we won't shard, but a "
        "cache helps' the cache no longer counts",
    ),
]


def check_fits(mutants: list[Mutant]) -> list[str]:
    """Why each mutant that no longer fits the code does not (empty when all fit)."""
    problems = []
    for m in mutants:
        path = ROOT / m.file
        if not path.is_file():
            problems.append(f"{m.name}: {m.file} does not exist")
            continue
        count = path.read_text(encoding="utf-8").count(m.snippet)
        if count != 1:
            found = "is not in" if count == 0 else f"occurs {count} times in"
            problems.append(f"{m.name}: its snippet {found} {m.file}: update the mutant")
    return problems


def pytest_in(copy: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )


def summary(ran: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in ran.stdout.splitlines() if line.strip()]
    return lines[-1].strip("= ") if lines else ran.stderr.strip()[-200:]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only mutants whose names start so")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.names or m.name.startswith(tuple(args.names))]
    if args.list:
        for m in chosen:
            print(f"{m.name:40} {m.file}\n    {m.why}\n    tests: {' '.join(m.tests)}")
        return 0
    if not chosen:
        print(f"mutation_probe: no mutant is named {' or '.join(args.names)}", file=sys.stderr)
        return 2
    problems = check_fits(chosen)
    if problems:
        for problem in problems:
            print(f"mutation_probe: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="coach-mutants-") as tmp:
        copy = Path(tmp) / "coach-checkout"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
        tests = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
        baseline = pytest_in(copy, tests)
        if baseline.returncode != 0:
            print(f"mutation_probe: the tests fail without any mutant: {summary(baseline)}")
            print(baseline.stdout[-3000:], baseline.stderr[-2000:], sep="\n")
            return 2
        survived = 0
        for m in chosen:
            target = copy / m.file
            original = target.read_text(encoding="utf-8")
            target.write_text(original.replace(m.snippet, m.replacement), encoding="utf-8")
            try:
                ran = pytest_in(copy, m.tests)
            finally:
                target.write_text(original, encoding="utf-8")
            if ran.returncode == 0:
                verdict, survived = "SURVIVED", survived + 1
            elif ran.returncode == 1:
                verdict = "caught"
            else:
                print(ran.stdout[-3000:], ran.stderr[-2000:], sep="\n")
                print(f"mutation_probe: {m.name}: pytest could not run (exit {ran.returncode})")
                return 2
            print(f"{verdict:9} {m.name:40} {summary(ran)}")
            print(f"          {m.why}", flush=True)
    print(f"{len(chosen) - survived} of {len(chosen)} mutants caught")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
