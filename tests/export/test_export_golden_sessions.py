"""Golden write-ups of whole sessions: a scripted twitter practice that re-runs its
simulation three times, and a scripted mock with a curveball and a phase cut short.
Each is compared with its stored document under tests/export/golden/ (dates and
versions normalised), and read for what the write-up promises: the design drawn as
simulated (write and asynchronous paths, picks not simulated as side nodes), the load
beside the problem's own figures, the simulation table keyed by change, and for a mock
the curveball and time management rows. After a deliberate change, `python -m pytest
tests/export --update-golden` rewrites the documents and fails: review the diff, then
run again without the flag."""

from __future__ import annotations

import random
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from coach.export.context import build_writeup
from coach.export.render import render_markdown
from coach.problems.model import Problem
from coach.session.asking import ChoicePrompt, Choices, FakeClock, Reply, TextPrompt
from coach.session.events import RecordingView
from coach.session.flow import MOVE_ON, Flow, new_session
from coach.session.record import Mode, SessionRecord
from tests.export.test_export_golden import _normalised

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def _check_golden(name: str, text: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text)
        pytest.fail(f"rewrote {name}: review the diff, then run without --update-golden")
    assert text == path.read_text()


@pytest.fixture(scope="module")
def twitter_writeup(tmp_path_factory: pytest.TempPathFactory) -> str:
    """`coach practice twitter --answers` with three changes, then `coach export`."""
    home = tmp_path_factory.mktemp("home")
    runner = CliRunner(env={"COACH_HOME": str(home)})
    answers = str(FIXTURES / "twitter-answers.yaml")
    ran = runner.invoke(app, ["practice", "twitter", "--answers", answers, "--json"])
    assert ran.exit_code == 0, ran.output
    out = home / "writeup.md"
    exported = runner.invoke(app, ["export", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    return _normalised(out.read_text())


def test_the_twitter_practice_writeup_matches_its_golden_document(
    twitter_writeup: str, request: pytest.FixtureRequest
) -> None:
    _check_golden("twitter-practice-writeup.md", twitter_writeup, request)


def test_the_twitter_writeup_draws_the_design_as_simulated(twitter_writeup: str) -> None:
    lines = [line.strip() for line in twitter_writeup.splitlines()]
    assert "fanout_workers -->|write| timeline_cache" in lines  # fan-out on write
    assert "fanout_queue -.->|async| fanout_workers" in lines
    assert "api -->|write| fanout_queue" in lines
    assert "tweet_cache -.->|miss / write| tweet_db" in lines  # posts reach the tweet store
    assert 'subgraph not_simulated["picked, not simulated"]' in lines
    assert 'side_1["CDN"]:::side' in lines and 'side_2["Object storage"]:::side' in lines
    mermaid = twitter_writeup.split("```mermaid")[1].split("```")[0]
    for node in ("lb", "api", "timeline_cache", "tweet_cache", "tweet_db", "fanout_workers"):
        declared = re.findall(rf"^\s*{node}[\[{{(]", mermaid, flags=re.MULTILINE)
        assert len(declared) == 1, f"{node} drawn {len(declared)} times"  # each once


def test_the_twitter_writeup_relates_the_load_and_keys_the_table_by_change(
    twitter_writeup: str,
) -> None:
    assert (
        "Load: 20K req/s simulated (one region): 8% of the 243K req/s the estimate gives "
        "at peak." in twitter_writeup
    )
    rows = [line for line in twitter_writeup.splitlines() if line.startswith("| ")]
    keyed = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    for change in ("first design", "api.nodes=12", "+replicas", "+cache"):
        assert keyed.count(change) == 6  # three runs, in the table and the utilisation table
    assert "api.nodes=12; +replicas; +cache" in twitter_writeup  # the changes as typed


class KeyedAsker:
    """Answers a mock's prompts by key (not by position), spending time on the fake clock
    for each; an answer still being typed when its phase's time runs out comes back
    timed out, as from the terminal. The deep dive's answer takes too long."""

    compact = False

    def __init__(self, clock: FakeClock, answers: dict[str, str | list[str]]) -> None:
        self.clock = clock
        self.answers = answers
        self.questions = ["how many links are created a month?", "what is the read ratio?", ""]

    def text(self, prompt: TextPrompt) -> Reply:
        self.clock.advance(200 if prompt.key.startswith("topic:") else 10)
        if prompt.key == "question":
            answer: str | list[str] = self.questions.pop(0)
        else:
            answer = self.answers.get(prompt.key, "")
        assert isinstance(answer, str)
        countdown = prompt.countdown
        late = countdown is not None and countdown.enforce and self.clock() >= countdown.ends_at
        return Reply(answer, timed_out=late)

    def choose(self, prompt: ChoicePrompt) -> Choices:
        self.clock.advance(10)
        if prompt.key == "time_up":
            return Choices((MOVE_ON,))
        answer = self.answers[prompt.key]
        return Choices(tuple([answer] if isinstance(answer, str) else answer))

    def figures(self, suggested: list[str]) -> list[str]:
        return list(suggested)

    def pause(self) -> None:
        return None


MOCK_ANSWERS: dict[str, str | list[str]] = {
    "requirements": "Create short links and redirect them; redirects p99 under 50 ms.",
    "estimate:write_qps": "40/s",
    "components": ["load_balancer", "app_servers", "cache", "sql_database", "cdn"],
    "api": "POST /links -> code; GET /{code} -> 301",
    "data_model": "links(code primary key, url, created_at)",
    "flow": "lb -> app -> cache -> db",
    "topics": ["keys"],
    "topic:keys": "a counter, base62-enco",  # typed when the deep dive's time runs out
    "curveball": "Check uniqueness of each custom alias before saving it.",
    "rerun": "",
    "bottlenecks": "the database; add replicas behind the cache",
    "tradeoffs": "eventual consistency for redirects",
    "operations": "p99 alerts and monitoring; fail over to a replica",
}


@pytest.fixture(scope="module")
def mock_writeup() -> tuple[SessionRecord, str]:
    problem = Problem.model_validate(yaml.safe_load((FIXTURES / "mini-problem.yaml").read_text()))
    clock = FakeClock()
    record = new_session(problem, Mode.MOCK, rng=random.Random(1), minutes_total=10)
    record.id, record.created_at = 1, NOW
    flow = Flow(
        problem, record, asker=KeyedAsker(clock, MOCK_ANSWERS), view=RecordingView(),
        save=lambda _: None, clock=clock,
    )  # fmt: skip
    done = flow.run()
    return done, _normalised(render_markdown(build_writeup(done, problem, now=NOW)))


def test_the_mock_writeup_matches_its_golden_document(
    mock_writeup: tuple[SessionRecord, str], request: pytest.FixtureRequest
) -> None:
    _check_golden("mock-writeup.md", mock_writeup[1], request)


def test_the_mock_writeup_has_the_curveball_and_time_rows(
    mock_writeup: tuple[SessionRecord, str],
) -> None:
    record, text = mock_writeup
    assert record.curveball is not None and record.curveball.result is not None
    rows = {row.split(" | ")[0].removeprefix("| "): row for row in text.splitlines()}
    assert rows["Curveball"].startswith(f"| Curveball | {record.curveball.result.score:.0f} |")
    assert rows["Time management"].startswith("| Time management | ")
    assert "Users now want custom aliases." in text
    deep_dive = next(row for key, row in rows.items() if key.startswith("Deep dive"))
    assert "(cut)" in deep_dive  # the phase whose time ran out mid-answer
