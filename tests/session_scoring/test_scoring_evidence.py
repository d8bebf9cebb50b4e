"""Evidence, not keywords: units, lists, budgets, negation scopes, ideas and figures.

The sentences are the ones the issue lists and others like them; each test
checks a verdict and the words quoted for it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from coach.problems.loader import load_spec_file
from coach.problems.model import Problem, RubricItem
from coach.scoring.matching import Matcher
from coach.scoring.negation import negations
from coach.scoring.quantities import quantities
from coach.scoring.verdict import How, ItemResult, Verdict
from coach.session.scoring import judge_text

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def spec(problem_id: str) -> Problem:
    return load_spec_file(ROOT / "problems" / f"{problem_id}.yaml")


def item(problem_id: str, item_id: str) -> RubricItem:
    return next(i for i in spec(problem_id).rubric.all_items() if i.id == item_id)


def verdict(problem_id: str, item_id: str, text: str) -> ItemResult:
    [result] = judge_text(spec(problem_id), [item(problem_id, item_id)], text)
    return result


@pytest.mark.parametrize(
    ("problem_id", "item_id", "text"),
    [
        ("twitter", "fanout-bottleneck", "Fan-out isn't a bottleneck."),
        (
            "twitter",
            "shard-timeline-cache",
            "Partitioning the timeline cache by user id is pointless.",
        ),
        ("twitter", "ask-users-scale", "I don't need to know the daily active users."),
        (
            "twitter",
            "timeline-cache",
            "We wouldn't cache anything: timelines are built on request.",
        ),
        ("twitter", "timeline-cache", "Precomputing timelines is overkill."),
        (
            "twitter",
            "async-fanout",
            "There's no need for a queue or background workers to fan out.",
        ),
        ("twitter", "monitoring", "Monitoring fan-out lag doesn't matter."),
        (
            "twitter",
            "fanout-on-write",
            "People talk about fan-out on write versus fan-out on read, but I don't think that"
            " distinction matters.",
        ),
    ],
)
def test_a_ruled_out_idea_is_rejected_with_the_words_that_rule_it_out(
    problem_id: str, item_id: str, text: str
) -> None:
    result = verdict(problem_id, item_id, text)
    assert (result.verdict, result.credit) == (Verdict.REJECTED, 0.0)
    assert result.evidence[0].how is How.RULED_OUT
    assert result.evidence[0].quote in text


@pytest.mark.parametrize(
    ("problem_id", "item_id", "text"),
    [
        # paraphrases the issue names
        (
            "twitter",
            "fanout-on-read",
            "Build the feed when it is requested, by gathering the latest posts and merging them.",
        ),
        (
            "url-shortener",
            "unique-id-source",
            "Each app server leases a range of a million numbers from a counter.",
        ),
        (
            "url-shortener",
            "cache-read-path",
            "A redirect checks Redis and falls back to the database on a miss.",
        ),
        ("uber", "geo-sharding", "We partition the index by city."),
        ("uber", "surge-per-cell", "Prices rise per area when demand outruns the drivers there."),
        # prohibitions that are the idea itself
        ("uber", "no-double-booking", "A driver can't be assigned two trips at once."),
        (
            "twitter",
            "hybrid-celebrity",
            "We don't fan out celebrities; their tweets are merged on read.",
        ),
        # pseudo-negations negate nothing
        (
            "twitter",
            "timeline-cache",
            "Not only the timeline cache but the tweet cache is in Redis.",
        ),
        # terse notes with arrows and abbreviations
        ("twitter", "timeline-cache", "Home tl = list of ids per user in Redis, capped ~800."),
    ],
)
def test_ideas_in_other_words_are_explained(problem_id: str, item_id: str, text: str) -> None:
    result = verdict(problem_id, item_id, text)
    assert result.verdict is Verdict.COVERED, result
    evidence = result.evidence[0]
    assert evidence.how is How.EXPLAINED
    assert text[evidence.start : evidence.end] == evidence.quote


def test_a_bare_name_is_only_mentioned() -> None:
    explained = verdict(
        "twitter", "fanout-on-write", "I would do fan-out on write, because reads dominate."
    )
    assert explained.verdict is Verdict.COVERED
    named = verdict("twitter", "fanout-on-write", "Fan-out on write.")
    assert (named.verdict, named.credit) == (Verdict.PARTIAL, 0.5)
    assert named.evidence[0].how is How.MENTIONED


def test_a_list_of_terms_earns_one_mention() -> None:
    twitter = spec("twitter")
    items = [i for i in twitter.rubric.deep_dive if i.topic != "search"]
    glossary = (
        "fan-out on write, fan-out on read, hybrid fan-out, celebrity problem, hot key,"
        " request coalescing, inactive users, lazy rebuild, separate queue, snowflake ids,"
        " consistent hashing, quorum writes"
    )
    results = judge_text(twitter, items, glossary)
    earned = [r for r in results if r.verdict.earned]
    assert [(r.verdict, r.credit) for r in earned] == [(Verdict.PARTIAL, 0.5)]
    assert any("named only among many other terms" in r.note for r in results)


def test_the_picked_components_earn_no_prose_item() -> None:
    from coach.phases import Phase
    from coach.session.record import SessionRecord
    from coach.session.scoring import score_phase

    twitter = spec("twitter")
    record = SessionRecord(problem_id="twitter", problem_title="t", mode="practice")
    record.phase(Phase.HIGH_LEVEL).answers["components"] = "Load balancer, Cache, NoSQL database"
    assert score_phase(twitter, record, Phase.HIGH_LEVEL).covered == []


@pytest.mark.parametrize(
    ("text", "negated", "kept"),
    [
        ("No replicas, no CDN and no sharding.", {"replicas", "cdn", "sharding"}, set()),
        ("no message loss, exactly-once display", {"message", "loss"}, {"exactly", "display"}),
        ("we don't need a cache, but sharding helps", {"cache"}, {"sharding"}),
        ("cache so we do not hit the db", {"database"}, {"cache"}),
        ("not only a cache but a CDN", set(), {"cache", "cdn"}),
        ("a no-sql store", set(), {"sql", "store"}),
        ("Caching and sharding are overkill", {"caching", "sharding"}, set()),
    ],
)
def test_negation_scopes(text: str, negated: set[str], kept: set[str]) -> None:
    matcher = Matcher.plain()
    [unit] = matcher.units(text)
    scope = negations(unit)
    words = {t.word: scope[i] >= 0 for i, t in enumerate(unit.tokens)}
    assert {w for w in negated if words.get(w)} == negated
    assert {w for w in kept if words.get(w) is False} == kept


def test_units_are_sentences_bullets_and_note_lines() -> None:
    matcher = Matcher.plain()
    text = "Writes: 5.8K/s avg, e.g. at peak 12K/s. Reads dominate; cache them!\n- shard by id"
    units = [text[u.start : u.end] for u in matcher.units(text)]
    assert units == [
        "Writes: 5.8K/s avg, e.g. at peak 12K/s",
        "Reads dominate",
        "cache them",
        "shard by id",
    ]


def test_figures_in_prose_are_read_with_their_units() -> None:
    text = "500M tweets a day, ~5.8K writes/s, 150 GB a day, 2.6 TB of ids, 75 Tbps, 47 servers"
    assert [(q.expression, q.kind) for q in quantities(text)] == [
        ("500M/day", "rate"),
        ("5.8K/s", "rate"),
        ("150 GB/day", "byte_rate"),
        ("2.6 TB", "bytes"),
        ("75 Tbps", "byte_rate"),
        ("47", "count"),
    ]


def test_an_estimate_in_prose_is_judged_by_value_and_says_where_it_is_off() -> None:
    right = verdict("twitter", "estimate-qps", "500M tweets a day is about 5.8K writes per second.")
    assert right.verdict is Verdict.COVERED
    assert right.evidence[0].quote == "500M tweets a day"
    off = verdict("twitter", "estimate-qps", "Writes are about 580 per second.")
    assert off.verdict is Verdict.MISSED
    assert off.evidence[0].how is How.OFF
    assert "10x under" in off.note
    # the label alone is not an estimate
    assert verdict("twitter", "estimate-qps", "We need the QPS and the write QPS.").credit == 0
