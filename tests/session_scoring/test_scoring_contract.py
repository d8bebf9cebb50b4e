"""What the scoring adds to its outputs: the JSON's questions and per-item verdicts,
one stored verdict read by the write-up, and the lexicon's checks in `coach validate`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coach.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "problems" / "fixtures" / "valid" / "example.yaml"
runner = CliRunner()

ANSWERS = """\
questions:
  - How many people are we cooking for tonight?
  - What's the max length of a tweet?
clarify: Reads dominate, about 20 timeline loads for every tweet. We won't need a cache.
estimates: {write_qps: 1/s}
high_level: Tweets live in a sharded store keyed by tweet id; each user's feed is cached in Redis.
"""


def test_the_json_adds_questions_and_verdicts_and_keeps_its_keys(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS)
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"problem", "mode", "score", "phases", "pitfalls", "session_id", "status"} <= set(data)
    assert [(q["question"][:8], q["topic"]) for q in data["questions"]] == [
        ("How many", None),
        ("What's t", "tweet size and media"),
    ]
    clarify = data["phases"]["clarify"]
    items = {item["id"]: item for item in clarify["items"]}
    assert set(items) == set(clarify["covered"]) | set(clarify["missed"])
    # a 5,800x-off write rate is a miss that says how far off it is, never coverage
    qps = items["estimate-qps"]
    assert qps["verdict"] == "missed" and qps["evidence"][0]["how"] == "off"
    assert "under the estimate" in qps["note"]
    # an ask item stated rather than asked earns part of its weight, and says so
    ratio = items["ask-read-write-ratio"]
    assert (ratio["verdict"], ratio["credit"]) == ("partial", 0.5)
    assert ratio["evidence"][0]["quote"] in ANSWERS
    assert ratio["note"].startswith("stated, not asked")
    design = {i["id"]: i for i in data["phases"]["high_level"]["items"]}
    assert design["timeline-cache"]["verdict"] == "covered"


def test_a_question_that_asks_two_things_credits_both_asks(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("questions:\n  - How many users, and what's the latency target?\n")
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output
    [question] = json.loads(result.stdout)["questions"]
    assert set(question["topics"]) == {"users and scale", "latency targets"}
    assert question["topic"] == question["topics"][0]
    items = {i["id"]: i for i in json.loads(result.stdout)["phases"]["clarify"]["items"]}
    assert items["ask-users-scale"]["verdict"] == "covered"
    assert items["ask-latency-target"]["verdict"] == "covered"


def test_validate_checks_the_lexicon_and_every_concept_an_idea_names(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    text = EXAMPLE.read_text()
    text = text.replace(
        '      terms: ["500M", "5,800 per second", "writes per second", "qps"]',
        '      terms: ["500M", "5,800 per second", "writes per second", "qps"]\n'
        '      ideas: ["cach + read-heavy"]\n'
        "      asked: [player and matches]\n"
        "      figures: [wirte_qps]",
    )
    text += "\nlexicon:\n  concepts:\n    loop-a: ['{loop-b} x']\n    loop-b: ['{loop-a} y']\n"
    spec.write_text(text)
    result = runner.invoke(app, ["validate", str(spec)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any("idea names concept 'cach'" in ln and "did you mean" in ln for ln in lines)
    assert any("'player and matches' is not a clarification topic" in ln for ln in lines)
    assert any("unknown figure 'wirte_qps' (did you mean 'write_qps'?)" in ln for ln in lines)
    assert any("concept 'loop-a' refers back to itself" in ln for ln in lines)
    assert all(ln.startswith(f"coach: error: {spec}:") for ln in lines[:-1])


def test_the_write_up_reads_the_stored_pitfalls(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from coach.export.context import build_writeup
    from coach.problems.loader import load_spec_file
    from coach.session.record import DetectedPitfall, Mode, PhaseResult, SessionRecord

    problem = load_spec_file(ROOT / "problems" / "twitter.yaml")
    record = SessionRecord(problem_id="twitter", problem_title="t", mode=Mode.PRACTICE)
    stored = DetectedPitfall(id="no-numbers", title="Stored", why="stored why", phase="clarify")
    record.phase("clarify").result = PhaseResult(pitfalls=["no-numbers"], pitfall_details=[stored])
    record.pitfalls = ["no-numbers"]
    writeup = build_writeup(record, problem, now=datetime.now(timezone.utc))
    assert writeup.pitfalls == [{"id": "no-numbers", "title": "Stored", "why": "stored why"}]


LATER = """\
high_level: A load balancer in front of stateless API servers.
deep_dive_topics: [fanout-strategy, celebrity-hot-accounts]
deep_dive: >-
  Fan-out on write: when a user tweets, workers push the tweet id into each follower's
  home timeline list in Redis, so a timeline read is one cache lookup.
"""


def test_a_score_that_later_answers_changed_says_so_beside_its_review(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(LATER)
    result = runner.invoke(app, ["practice", "twitter", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output
    design = json.loads(result.stdout)["phases"]["high_level"]
    # the deep dive explains the timeline cache the design phase never named: part of
    # its credit comes later, so the final score is above the one its review showed
    assert design["reviewed_score"] < design["score"]


def test_the_scorecard_and_write_up_say_which_scores_moved_since_the_review() -> None:
    from datetime import datetime, timezone

    from coach.export.context import build_writeup
    from coach.problems.loader import load_spec_file
    from coach.session.feedback import scorecard
    from coach.session.record import Mode, PhaseResult, SessionRecord

    problem = load_spec_file(ROOT / "problems" / "twitter.yaml")
    record = SessionRecord(problem_id="twitter", problem_title="t", mode=Mode.PRACTICE)
    record.phase("high_level").result = PhaseResult(score=50.0, reviewed=35.3)
    record.phase("deep_dive").result = PhaseResult(score=27.3, reviewed=27.3)
    said = (
        "Scores include what you said in later phases: High-level design 35 at its review, 50 now."
    )
    assert scorecard(problem, record).later_credit == said
    assert build_writeup(record, problem, now=datetime.now(timezone.utc)).later_credit == said
