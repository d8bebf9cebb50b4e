"""`coach drill` in a real pseudo-terminal: typing answers, then Ctrl-C."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pexpect  # a test extra: without it this fails loudly, like tests/e2e
import pytest

from coach.storage.drills import DrillStore

pytestmark = pytest.mark.e2e

HANG_S = 120.0  # how long an expect waits: a guard against a hang, not a speed limit


def _spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "coach", "drill", *args],
        env=dict(os.environ),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=HANG_S,
    )


def _once_reading(child: pexpect.spawn) -> None:
    """Wait until coach sleeps in its read of the terminal (Linux's /proc says so).
    A Ctrl-C that lands after the prompt is written but before the read starts
    is only acted on when the read returns, so on a busy machine a Ctrl-C sent
    the moment the prompt shows could wait for a key that never comes."""
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + HANG_S  # a guard against a hang, not a speed limit
    while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "S":
        assert time.monotonic() < deadline, "coach never waited for the terminal"
        time.sleep(0.01)


def test_answer_then_ctrl_c_saves_and_exits_130() -> None:
    child = _spawn("units", "--count", "3", "--seed", "5")
    child.expect_exact("Question 1 of 3")
    child.expect_exact("> ")
    child.sendline("864K")
    child.expect_exact("exact")
    child.expect_exact("Question 2 of 3")
    child.expect_exact("> ")
    _once_reading(child)
    child.sendintr()
    child.expect_exact("drill saved: 1 answers")
    child.expect(pexpect.EOF)
    assert child.wait() == 130  # wait: pexpect's close() kills a child still exiting
    child.close()
    with DrillStore.open() as store:
        [record], _ = store.load_all()
    assert record.status.value == "interrupted"
    assert [a.answer for a in record.answers] == ["864K"]


def test_a_whole_drill_in_a_terminal() -> None:
    child = _spawn("units", "--count", "2", "--seed", "5")
    child.logfile_read = transcript = io.StringIO()
    for answer in ("lots", "864K", "1.2K"):
        child.expect_exact("> ")
        child.sendline(answer)
    child.expect_exact("Score 100% (6 of 6 points)")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    child.close()
    screen = transcript.getvalue()
    assert "could not read that as a number with units" in screen
    assert screen.count("Question 1 of 2") == 1
