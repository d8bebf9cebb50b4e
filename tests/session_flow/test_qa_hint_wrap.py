"""A long hint above a prompt wraps under its text, not at column 0 (found in QA)."""

from __future__ import annotations

import re
import sys

import pytest

from coach.ui import console
from coach.ui.prompts import TerminalAsker
from coach.ui.session_runner import terminal_asker


def test_a_wrapped_hint_keeps_its_indent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    console.configure(None)
    asker = terminal_asker()
    assert isinstance(asker, TerminalAsker)
    asker._print(  # the hint printer the prompts use
        "  Redirects are 99% of traffic. How do you serve them in under 50 ms at the 99th "
        "percentile?"
    )
    lines = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out).splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("  Redirects")
    assert lines[1].rstrip() == "  percentile?"
