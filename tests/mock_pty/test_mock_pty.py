"""A five-minute mock in a real pseudo-terminal, at 80x24 and 60x24, on a clock the
test moves: the wrap-up warning (a line and the bell) in a text prompt and in a
picker, the picker's live countdown, time-up, the curveball and the debrief, each
read off an emulated screen as the candidate would see it.

coach runs through `coach_on_a_file_clock.py`, whose interview clock stands
still until the test writes a new time into a file: nothing waits for a phase to
run out, a slow machine changes nothing, and nothing asserts on elapsed time.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from screen_reader import ScreenReader

from coach.phases import Phase
from coach.storage.sessions import SessionStore

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent
DOWN, SPACE, ENTER = "\x1b[B", " ", "\r"
CURVEBALL = "How does your design change?"
SCORE = r"\d{1,3}/100"
WARNING = "left in this phase: start wrapping up."


class Clock:
    """The file the launched coach adds to its monotonic clock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0.0
        self.set(0.0)

    def set(self, offset: float) -> None:
        self.offset = offset
        partial = self.path.with_suffix(".tmp")
        partial.write_text(str(offset))
        partial.replace(self.path)  # atomic: coach never reads half a number

    def skip(self, seconds: float) -> None:
        self.set(self.offset + seconds)


def spawn(home: Path, clock: Clock, columns: int, *args: str) -> ScreenReader:
    env = dict(os.environ)
    env.update(
        COACH_HOME=str(home), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS=str(columns),
        LINES="24", NO_COLOR="1",
    )  # fmt: skip
    env.pop("EDITOR", None)
    launcher = str(HERE / "coach_on_a_file_clock.py")
    child = pexpect.spawn(
        sys.executable, [launcher, str(clock.path), *args], env=env, dimensions=(24, columns),
        encoding="utf-8", timeout=30, cwd=str(home),
    )  # fmt: skip
    return ScreenReader(child, columns)


def asked(prompt: str) -> str:
    """A prompt line (`? MESSAGE`), not the same words in a guidance line."""
    return rf"^\? {re.escape(prompt)}"


def answer(tty: ScreenReader, prompt: str, text: str) -> None:
    tty.wait(asked(prompt))
    tty.send(text + ENTER)


def curveball_or(tty: ScreenReader, prompt: str) -> bool:
    """Wait for `prompt`, answering the curveball first if it comes (True when it did)."""
    found = tty.wait(rf"^\? ({re.escape(CURVEBALL)}|{re.escape(prompt)})")
    if found.group(1) == CURVEBALL:
        tty.send("pre-scale the hot city shards, surge pricing, detour and seat capacity" + ENTER)
        tty.wait(asked(prompt))
        return True
    return False


@pytest.mark.parametrize("columns", [80, 60])
def test_a_five_minute_mock_from_warning_to_debrief(tmp_path: Path, columns: int) -> None:
    clock = Clock(tmp_path / "clock")
    tty = spawn(tmp_path, clock, columns, "mock", "uber", "--minutes", "5")

    # The phase header keeps its time whole, even at 60 columns
    tty.wait(r"Phase 1/4 · Clarify.* · 0:53 ─")
    # Clarify has 53 s: the countdown runs at the right of the answer line
    tty.wait(asked("Question 1 for the interviewer"))
    tty.wait_live(r"Question 1 for the interviewer +0:53 left$")
    tty.send("drivers at peak?")
    bells = tty.screen.bells
    clock.skip(45)  # 8 s left: inside the last quarter of this short phase
    tty.wait_live(f"^0:08 {WARNING}$")  # printed where the prompt was, which is redrawn below
    tty.wait_live(r"Question 1 for the interviewer drivers at peak\? +0:08 left$")
    assert tty.screen.bells == bells + 1
    clock.skip(15)  # past the end, mid-answer
    tty.wait("Time is up for clarify")
    tty.wait("Move on to high-level design")
    tty.send(ENTER)

    # High-level design has 80 s: the picker's message counts down as it is redrawn
    tty.wait_live(r"Pick the components of your design \[1:20 left\]")
    clock.skip(30)
    tty.wait_live(r"Pick the components of your design \[0:50 left\]")
    bells = tty.screen.bells
    clock.skip(35)  # 15 s left: the warning comes while the picker is open
    tty.wait_live(f"^0:15 {WARNING}$")
    tty.wait_live(r"Pick the components of your design \[0:15 left\]")
    tty.wait_live("Load balancer")  # the picker is drawn again below the warning
    assert tty.screen.bells == bells + 1
    tty.send(DOWN + SPACE + DOWN + SPACE + DOWN + SPACE + DOWN + DOWN + SPACE + ENTER)
    answer(tty, "Sketch the API", "POST /rides, GET /drivers/nearby")
    answer(tty, "Sketch the data model", "trips(id, rider, driver, state)")
    answer(tty, "Describe the request flow", "rider -> lb -> api -> cache -> db")

    sprung = curveball_or(tty, "Pick one or two topics to go deep on")
    tty.send(SPACE + ENTER)
    answer(tty, "Explain: ", "geohash cells in an in-memory index, sharded by city")
    sprung = curveball_or(tty, "Name the bottlenecks and how") or sprung
    assert sprung, "the curveball comes in the deep dive or in scaling"
    tty.send("the location write path; shard the index by city" + ENTER)
    answer(tty, "Change the design and run again", "")
    answer(tty, "What trade-offs", "eventual consistency for locations")
    answer(tty, "How do you monitor it, fail over", "alerts on p99 and update lag")

    # The debrief: a page per phase, its score and its time against the budget whole
    for number in range(1, 5):
        tty.wait(rf"Debrief {number}/4 · .* · {SCORE} ─")
        tty.wait(r"^Time: \d+:\d\d of \d+:\d\d")
        tty.wait("^Reference answer")
        tty.wait("any key")
        tty.send(SPACE)
    tty.wait(rf"Curveball · (handled|partly handled|missed|not answered) · {SCORE} ─")
    tty.wait("What a good answer changes")
    tty.wait("any key")
    tty.send(SPACE)
    tty.wait(rf"Scorecard · .* · {SCORE} ─")
    tty.wait(r"^  Curveball +\d+$")
    tty.wait(r"^  Time management +\d+ +\d+:\d\d / 5:00$")
    tty.wait("Export a Markdown write-up?")
    tty.send(DOWN + ENTER)  # not now
    assert tty.finish() == 0

    shown = tty.all_lines()
    # headings may shorten their words ("Clarify requirements and estimate…") but no figure
    assert not [line for line in shown if re.search(r"[\d/:]…", line)], "a cut figure"
    assert not [line for line in shown if len(line) > columns]
    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        record = store.load(1)
    clarify = record.phases[Phase.CLARIFY]
    assert clarify.timed_out and clarify.cut_short
    assert [qa.question for qa in record.questions] == ["drivers at peak?"]
    assert record.components == ["load_balancer", "app_servers", "cache", "nosql_database"]
    assert record.curveball is not None and record.curveball.answer
    assert record.status.value == "completed"


def test_the_launcher_clock_moves_only_when_the_file_says(tmp_path: Path) -> None:
    sys.path.insert(0, str(HERE))
    try:
        from coach_on_a_file_clock import file_clock
    finally:
        sys.path.remove(str(HERE))
    clock_file = Clock(tmp_path / "clock")
    read = file_clock(clock_file.path)
    before = read()
    assert read() == before  # the clock stands still
    clock_file.skip(1000)
    assert read() - before == 1000
