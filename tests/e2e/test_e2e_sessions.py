"""The real `coach` in a pseudo-terminal (80x24), driven like a user would."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from coach.phases import Phase
from coach.storage.sessions import SessionStore

pytestmark = pytest.mark.e2e

DOWN, SPACE, ENTER, CTRL_C = "\x1b[B", " ", "\r", "\x03"


# Each expect waits at most this long: a guard against a hang, not a speed limit.
HANG_S = 120.0


def spawn(home: Path, *args: str, columns: int = 80) -> pexpect.spawn:
    env = dict(os.environ)
    env.update(
        COACH_HOME=str(home), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS=str(columns),
        LINES="24", NO_COLOR="1",
    )  # fmt: skip
    env.pop("EDITOR", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "coach", *args], env=env, dimensions=(24, columns),
        encoding="utf-8", timeout=HANG_S, cwd=str(home),
    )  # fmt: skip
    return child


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.send(text + ENTER)


def finish(child: pexpect.spawn) -> int:
    """coach's exit code once it ends on its own. pexpect's close() kills a
    child still busy 0.1 s after its output ends: wait for the exit instead."""
    child.expect(pexpect.EOF)
    status = child.wait()
    child.close()
    return status


def close_the_terminal(child: pexpect.spawn) -> None:
    """The terminal goes away: its side of the pty closes (the kernel hangs up:
    SIGHUP, then EOF on reads), and coach saves and exits in its own time."""
    child.ptyproc.fileobj.close()
    deadline = time.monotonic() + HANG_S  # a guard against a hang, not a speed limit
    while child.isalive():
        if time.monotonic() > deadline:
            child.terminate(force=True)
            pytest.fail(f"coach did not exit within {HANG_S:.0f} s of its terminal closing")
        time.sleep(0.05)
    child.close()


@pytest.mark.parametrize("columns", [80, 60])
def test_practice_from_the_first_question_to_the_scorecard(tmp_path: Path, columns: int) -> None:
    child = spawn(tmp_path, "practice", "twitter", columns=columns)
    answer(child, "Question 1 for the interviewer", "how many daily active users?")
    child.expect_exact("Interviewer:")
    answer(child, "Question 2 for the interviewer", "")
    answer(child, "functional and non-functional", "post tweets, home timeline; p99 200 ms")
    answer(child, "Your estimate: write QPS", "6K/s")
    child.expect_exact("matches the estimate")
    answer(child, "Your estimate: read QPS", "")
    answer(child, "Your estimate: fanout deliveries", "")
    answer(child, "Your estimate: storage for 5 years", "50 TB")
    child.expect_exact("too low")
    answer(child, "Your estimate: egress", "")
    child.expect_exact("Reference answer")
    child.expect_exact("any key")
    child.send(SPACE)
    child.expect_exact("Pick the components")
    child.send(DOWN + SPACE + DOWN + SPACE + DOWN + SPACE + DOWN + DOWN + SPACE + ENTER)
    child.expect_exact("clients")
    answer(child, "Sketch the API", "POST /tweets, GET /timeline?cursor=")
    answer(child, "Sketch the data model", "tweets(id, user_id, text); follows(a, b)")
    answer(child, "Describe the request flow", "lb -> api -> timeline cache -> db")
    child.expect_exact("any key")
    child.send(SPACE)
    child.expect_exact("Pick one or two topics")
    child.send(SPACE + ENTER)
    answer(child, "Explain: ", "fan-out on write, pull for celebrities")
    child.expect_exact("any key")
    child.send(SPACE)
    answer(child, "Name the bottlenecks", "the timeline cache and the tweet store")
    child.expect_exact("Simulation of your design")
    child.expect_exact("req/s simulated (one region)")  # the load beside the estimate
    answer(child, "Change the design and run again?", "api.nodes=12")
    child.expect_exact("Changed: api: 10 -> 12 nodes")
    child.expect_exact("at load · api.nodes=12")
    child.expect_exact("2 re-runs left")
    answer(child, "Change the design and run again?", "+replicas")
    child.expect_exact("Changed: tweet-db: 3 -> 4 read replicas")  # never fewer
    child.expect_exact("Simulation of your design")
    child.expect_exact("at load · +replicas")
    child.expect_exact("1 re-run left")
    answer(child, "Change the design and run again?", "+cache")
    child.expect_exact("Not changed: cache is already in the design")  # and what would
    answer(child, "Change the design and run again?", "")
    answer(child, "What trade-offs", "eventual consistency for timelines")
    answer(child, "monitor it, fail over", "p99 and fan-out lag alerts; replicas fail over")
    child.expect_exact("any key")
    child.send(SPACE)
    child.expect_exact("Scorecard")
    child.expect_exact("coach export 1")
    child.expect_exact("Export a Markdown write-up?")
    child.send(ENTER)  # the first choice: write it
    child.expect_exact("Wrote")
    assert finish(child) == 0
    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        record = store.load(1)
    [writeup] = tmp_path.glob("twitter-*-1.md")
    assert writeup.read_text().startswith("# Design Twitter")
    assert record.status.value == "completed" and record.score is not None
    assert record.components == ["load_balancer", "app_servers", "cache", "nosql_database"]
    assert record.design is not None and len(record.simulations) == 9
    assert [run.change for run in record.simulations[::3]] == ["", "api.nodes=12", "+replicas"]


@pytest.mark.parametrize("columns", [80, 60])
def test_mock_with_a_one_minute_budget_times_out(tmp_path: Path, columns: int) -> None:
    child = spawn(tmp_path, "mock", "twitter", "--minutes", "1", columns=columns)
    child.expect_exact("Question 1 for the interviewer")
    child.expect(r"0:\d\d lef")  # the countdown at the right of the answer line
    child.send("how many us")  # typed, never submitted: the phase's time runs out
    child.expect_exact("Time is up for clarify")
    child.expect_exact("Move on to high-level design")
    child.send(ENTER)
    replies = {
        "Pick the components": ENTER,
        "Pick one or two topics": SPACE + ENTER,
        "Change the design and run again?": ENTER,
        "How does your design change?": "add a cache" + ENTER,
        "Explain: ": ENTER,
        "Sketch the API": ENTER,
        "Sketch the data model": ENTER,
        "Describe the request flow": ENTER,
        "Name the bottlenecks": ENTER,
        "What trade-offs": ENTER,
        "monitor it, fail over": ENTER,
        "is kept.": None,  # time up (what was typed or ticked is kept)
        "any key": SPACE,  # the debrief's pages, one per phase and the curveball
        "Scorecard": None,
    }
    patterns = list(replies)
    while True:
        seen = patterns[child.expect_exact(patterns)]
        if seen == "Scorecard":
            break
        if seen == "is kept.":  # a slow machine: move on again
            child.expect_exact("(arrows, Enter)")
            child.send(ENTER)
            continue
        child.send(replies[seen])
        if seen != "any key":
            patterns.remove(seen)  # a prompt shows its message again once answered
    child.expect_exact("time / budget")
    child.expect_exact("(cut)")
    child.expect_exact("Export a Markdown write-up?")
    child.send(DOWN + ENTER)  # not now
    assert finish(child) == 0
    assert not list(tmp_path.glob("*.md"))
    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        record = store.load(1)
    clarify = record.phases[Phase.CLARIFY]
    assert clarify.timed_out and clarify.cut_short
    assert [qa.question for qa in record.questions] == ["how many us"]
    assert clarify.budget_s == pytest.approx(60 * 8 / 45, abs=0.1)
    assert clarify.elapsed_s >= clarify.budget_s
    assert record.curveball is not None and record.status.value == "completed"


def test_ctrl_c_mid_session_then_resume_loses_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "practice", "twitter")
    answer(child, "Question 1 for the interviewer", "what is the read to write ratio?")
    answer(child, "Question 2 for the interviewer", "")
    answer(child, "functional and non-functional", "timeline reads under 200 ms")
    answer(child, "Your estimate: write QPS", "6K/s")
    child.expect_exact("Your estimate: read QPS")
    child.send("120")
    child.send(CTRL_C)
    child.expect_exact("session 1 saved; `coach resume 1` to go on")
    assert finish(child) == 130

    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        saved = store.load(1)
    assert saved.position == "clarify/estimate:read_qps"
    assert saved.draft == "120"

    child = spawn(tmp_path, "resume")
    child.expect_exact("resuming session 1")
    child.expect_exact("Your estimate: read QPS")
    child.expect_exact("120")  # what was typed is offered again
    child.send("K/s" + ENTER)
    child.expect_exact("matches the estimate")
    child.expect_exact("Your estimate")
    child.send(CTRL_C)
    assert finish(child) == 130
    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        record = store.load(1)
    assert [qa.question for qa in record.questions] == ["what is the read to write ratio?"]
    assert record.phases[Phase.CLARIFY].answers["requirements"] == "timeline reads under 200 ms"
    assert record.estimates == {"write_qps": "6K/s", "read_qps": "120K/s"}


def test_a_closed_terminal_saves_what_was_typed(tmp_path: Path) -> None:
    child = spawn(tmp_path, "practice", "url-shortener")
    answer(child, "Question 1 for the interviewer", "how many users?")
    child.expect_exact("Question 2 for the interviewer")
    child.send("what is the rea")
    child.expect_exact("rea")
    close_the_terminal(child)
    with SessionStore.open(tmp_path / "coach.sqlite3") as store:
        saved = store.load(1)
    assert [qa.question for qa in saved.questions] == ["how many users?"]
    assert (saved.position, saved.draft) == ("clarify/questions", "what is the rea")
