"""The design as picked and simulated, drawn faithfully: in the terminal, in Mermaid
and in the write-up, with its write and asynchronous paths, the picks that are not
simulated as side nodes, and the simulated load beside the problem's own figures."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from coach.export.context import build_writeup
from coach.export.mermaid import flowchart
from coach.export.render import render_markdown
from coach.problems.loader import load_spec_file
from coach.problems.model import Problem
from coach.session.design_builder import build_design
from coach.session.diagram import draw
from coach.session.load_story import offered, relation
from coach.session.record import Mode, SessionRecord, SimulationRun, Status
from coach.simulate.design import SpikePattern
from coach.simulate.engine import simulate
from coach.simulate.topology import edge_kinds

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
PICKS = [
    "cdn",
    "load_balancer",
    "app_servers",
    "cache",
    "nosql_database",
    "message_queue",
    "workers",
    "object_storage",
]


@pytest.fixture(scope="module")
def twitter() -> Problem:
    return load_spec_file(ROOT / "problems" / "twitter.yaml")


def test_fan_out_workers_write_into_the_timeline_cache_and_posts_reach_the_store(
    twitter: Problem,
) -> None:
    kinds = edge_kinds(twitter.reference_design)
    assert kinds[("fanout-workers", "timeline-cache")] == {"write"}
    assert kinds[("tweet-cache", "tweet-db")] == {"read", "write"}  # write-through
    assert kinds[("timeline-cache", "tweet-db")] == {"read"}  # it keeps its writes


def test_the_simulation_runs_the_write_paths_it_draws(twitter: Problem) -> None:
    report = simulate(twitter.reference_design, requests=20_000, seed=3).to_json()
    rps, read_ratio = twitter.reference_design.load.rps, twitter.reference_design.load.read_ratio
    timeline = report["components"]["timeline-cache"]
    # reads, the author's own timeline and one fan-out job per post all reach it
    expected = rps * read_ratio + 2 * rps * (1 - read_ratio)
    assert timeline["throughput_rps"] == pytest.approx(expected, rel=0.05)


def test_every_component_once_every_call_drawn_and_80_columns(twitter: Problem) -> None:
    built = build_design(twitter, PICKS)
    assert built.design is not None
    for width in (80, 60):
        text = draw(built.design, built.side, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
        for comp in built.design.components:
            assert text.count(f"[ {comp.name} ·") == 1
        assert "fanout-workers · service ×4 ]" in text
        assert "timeline-cache ↓" in text  # the workers' writes, drawn as a reference
        assert "tweet-db ↓" in text  # the tweet cache's misses and writes
        assert "[ CDN · not simulated ]" in text


def test_mermaid_labels_write_and_async_paths_and_marks_side_nodes(twitter: Problem) -> None:
    built = build_design(twitter, PICKS)
    assert built.design is not None
    lines = [line.strip() for line in flowchart(built.design, built.side).splitlines()]
    assert "fanout_workers -->|write| timeline_cache" in lines
    assert "fanout_queue -.->|async| fanout_workers" in lines
    assert "api -->|write| fanout_queue" in lines
    assert "tweet_cache -.->|miss / write| tweet_db" in lines
    assert "timeline_cache -.->|miss| tweet_db" in lines
    assert 'subgraph not_simulated["picked, not simulated"]' in lines
    assert 'side_1["CDN"]:::side' in lines or 'side_2["CDN"]:::side' in lines


def test_the_load_is_related_to_the_estimate(twitter: Problem) -> None:
    text = relation(twitter, twitter.reference_design)
    assert text == (
        "20K req/s simulated (one region): 8% of the 243K req/s the estimate gives at peak"
    )


def test_a_spike_says_what_was_run(twitter: Problem) -> None:
    design = twitter.reference_design
    pattern = SpikePattern(kind="spike", factor=3.0, start_s=0.2, length_s=0.2)
    spiked = design.model_copy(update={"load": design.load.model_copy(update={"pattern": pattern})})
    run = SimulationRun(label="spike", design=spiked, report={})
    assert offered(run) == "20K req/s, x3 = 60K for 200 ms"


def test_the_writeup_draws_the_design_once_with_side_nodes_and_the_load(
    twitter: Problem,
) -> None:
    built = build_design(twitter, PICKS)
    record = SessionRecord(
        id=1,
        problem_id=twitter.id,
        problem_title=twitter.title,
        mode=Mode.PRACTICE,
        status=Status.COMPLETED,
        created_at=NOW,
        components=PICKS,
        design_components=PICKS,
        design=built.design,
    )
    report = simulate(built.design, requests=2_000, seed=1).to_json()
    record.simulations = [SimulationRun(label="at load", design=built.design, report=report)]
    text = render_markdown(build_writeup(record, twitter, now=NOW))
    assert "Components chosen" not in text  # listed once, under Components
    assert "fanout_workers -->|write| timeline_cache" in text
    assert 'side_1["Object storage"]:::side' in text or 'side_2["Object storage"]' in text
    assert "Load: 20K req/s simulated (one region): 8% of the 243K req/s" in text
    assert "| at load | 20K req/s |" in text


UBER_PICKS = ["load_balancer", "app_servers", "message_queue", "workers", "object_storage"]


def test_uber_history_writers_end_in_the_data_lake_drawn_once() -> None:
    uber = load_spec_file(ROOT / "problems" / "uber.yaml")
    assert edge_kinds(uber.reference_design)[("history-writer", "history-store")] == {"write"}
    built = build_design(uber, UBER_PICKS)
    assert built.design is not None and built.side == []  # the workers are the writers
    lines = [line.strip() for line in flowchart(built.design, built.side).splitlines()]
    assert "history_writer -->|write| history_store" in lines
    assert "location_stream -.->|async| history_writer" in lines
    text = draw(built.design, built.side, width=80)
    assert text.count("[ history-store · database ×5 ]") == 1


def test_a_database_pick_does_not_claim_the_data_lake_nor_sits_behind_it() -> None:
    uber = load_spec_file(ROOT / "problems" / "uber.yaml")
    sql_only = build_design(uber, ["load_balancer", "app_servers", "sql_database"]).design
    assert sql_only is not None
    assert "history-store" not in {c.name for c in sql_only.components}
    both = build_design(uber, [*UBER_PICKS, "nosql_database", "cache"]).design
    assert both is not None
    by_name = {c.name: c for c in both.components}
    assert by_name["history-store"].calls == []  # an added store sits beside the lake
    assert by_name["cache"].calls == ["db"]  # the added cache fronts the database
