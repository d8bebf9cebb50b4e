"""Refusals in everyday words, and the double negations that ask for a thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.problems.loader import load_spec_file
from coach.scoring.matching import matcher_for
from coach.scoring.negation import negations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def matcher():
    return matcher_for(load_spec_file(ROOT / "problems" / "url-shortener.yaml"))


def negated_words(matcher, text: str) -> set[str]:
    return {
        token.word
        for unit in matcher.units(text)
        for token, by in zip(unit.tokens, negations(unit), strict=True)
        if by >= 0
    }


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("Forget sharding by city.", "sharding"),
        ("Batching requests into an assignment problem - forget it.", "batching"),
        ("H3 or geohash buys us nothing here.", "geohash"),
        ("Ranking by ETA is a waste.", "ranking"),
        ("I considered a cache for timelines but I wouldn't add one, the DB is fast.", "cache"),
        ("People talk about fan-out on write, but I\nwouldn't do that.", "fan"),
    ],
)
def test_a_refusal_rejects_what_it_names(matcher, text: str, rejected: str) -> None:
    assert rejected in negated_words(matcher, text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Don't forget rate limiting on creates.", "rate"),
        ("Never skip the cache warmup.", "cache"),
        ("We cache hot codes and we never lose them on failover.", "cache"),
    ],
)
def test_a_double_negation_asks_for_the_thing(matcher, text: str, kept: str) -> None:
    assert kept not in negated_words(matcher, text)


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("I know people precompute timelines into Redis, but we won't cache anything.", "redis"),
        ("Replicating hot keys or adding a local cache - nah, not needed.", "replicating"),
        ("Read replicas I'd also skip because of replication lag.", "replicas"),
    ],
)
def test_what_others_do_and_short_verdicts_are_turned_down(
    matcher, text: str, rejected: str
) -> None:
    assert rejected in negated_words(matcher, text)


def test_a_plain_but_turns_down_only_its_own_clause(matcher) -> None:
    words = negated_words(matcher, "We shard by user id, but we don't shard the follows table.")
    assert "user" not in words and "follows" in words


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("Fan-out on write is the famous approach, but I'd avoid it.", "fan"),
        ("Precomputing timelines for every user is wasted work.", "precomputing"),
    ],
)
def test_avoiding_it_and_wasted_work_turn_it_down(matcher, text: str, rejected: str) -> None:
    assert rejected in negated_words(matcher, text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Never double-assign a driver, never lose a trip, first offer within 2 s.", "offer"),
        ("We salt hot keys to avoid hot spots on one shard.", "salt"),
        ("Batching the inserts avoids wasted work.", "batching"),
    ],
)
def test_a_requirement_or_a_fix_is_not_turned_down(matcher, text: str, kept: str) -> None:
    assert kept not in negated_words(matcher, text)


@pytest.mark.parametrize(
    ("text", "negated", "kept"),
    [
        (
            "Accounts over 100K followers skip fan-out and their tweets get merged at read time.",
            "fan",
            "merged",
        ),
        (
            "Don't fan out to users inactive for 30 days, rebuild their feed on login.",
            "inactive",
            "rebuild",
        ),
        ("No queue and no cache.", "queue", "nothing"),
    ],
)
def test_a_negation_stops_where_a_new_clause_starts(
    matcher, text: str, negated: str, kept: str
) -> None:
    words = negated_words(matcher, text)
    assert negated in words and kept not in words
    if text.startswith("No queue"):
        assert "cache" in words  # "and no cache" is no new clause


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("Keys: base62, hashing, ranges - I don't think any of that is needed.", "base62"),
        ("People like to put a cache or CDN in front of redirects, but I'd leave it out.", "cdn"),
        ("Fan-out on write is the famous approach, but I don't think it's worth it.", "fan"),
    ],
)
def test_a_dismissal_of_that_reaches_what_it_points_at(matcher, text: str, rejected: str) -> None:
    assert rejected in negated_words(matcher, text)


def test_narrowing_the_usual_approach_keeps_it(matcher) -> None:
    words = negated_words(
        matcher, "Fan-out on write is the standard approach, but for big accounts we don't fan out."
    )
    assert "standard" not in words and "write" not in words


def test_a_phrase_of_a_small_word_and_one_word_needs_both() -> None:
    # "on write" (fan-out on write) is not any "write"; "per user" is not any "user"
    matcher = matcher_for(load_spec_file(ROOT / "problems" / "twitter.yaml"))
    for text in ("It is cheap to write a row.", "A user logs in."):
        unit = matcher.units(text)[0]
        assert not matcher.concept_spans(unit, "push")
        assert not matcher.concept_spans(unit, "user-id")
    unit = matcher.units("We push on write to every follower.")[0]
    assert matcher.concept_spans(unit, "push")


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("Geo routing and hot-key replicas, I wouldn't count those as requirements.", "geo"),
        ("Click analytics, I don't see that as a must.", "analytics"),
        ("Redis and a CDN are nice, but we're not going to build those pieces at all.", "redis"),
        ("Link previews are out of scope, so we won't bother.", "previews"),
        ("Link previews are out of scope. Do we need custom aliases?", "previews"),
        ("A warm cache is something I'd avoid entirely: it is one more thing to run.", "warm"),
        ("Sharding the codes by prefix? That's overkill for this size.", "sharding"),
        ("A CDN in front of redirects? Not worth it at this stage.", "cdn"),
        ("Click analytics? We can live without them.", "analytics"),
        ("Negative caching? YAGNI.", "negative"),
        ("A key generation service is premature; a counter will do.", "generation"),
        ("Hashing with retries on collision is over-engineering.", "hashing"),
        ("I'd push back on custom aliases.", "aliases"),
        ("People will tell you to add a key service. No need for one here.", "service"),
        ("We could keep hot codes in Redis. I would rather not run another cluster.", "redis"),
        ("The usual layout puts Redis before the store. We won't bother.", "redis"),
        ("Pre-generated keys are often suggested. I don't think they earn their keep.", "keys"),
        ("Most teams add a CDN for redirects. I'd rather not pay for any of it.", "cdn"),
        ("Click analytics is a feature we can do without for now.", "analytics"),
        ("A warm standby region is a cost I would rather not sign up for.", "standby"),
        ("3. Redis in front of the links table: not adopted.", "redis"),
        ("A common setup shards links by hash. I wouldn't go that far.", "shards"),
        ("A hash/range scheme for codes would be needless here.", "hash"),
        ("Bloom filters, key ranges - neat trick, but for now it's premature.", "bloom"),
        ("Per-link analytics multiplies writes for little benefit.", "analytics"),
        ("Hash or counter is the old argument, and frankly it's one I'd skip.", "hash"),
        ("Negative caching - I'd hold off on that until launch.", "negative"),
        ("I'd prefer one MySQL box over a sharded key-value store.", "sharded"),
        ("I'd rather eat a little latency than run a Redis cluster.", "redis"),
        ("Bloom filters and key ranges: more hassle than they're worth.", "bloom"),
        ("A separate analytics pipeline brings more pain than gain.", "analytics"),
        ("Geo replication: a luxury at this size.", "replication"),
        ("Custom aliases? Meh.", "aliases"),
        ("Bloom filters for unknown codes, if and when scans show up.", "bloom"),
        ("Geo replication, not until a region actually fails us.", "replication"),
        ("Click analytics only makes sense once marketing asks.", "analytics"),
        ("A Redis tier only once traffic demands it.", "redis"),
        ("Rate limits on creation, we'll see whether abuse appears.", "limits"),
        ("A CDN for redirects I see no reason for right now.", "cdn"),
        ("Collision checks don't apply to sequential ids.", "collision"),
        ("The hybrid approach only matters if we fan out on write.", "hybrid"),
        ("I'd hold off on custom aliases for the first release.", "aliases"),
        ("Click analytics can wait until someone asks.", "analytics"),
        ("A bloom filter in front of the store... let's park that.", "bloom"),
        ("Geo replication? We'll cross that bridge when we have users abroad.", "replication"),
        ("Sharding by prefix? Honestly I'd punt on it for now.", "sharding"),
        (
            "Key ranges, a Feistel shuffle, retries on collision - honestly not a day-one thing.",
            "feistel",
        ),
        ("Geo replication is pricey and we can do without it initially.", "replication"),
        ("Negative caching is not something I would spend time on.", "negative"),
        ("Rejected: a key service handing out ranges, because a counter is enough.", "ranges"),
        ("Negative caching: considered and dropped as premature.", "negative"),
        ("Analytics (per-link clicks): rejected; nobody asked for it.", "analytics"),
        ("Custom aliases: we won't support them in the first release.", "aliases"),
        ("Bloom filter: I'd not build one, since the store answers misses fast.", "bloom"),
        ("Not until redirects slow down would we put Redis in front.", "redis"),
        ("Only if the table outgrows one box would I shard it by code.", "shard"),
        ("Geo replication only if an outage ever costs us links.", "replication"),
        ("Partitioning the clicks table, not before it passes a few TB.", "partitioning"),
        # everyday declines, a sentence after the idea or inside it
        ("The fancy option is a bloom filter for unknown codes. Nah, too much for us.", "bloom"),
        ("Folks normally shard the store by code. Don't think we need that.", "shard"),
        ("A CDN is the standard answer, but that feels like more than we need.", "cdn"),
        ("A negative cache would help with scanners, but I'll pass on that.", "negative"),
        ("Key ranges, a Feistel shuffle, retries - none of those are in my plan.", "feistel"),
        ("Redis in front is the textbook answer. I'm going to turn it down.", "redis"),
        ("I'd keep it to one box and leave the cache out altogether.", "cache"),
        ("Geo replication is too expensive for a first version.", "replication"),
        ("The careful approach is a key service. I'm not convinced we need it.", "service"),
        ("Replicas spread reads, but I'd leave them out for now and keep it small.", "replicas"),
        ("Hashing the url would also work, but I'm happy to live without that as well.", "hashing"),
        ("Sharding by code, or by creation time, is more than I want to take on.", "creation"),
        ("Analytics could go through Kafka to workers. Passing on it.", "kafka"),
        ("Custom aliases are not something I'd spend time on. Same for vanity domains.", "vanity"),
        ("Expiry sweeps are the usual route, but I'd prefer lazy checks on read.", "sweeps"),
        ("You could emit clicks to a stream, I'd rather keep a counter column.", "clicks"),
        ("Rate limiting per IP I'd leave for later.", "limiting"),
        ("Most teams pick DynamoDB. I'm going to go against that and use Postgres.", "dynamodb"),
        ("Multi-region is overkill, so I'd run the whole thing in one region.", "region"),
        # a verdict that opens the next sentence, before naming anything of its own
        ("A bloom filter for unknown codes. Not necessary.", "bloom"),
        ("The classic design shards links by code. This brings nothing here.", "shards"),
        ("Counting clicks through Kafka and workers. I am not going for this.", "kafka"),
        ("An edge layer for viral links. Not needed at this scale.", "edge"),
        ("Geo replication of the links. This can come in a later phase.", "replication"),
        ("Key ranges per server with a permutation. I would defer this.", "permutation"),
        ("Key ranges with a permutation. This is more machinery than is justified.", "ranges"),
        ("A cache would absorb most reads, but I would prefer not to run another store.", "cache"),
        # a sentence about the one before ("it", "this") that decides against it
        ("A key service hands out ranges. I weighed it and I would forgo it.", "ranges"),
        ("Feistel shuffles hide the order. It is neat, but I do not find it worth it.", "feistel"),
        (
            "Geo replication would guard uptime, but I consider that unwarranted here.",
            "replication",
        ),
    ],
)
def test_a_judgement_on_what_it_points_at_turns_it_down(matcher, text: str, rejected: str) -> None:
    assert rejected in negated_words(matcher, text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Is analytics out of scope?", "analytics"),
        ("Is analytics out of scope? Let me assume it is not, and count clicks.", "analytics"),
        ("Do we need a cache? Yes, for the hot links.", "cache"),
        ("One code per link? No duplicate codes?", "link"),
        ("People use a cache for hot links. We do too, with an LRU.", "cache"),
        ("We could lose a cache node. No link is lost: the store has them all.", "cache"),
        ("Creates are a separate service so a bad deploy can't hurt redirects.", "redirects"),
        ("We never lose an accepted link once the write is acknowledged.", "link"),
        ("If found and not expired it returns a 302 with the location.", "302"),
        ("Do we need a cache? That depends on the read ratio, which is 100:1.", "cache"),
        ("We put a cache in front to avoid hot spots on the DB.", "cache"),
        ("We replicate the cache so we don't lose it as long as one node is up.", "cache"),
        ("The cache takes most reads so we don't need those extra replicas.", "cache"),
        ("The usual layout puts Redis before the store. We do the same, with a TTL.", "redis"),
        ("Replicas and backups, and no alerting for now.", "backups"),
        ("We can't do without a cache in front of the store.", "store"),
        ("Analytics is a feature nobody will pay for.", "analytics"),
        ("Decision: Redis in front of the links table, rejected keys are dropped.", "redis"),
        ("A common mistake is one hot key. We won't shard for it but cache it.", "cache"),
        ("We don't need replicas: the cache we rely on serves reads.", "cache"),
        ("The cache takes most reads, and it makes extra replicas unnecessary.", "cache"),
        ("Drivers park near the airport, so the cache holds their cells.", "cache"),
        ("We defer the fan-out for big accounts to read time.", "fan"),
        ("Hold the cache entries for a day.", "cache"),
        ("We prefer a cache over extra replicas for the hot links.", "cache"),
        ("Links are served from the cache rather than the store.", "cache"),
        ("Hot links: a cache in front, with a short TTL.", "cache"),
        ("Only once the row is durable do we return the code from the cache.", "cache"),
        ("Each click is counted only once per visitor in the cache.", "cache"),
        ("Users will see the cached link at once.", "cached"),
        ("Redis holds the hot links. I'd shard it by code when it grows.", "redis"),
        ("Consistency: not strong, eventual is fine for a cache of links.", "cache"),
        ("Rejected: writes to a full shard, because the cache serves reads.", "cache"),
        ("Hot links: we don't fetch them from the store; an LRU in each node serves them.", "hot"),
        ("Would we need Redis? Only if reads lag, and they will.", "redis"),
        ("Redirect only when the code exists, else a 404.", "redirect"),
        ("Serve from the cache only if the link hasn't expired.", "cache"),
        ("Not until the row is durable will we put the link in the cache.", "cache"),
        ("We survive a single region outage by failing over to the other region.", "region"),
        ("Redis holds the hot links. It is fast, and we never need the store for them.", "redis"),
        ("Reads dominate the cache. We won't need a second store.", "cache"),
        ("We shard links by code. No single node holds more than 5%.", "shard"),
        ("The cache serves the hot links. It is not strongly consistent.", "cache"),
        ("Fan-out would flood big accounts' followers, but we don't do it for stars.", "fan"),
        ("Decline -> the next cached candidate gets the offer.", "cached"),
        ("Each region has one primary for the links table.", "region"),
        ("We leave the cache warm between deploys.", "cache"),
        ("A cache would be nice, and we add one in front of the store.", "cache"),
        ("Sharding the store by code is the standard move, and we do it from day one.", "sharding"),
        ("The cache takes reads, I'd rather keep the store small.", "cache"),
    ],
)
def test_a_question_or_a_purpose_is_not_a_judgement(matcher, text: str, kept: str) -> None:
    assert kept not in negated_words(matcher, text)


def test_a_markdown_heading_names_nothing(matcher) -> None:
    [unit] = matcher.units("## Caching\nWe put Redis in front of the store.")
    assert "caching" not in {token.word for token in unit.tokens}
