"""`ruff check` and `ruff format --check` are part of the test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    # The ruff installed with the test extras, beside this interpreter, whatever PATH says.
    try:
        import ruff  # noqa: F401
    except ImportError:
        pytest.fail("ruff is not installed: install the test extras (pip install '.[test]')")
    return [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    result = subprocess.run(
        [*_ruff(), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_supported() -> None:
    assert sys.version_info >= (3, 10)
