"""What `coach --help` and `coach list` import: typer and coach's own light modules only.

Timing lives in tests/benchmarks/bench_startup.py; these tests check the
reasons it is fast, which do not depend on the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

from coach.cli import COMMANDS

HEAVY = ("numpy", "jinja2", "pint", "pydantic", "questionary", "yaml", "rich", "rapidfuzz")

PROBE = """
import sys
from coach.cli import main
sys.argv = ["coach", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in {heavy} if m in sys.modules)
print("HEAVY", heavy, file=sys.stderr)
"""


def imported(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    return result.stderr.strip().splitlines()[-1]


def test_help_imports_nothing_heavy() -> None:
    assert imported("--help") == "HEAVY []"
    assert imported() == "HEAVY []"


def test_each_command_help_imports_nothing_heavy() -> None:
    for name, _, _ in COMMANDS:
        assert imported(name, "--help") == "HEAVY []", name


def test_list_imports_nothing_heavy_once_the_index_is_cached() -> None:
    assert "pydantic" in imported("list")  # the first run reads and validates the specs
    assert imported("list") == "HEAVY []"
    assert imported("list", "--json", "--no-color") == "HEAVY []"
