"""docs/estimate.md shows real output: run every command in it and compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_examples import console_examples, run_example

DOC = Path(__file__).resolve().parents[2] / "docs" / "estimate.md"


@pytest.mark.parametrize(("command", "expected"), console_examples(DOC), ids=lambda v: v[:40])
def test_doc_output_is_real(command: str, expected: str) -> None:
    assert run_example(command) == expected.rstrip()
