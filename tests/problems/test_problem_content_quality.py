"""The shipped problems are fair judges of real answers.

These are content checks: each curveball's adjustments earn its rubric,
answers that only name generic boxes do not, every clarification is reached
by asking it, prohibitions earn their item however they are negated, and the
flagship problems (twitter, uber, netflix) understand answers and questions
worded the way candidates type them. (That each problem's reference answers
earn its own rubric and not others' is `tests/calibration/test_cross_matrix.py`.)
A failure names the problem, the phase and the items, so a rubric edit that
breaks one is easy to find.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from coach.phases import PHASES, Phase
from coach.problems.loader import load_spec_file
from coach.problems.model import Problem, RubricItem
from coach.scoring.matching import STOP_WORDS, words, wordset
from coach.session.interviewer import answer_question
from coach.session.scoring import judge_text, result_of

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.stem for p in (ROOT / "problems").glob("*.yaml"))
FLAGSHIPS = ("twitter", "uber", "netflix")

REFERENCE_FLOOR = 85.0  # % of a curveball's rubric weight its adjustments earn
VAGUE_CEILING = 25.0  # % of a phase's rubric weight
PARAPHRASE_FLOOR = 80.0  # % of a phase's weight for the flagship paraphrases

# Answers that could be pasted into any interview: they name boxes and wishes,
# never a decision about this problem.
VAGUE_ANSWERS = (
    "We use a load balancer, some app servers, a database and a cache. We scale horizontally.",
    "It should be fast and reliable.",
    "It should be fast, reliable, scalable and highly available. We need good performance and"
    " low latency for users.",
    "Users call the API servers through a load balancer. The API servers read and write the"
    " database and we put a cache in front of it. We add more servers when traffic grows and"
    " use replication for the database.",
    "We store the data in a SQL database and use Redis as a cache. A message queue handles"
    " background jobs. We monitor everything and add alerts. If there is a bottleneck we add"
    " more machines.",
    "I would use microservices on Kubernetes with autoscaling, a NoSQL database, a CDN and a"
    " queue. Everything is replicated so there is no single point of failure.",
)

# A single word that every design mentions earns nothing specific.
GENERIC_WORDS = wordset(
    """api apis endpoint endpoints bottleneck bottlenecks cache caching cached database
    databases db server servers service services scale scalable scaling fast reliable
    reliability performance latency availability available horizontal horizontally
    microservices replication replicated queue queues storage memory request requests slo
    sla design system data"""
)


# Lexicon concepts any design names: alone they say nothing about this problem.
GENERIC_CONCEPTS = wordset(
    """cache shard replica queue database monitor failover region bottleneck read write
    api service servers load-balancer stateless asynchronous worker storage memory
    latency availability consistency eventual strong-consistency hot-key rate-limit
    cdn object-storage index batch lag autoscale prescale degrade thundering-herd
    coalesce local-cache quorum durable retry websocket"""
)


@functools.cache
def problem(problem_id: str) -> Problem:
    return load_spec_file(ROOT / "problems" / f"{problem_id}.yaml")


def score(problem_: Problem, items: list[RubricItem], text: str) -> tuple[float, list[str]]:
    result = result_of(judge_text(problem_, items, text))
    return result.score, result.missed


@pytest.mark.parametrize("problem_id", SHIPPED)
def test_curveball_adjustments_earn_the_curveball_rubric(problem_id: str) -> None:
    spec = problem(problem_id)
    short = []
    for curveball in spec.curveballs:
        got, missed = score(spec, curveball.rubric, "\n".join(curveball.adjustments))
        if got < REFERENCE_FLOOR:
            short.append(f"{curveball.id}: {got}% (missed {', '.join(missed)})")
    assert short == []


@pytest.mark.parametrize("problem_id", SHIPPED)
def test_vague_answers_earn_little(problem_id: str) -> None:
    spec = problem(problem_id)
    rubrics = {phase.value: spec.rubric.for_phase(phase) for phase in PHASES}
    rubrics |= {f"curveball/{c.id}": c.rubric for c in spec.curveballs}
    generous = []
    for name, items in rubrics.items():
        for answer in VAGUE_ANSWERS:
            got, _ = score(spec, items, answer)
            if got > VAGUE_CEILING:
                evidence = [
                    f"{r.id}<-{r.evidence[0].quote!r}"
                    for r in judge_text(spec, items, answer)
                    if r.verdict.earned
                ]
                generous.append(f"{name}: {got}% for {answer[:40]!r}: {', '.join(evidence)}")
    assert generous == []


@pytest.mark.parametrize("problem_id", SHIPPED)
def test_every_clarification_is_reached_by_its_own_asks(problem_id: str) -> None:
    spec = problem(problem_id)
    lost = []
    for clarification in spec.clarifications:
        for ask in clarification.asks:
            # as written, and as typed in a hurry: lower case, no question mark
            for question in (ask, ask.lower().rstrip("?")):
                topic = answer_question(spec, question).topic
                if topic != clarification.topic:
                    lost.append(f"{question!r} -> {topic!r}, not {clarification.topic!r}")
    assert lost == []


@pytest.mark.parametrize(
    ("problem_id", "question", "topic"),
    [
        ("twitter", "how many ppl use twitter daily?", "users and scale"),
        ("twitter", "whats the read to write ratio", "timeline reads and the read/write ratio"),
        ("twitter", "how many tweets per day", "tweet volume"),
        ("twitter", "are there celebs with millions of followers?", "followers and fan-out"),
        ("twitter", "how fast should the home timeline load?", "latency targets"),
        ("twitter", "is it ok if followers see a tweet a few seconds late?", "consistency"),
        ("twitter", "do we keep tweets forever?", "retention and timeline length"),
        ("twitter", "is the feed ranked or just newest first?", "ordering and ranking"),
        ("uber", "how many drivers are online at peak?", "riders, drivers and trips"),
        ("uber", "how often does the driver app ping its location", "location update frequency"),
        ("uber", "is this read heavy or write heavy", "reads and the read/write ratio"),
        ("uber", "how quickly do we need to match a rider", "latency targets"),
        ("uber", "can a driver get two trips at once?", "consistency"),
        ("uber", "what if a data center goes down", "availability"),
        ("uber", "do we pick the nearest driver or the one with best eta?", "matching criteria"),
        ("netflix", "how many subscribers do we have?", "members and scale"),
        ("netflix", "how many concurrent streams at peak?", "viewing time and concurrency"),
        ("netflix", "what devices and resolutions do we support, 4k?", "bitrates and devices"),
        ("netflix", "how much rebuffering is acceptable", "startup time and rebuffering"),
        ("netflix", "do players send telemetry back?", "writes and the read/write ratio"),
        ("netflix", "can the resume position be eventually consistent?", "consistency"),
        ("netflix", "can we put our own servers inside ISPs?", "building our own CDN"),
    ],
)
def test_flagship_questions_in_candidates_words(problem_id: str, question: str, topic: str) -> None:
    assert answer_question(problem(problem_id), question).topic == topic


# Strong answers in a candidate's own words: synonyms ("feed" for timeline),
# abbreviations and typos, none of it copied from the spec.
PARAPHRASES: dict[str, dict[str, str | list[str]]] = {
    "twitter": {
        "topics": ["fanout-strategy", "celebrity-hot-accounts"],
        "clarify": "how many ppl use it daily? Say 200M DAU out of 300M monthly. About 500M"
        " tweets/day, so ~6k writes/sec, 12k at peak. Users refresh their feed ~50x a day so"
        " ~115k reads a sec: reads outnumber writes roughly 20 to 1. Some accounts are celebs"
        " with 100M followers while the avg is ~200. Feed loads in < 200ms p99. Its ok if"
        " followers see tweets late (eventually consistant) but the poster sees their own"
        " tweet straight away. 300 bytes x 500M = 150GB a day, ~270TB across five years."
        " Fanout: 6k x 200 = 1.2M feed inserts per sec.",
        "high_level": "Endpoints: POST /tweets, GET /feed?cursor=..., POST /follow. Clients"
        " -> LB -> stateless app servers. Tweets persisted once in a sharded NoSQL store"
        " (Cassandra). Follower relationships in a followers table indexed both ways. A new"
        " tweet goes onto Kafka and fanout workers copy the tweet id into each follower's feed"
        " list which lives in Redis. Reading the feed = grab ids from Redis then fetch the"
        " bodies in a batch from memcache. IDs are snowflake-style. Photos go to S3 + CDN.",
        "deep_dive": "Push vs pull. With push we do the work at write time: every new tweet"
        " gets appended to followers' precomputed feeds, reads are O(1). With pull we gather"
        " tweets from everyone you follow at read time and merge them, too slow for 115k"
        " reads/s. Push breaks for celebs: one tweet to 100M followers = 100M writes. So a"
        " hybrid approach: regular users are pushed, accounts over ~1M followers are merged"
        " in when the reader loads the feed. Dont bother fanning out to users who haven't"
        " logged in for a month; if they come back, rebuild their feed on demand. A viral"
        " tweet is a hot key, so replicate it and cache it locally in the app servers.",
        "scaling": "Main bottleneck is write amplification from fan-out; add workers based on"
        " Kafka consumer lag. Redis cluster sharded by user id with replicas; memory is fine"
        " since we only keep ids and trim each feed to ~800. If a Redis node dies fail over"
        " to the replica, otherwise a thundering herd of rebuilds hammers the DB. For big"
        " events scale out ahead of time and shed non-critical features. Multiple regions,"
        " active-active, failover via DNS. Followers lag a bit (eventual consistency) but"
        " authors read their own writes. Dashboards and alerts on p99 and fan-out lag.",
    },
    "uber": {
        "topics": ["geo-index", "matching"],
        "clarify": "How many drivers are online at peak? ~1.5M concurrent, each pinging GPS"
        " every 4 secs, so 375K location writes per second. ~20M trips a day is only a few"
        " hundred ride requests per second. Reads are a tenth of the writes, so it's write"
        " heavy. ~100 bytes a ping is 1.6 TB of location history a day. Offer within 2 s,"
        " API p99 under 200 ms. Locations can be a few seconds stale, but a driver can't be"
        " assigned two trips and a trip can't be lost. Demand is uneven: airports, stadiums.",
        "high_level": "Drivers hold a websocket to a gateway. Location updates go to a location"
        " service that writes the latest position into an in-memory geo index (H3 cells)"
        " sharded by city and publishes each ping to Kafka. Nearby cars = query the rider's"
        " cell and its neighbours. Ride requests hit the trip service, which stores the trip"
        " in a strongly consistent DB; the dispatch service finds the closest drivers, gets"
        " ETAs from the routing service and sends an offer over the websocket.",
        "deep_dive": "The index maps cell -> drivers in RAM. When a driver moves into another"
        " cell we remove them from the old cell; drivers silent for 30 s expire. Queries read"
        " the cell plus the ring of neighbouring cells and widen the radius if there are too"
        " few. Candidates are ranked by ETA. To prevent double booking we atomically flip the"
        " driver from available to reserved (compare and swap) with an offer timeout; on a"
        " decline we try the next driver. In busy cities we batch requests for a couple of"
        " seconds. Shards are split by city with consistent hashing.",
        "scaling": "The location write path is the bottleneck at 375K writes/s, so it stays in"
        " memory with batched history writes. Airport hot spots get their cells split across"
        " shards. A dead index node is rebuilt from the next updates; trips replicate to a"
        " standby region for failover. Locations eventually consistent, trips strongly"
        " consistent. For New Year's Eve pre-scale and throttle refreshes. Monitor time to"
        " match and acceptance rate. Old history goes to cold storage, compressed. Phones on"
        " flaky networks buffer pings and resend on reconnect.",
    },
    "netflix": {
        "topics": ["open-connect", "adaptive-bitrate"],
        "clarify": "How many subscribers and how much do they watch? 250M members, ~150M a"
        " day for ~2 hours, so 12.5M concurrent streams on average, ~25M at peak. Bitrates"
        " from 0.2 Mbps on phones to 16 Mbps for 4K, ~3 Mbps average, so ~75 Tbps of egress"
        " at peak. Playback should start in ~2 s and rebuffering stay under 1% of watch time."
        " It's read heavy: video is written once, the writes are player heartbeats, ~210K"
        " events per second. ~15K titles with all renditions is a few PB.",
        "high_level": "A control plane in AWS (catalogue, playback API, DRM licences,"
        " steering) and a data plane of our own CDN boxes inside ISPs. Masters go to S3, a"
        " transcoding pipeline builds a bitrate ladder per codec and packages segments with"
        " DASH/HLS manifests. The player gets a licence and a ranked list of cache servers,"
        " downloads segments from the nearest healthy one and switches quality with adaptive"
        " bitrate. Viewing history and bookmarks live in Cassandra.",
        "deep_dive": "We know what people will watch, so edge caches are filled proactively"
        " overnight, off-peak, from predicted popularity, not on misses. Two tiers: boxes"
        " embedded in ISPs for the popular titles, bigger ones at internet exchange points."
        " ~95% of traffic stays inside the ISP. ABR: the client measures throughput and its"
        " buffer level, starts at a low bitrate so video starts fast, steps up, and drops"
        " quickly when the buffer drains to avoid stalls. Segments are 2-4 s on keyframes.",
        "scaling": "The bottleneck is bandwidth at peak, which is why bytes come from inside"
        " ISPs. The control plane is active-active in 3 regions; on a failure we evacuate"
        " traffic. Clients fail over to the next server in their list. For premieres we"
        " pre-position content. Under overload we prioritise playback and drop non-critical"
        " work. Events go through Kafka into Cassandra. We monitor rebuffer rate and play"
        " start failures per ISP. AV1 cuts the cost per GB.",
    },
}


@pytest.mark.parametrize("problem_id", FLAGSHIPS)
def test_flagship_rubrics_credit_strong_answers_in_other_words(problem_id: str) -> None:
    spec = problem(problem_id)
    answer = PARAPHRASES[problem_id]
    short = []
    for phase in PHASES:
        items = spec.rubric.for_phase(phase)
        if phase is Phase.DEEP_DIVE:
            items = [i for i in items if i.topic is None or i.topic in answer["topics"]]
        text = answer[phase.value]
        assert isinstance(text, str)
        got, missed = score(spec, items, text)
        if got < PARAPHRASE_FLOOR:
            short.append(f"{phase.value}: {got}% (missed {', '.join(missed)})")
    assert short == []


@pytest.mark.parametrize(
    ("problem_id", "item_id", "text"),
    [
        # a requirement stated as a prohibition is the requirement, whatever the negation
        ("ticket-booking", "no-double-booking", "We must never sell the same seat twice."),
        ("ticket-booking", "no-double-booking", "there can be no overselling"),
        ("ticket-booking", "no-double-booking", "we can't double-book a seat"),
        ("uber", "ask-consistency", "A driver must never be double booked."),
        ("uber", "ask-consistency", "a driver can't be assigned two trips"),
        ("chat", "delivery-semantics", "no message loss and no duplicates"),
        ("notification-system", "delivery-semantics", "We can never lose an accepted request."),
        ("twitter", "skip-inactive-users", "we don't fan out to inactive users at all"),
        ("twitter", "hybrid-celebrity", "We do not fan out tweets from celebrities."),
    ],
)
def test_prohibitions_earn_their_item(problem_id: str, item_id: str, text: str) -> None:
    spec = problem(problem_id)
    item = next(i for i in spec.rubric.all_items() if i.id == item_id)
    [result] = judge_text(spec, [item], text)
    assert result.verdict.earned, result


@pytest.mark.parametrize("problem_id", SHIPPED)
def test_rubric_items_are_specific_to_their_problem(problem_id: str) -> None:
    """Terms of 1-4 words, none a lone generic word; no idea that is one generic
    concept: "cache" alone would credit any answer that names a box."""
    spec = problem(problem_id)
    found = []
    for item in [*spec.rubric.all_items(), *(i for c in spec.curveballs for i in c.rubric)]:
        for term in item.terms:
            content = [w for w in words(term) if w not in STOP_WORDS]
            if not 1 <= len(term.split()) <= 4:
                found.append(f"{item.id}: {term!r} is not 1-4 words")
            if len(content) == 1 and content[0] in GENERIC_WORDS:
                found.append(f"{item.id}: {term!r} alone says nothing about this problem")
        for parts in item.idea_parts():
            if len(parts) == 1 and parts[0] in GENERIC_CONCEPTS:
                found.append(f"{item.id}: idea {parts[0]!r} alone says nothing about this problem")
    assert found == []
