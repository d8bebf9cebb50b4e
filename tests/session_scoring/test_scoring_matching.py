"""The Matcher: stems, abbreviations, typos, word forms, negation, evidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from session_scoring_helpers import MINI, load_problem

from coach.scoring.matching import Matcher, matcher_for, words

LEXICON = [
    "A cache and a caching layer, sharding, a database, a load balancer, fan-out on write,"
    " the timeline, replication, monitoring, consistency, invalidation."
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.plain(known=LEXICON)


def covered(matcher: Matcher, text: str, *terms: str) -> str | None:
    found = matcher.find(text, terms)
    return None if found is None else found.quote


@pytest.mark.parametrize(
    ("text", "term", "quote"),
    [
        ("We cache the hot tweets", "caching", "cache"),
        ("results are cached for a minute", "cache", "cached"),
        ("we shard by user id", "sharding", "shard"),
        ("tweets are sharded by id", "sharding", "sharded"),
        ("Replicas take the reads", "replica", "Replicas"),
    ],
)
def test_word_forms_share_a_stem(matcher: Matcher, text: str, term: str, quote: str) -> None:
    assert covered(matcher, text, term) == quote


@pytest.mark.parametrize(
    ("text", "term", "quote"),
    [
        ("the DB is Postgres", "database", "DB"),
        ("we need a database", "db", "database"),
        ("an LB in front", "load balancer", "LB"),
        ("one loadbalancer in front", "load balancer", "loadbalancer"),
        ("what is the DAU", "daily active users", "DAU"),
        ("r/w ratio is 20:1", "read/write ratio", "r/w ratio"),
        ("about 6K writes/s", "writes per second", "writes/s"),
        ("200M users", "200 million", "200M"),
    ],
)
def test_abbreviations_match_what_they_stand_for(
    matcher: Matcher, text: str, term: str, quote: str
) -> None:
    assert covered(matcher, text, term) == quote


@pytest.mark.parametrize(
    ("text", "term", "quote"),
    [
        ("fan out on write", "fan-out on write", "fan out on write"),
        ("fanout on write", "fan-out on write", "fanout on write"),
        ("fan-out on write", "fanout on write", "fan-out on write"),
        ("we fan-out to followers", "fanout", "fan-out"),
        ("a no-sql store", "nosql", "no-sql"),
    ],
)
def test_hyphens_spaces_and_joined_words_are_one_word(
    matcher: Matcher, text: str, term: str, quote: str
) -> None:
    assert covered(matcher, text, term) == quote


@pytest.mark.parametrize(
    ("text", "term", "quote"),
    [
        ("a cashing layer in front of the store", "cache", "cashing"),
        ("we need replicaton across zones", "replication", "replicaton"),
        ("monitering with dashboards", "monitoring", "monitering"),
        ("the databse holds users", "database", "databse"),
    ],
)
def test_typos_of_long_words_are_forgiven(
    matcher: Matcher, text: str, term: str, quote: str
) -> None:
    assert covered(matcher, text, term) == quote


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("a photo sharing app", "sharding"),  # a real word, not a typo of sharding
        ("catching errors early", "caching"),
        ("users share tweets", "shard"),  # short words are never fuzzy
        ("cahce", "cache"),
    ],
)
def test_real_words_and_short_words_are_not_typos(matcher: Matcher, text: str, term: str) -> None:
    assert covered(matcher, text, term) is None


@pytest.mark.parametrize(
    "text",
    [
        "we won't use a cache",
        "We do not need a cache here",
        "no cache at all",
        "never cache timelines",
        "go w/o a cache",
        "skip the cache for writes",
        "we don't really need any cache",
    ],
)
def test_a_negated_mention_does_not_count(matcher: Matcher, text: str) -> None:
    assert covered(matcher, text, "cache") is None


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("cache so we do not hit the db", "cache"),  # the negation comes after
        ("we don't need a cache, but sharding helps", "sharding"),  # another clause
        ("not only a cache but a CDN", "cache"),
        ("avoid a single point of failure", "single point of failure"),
        ("no cache. A cache would not help writes, but a cache helps reads", "cache"),
    ],
)
def test_negation_reaches_only_its_own_clause(matcher: Matcher, text: str, term: str) -> None:
    assert covered(matcher, text, term) is not None


def test_a_negation_near_another_word_does_not_cancel_the_term(matcher: Matcher) -> None:
    assert covered(matcher, "cache so we do not hit the db", "database") is None
    assert covered(matcher, "cache so we do not hit the db", "cache") == "cache"


def test_multi_word_terms_need_their_words_close_and_in_one_sentence(matcher: Matcher) -> None:
    assert covered(matcher, "the load balancer", "load balancer") == "load balancer"
    assert covered(matcher, "fan out the tweets on write", "fan-out on write") is not None
    assert covered(matcher, "load the data into a balancer", "load balancer") is None
    assert covered(matcher, "the load. Balancer", "load balancer") is None


def test_two_word_terms_match_swapped_within_a_clause(matcher: Matcher) -> None:
    assert covered(matcher, "invalidate the cache", "cache invalidation") == "invalidate the cache"
    assert covered(matcher, "the timeline is rebuilt", "rebuilt timeline") is not None
    # longer terms keep their order: this is fan-out on read
    assert covered(matcher, "cheap writes, fan out on read", "fanout on write") is None
    assert covered(matcher, "cheap writes, fan out on read", "fan-out on write") is None


def test_off_topic_and_empty_text_cover_nothing(matcher: Matcher) -> None:
    terms = ("cache", "database", "sharding", "load balancer", "fan-out on write")
    assert matcher.find("The weather in Lisbon is lovely in May.", terms) is None
    assert matcher.find("", terms) is None
    assert matcher.find("   \n\t ", terms) is None
    assert matcher.find("?!... ,,,", terms) is None


def test_evidence_points_into_the_users_text(matcher: Matcher) -> None:
    text = "First we add an LB. Then Redis for the cache."
    found = matcher.find(text, ["load balancer"])
    assert found is not None
    assert (found.term, found.quote) == ("load balancer", "LB")
    assert text[found.start : found.end] == "LB"


def test_the_first_listed_term_that_matches_is_the_evidence(matcher: Matcher) -> None:
    found = matcher.find("redis cache", ["memcached", "cache", "redis"])
    assert found is not None and found.term == "cache"


def test_words_splits_numbers_units_and_hyphens() -> None:
    assert words("200ms p99, 5.8K/s fan-out k8s") == [
        "200",
        "ms",
        "p99",
        "5.8",
        "k",
        "s",
        "fan",
        "out",
        "k8s",
    ]


def test_the_problem_matcher_is_built_once_per_problem() -> None:
    problem = load_problem(MINI)
    assert matcher_for(problem) is matcher_for(problem)
    other = load_problem(MINI)
    assert matcher_for(other) is not matcher_for(problem)


def test_the_problem_matcher_corrects_towards_the_problems_words() -> None:
    problem = load_problem(MINI)
    matcher = matcher_for(problem)
    assert matcher.knows("celebrity")
    assert matcher.covers("celebrties are pulled at read time", ["celebrity"])
    assert not matcher.covers("we use a push modle", ["push model"])  # 5 letters: no guess


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_safe_and_evidence_is_a_slice_of_it(text: str) -> None:
    matcher = Matcher.plain(known=LEXICON)
    found = matcher.find(text, ["cache", "load balancer", "fan-out on write", "db"])
    if found is not None:
        assert text[found.start : found.end] == found.quote
