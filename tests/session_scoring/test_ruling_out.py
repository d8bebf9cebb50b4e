"""Ruling an idea out: a choice of something else after an idea put forward, bans that
are the idea, and what a wrong call costs the phase."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from coach.problems.loader import load_spec_file
from coach.problems.model import Problem
from coach.scoring.judge import Answer, judge
from coach.scoring.matching import matcher_for
from coach.scoring.verdict import RULED_OUT_COST, ItemResult, Verdict, phase_score
from coach.session.scoring import judge_text

ROOT = Path(__file__).resolve().parents[2]


@cache
def problem(problem_id: str) -> Problem:
    return load_spec_file(ROOT / "problems" / f"{problem_id}.yaml")


def verdict(problem_id: str, item_id: str, text: str) -> ItemResult:
    spec = problem(problem_id)
    items = [i for i in spec.rubric.all_items() if i.id == item_id]
    return judge_text(spec, items, text)[0]


@pytest.mark.parametrize(
    ("problem_id", "item_id", "text"),
    [
        # a choice of something else, a sentence or two after an idea put forward
        (
            "uber",
            "geo-sharding",
            "Sharding the drivers table by city would spread the writes. One big database "
            "is good enough for us.",
        ),
        (
            "uber",
            "push-channel",
            "Pushing offers over WebSockets is what most teams do. The apps will poll every "
            "few seconds instead.",
        ),
        (
            "twitter",
            "timeline-cache",
            "A timeline cache in Redis would make reads fast. Reading from the database is "
            "good enough for now.",
        ),
        # the speaker's own weighing puts the idea forward too
        (
            "uber",
            "geo-index",
            "I gave some thought to an in-memory geospatial index of drivers. I'd rather keep "
            "positions in Postgres, where they survive a restart.",
        ),
        # what "you'd" do is a supposition, and a pass on it a refusal
        (
            "uber",
            "push-channel",
            "You'd push offers to drivers over WebSockets. We're gonna pass on sockets; the "
            "apps poll.",
        ),
        # a ban refused
        ("twitter", "skip-inactive-users", "We won't skip inactive users; memory is cheap."),
    ],
)
def test_ruled_out(problem_id: str, item_id: str, text: str) -> None:
    result = verdict(problem_id, item_id, text)
    assert result.verdict is Verdict.REJECTED, result
    assert result.charged


@pytest.mark.parametrize(
    ("problem_id", "item_id", "text"),
    [
        # the user's own design keeps its idea, whatever "instead" says next
        (
            "uber",
            "push-channel",
            "We push offers to drivers over WebSockets. Riders poll instead, since a few "
            "seconds of lag is fine for them.",
        ),
        # a "would" that is a consequence proposes nothing
        (
            "twitter",
            "timeline-cache",
            "Home timelines live in Redis, because reading them from the database would be "
            "too slow. Celebrity posts are merged in at read time instead.",
        ),
        # skipping a group of users is the idea itself
        (
            "twitter",
            "skip-inactive-users",
            "We skip users who haven't logged in for a month when fanning out, and rebuild "
            "their timeline when they return.",
        ),
        ("twitter", "skip-inactive-users", "- skip inactive (>30d) users -> rebuild on login"),
        # a harm denied protects what follows: nothing is lost, drivers reconnect
        (
            "uber",
            "mobile-networks",
            "If a data centre goes, trips fail over with nothing lost, and the gateways "
            "reconnect drivers to the other site.",
        ),
    ],
)
def test_kept(problem_id: str, item_id: str, text: str) -> None:
    assert verdict(problem_id, item_id, text).verdict is Verdict.COVERED


def test_a_ban_with_nothing_after_it_bans_nothing() -> None:
    """ "I skip it" refuses what came before; it is no ban that goes with celebrities."""
    text = "A local cache for celebrity tweets? I skip it."
    assert not verdict("twitter", "hybrid-celebrity", text).verdict.earned


def test_a_requirement_that_is_a_negation_is_no_refusal() -> None:
    result = verdict("netflix", "ask-startup-rebuffer", "Playback should start fast, never stall.")
    assert result.verdict is Verdict.PARTIAL  # stated rather than asked


def item(verdict: Verdict, weight: float, *, credit: float = 0.0, charged: bool = False):
    return ItemResult(id="x", verdict=verdict, credit=credit, weight=weight, charged=charged)


def test_a_charged_ruling_costs_its_share_of_the_phase() -> None:
    covered = item(Verdict.COVERED, 2, credit=1.0)
    ruled_out = item(Verdict.REJECTED, 2, charged=True)
    assert phase_score([covered, ruled_out]) == round(100 * (2 - RULED_OUT_COST * 2) / 4, 1)
    assert phase_score([covered, item(Verdict.REJECTED, 2)]) == 50.0  # not charged: 2 of 4
    assert phase_score([item(Verdict.MISSED, 2), ruled_out]) == 0.0  # never below 0


def test_ruled_out_here_but_explained_elsewhere_costs_nothing() -> None:
    spec = problem("uber")
    items = [i for i in spec.rubric.all_items() if i.id == "geo-sharding"]
    design = Answer("scaling", "Sharding by city would spread the writes. I'd rather not.")
    earlier = Answer(
        "design", "Driver positions are sharded by city, so each city's writes stay on one box."
    )
    [result] = judge(items, [design], matcher_for(spec), elsewhere=[earlier])
    assert result.verdict is Verdict.REJECTED
    assert not result.charged
    assert "costs nothing" in result.note
