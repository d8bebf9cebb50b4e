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
        # a dismissal whose subject names what came before ("the distinction", "which one")
        (
            "twitter",
            "fanout-on-read",
            "People talk about fan-out on write versus fan-out on read, but I don't think the"
            " distinction matters for us: the join handles it.",
        ),
        ("url-shortener", "redirect-status", "We return a 301 or a 302, which one doesn't matter."),
        # "I don't think X is a concern" denies the clause, a prohibition's too
        ("uber", "no-double-booking", "I don't think double assignment is a real concern."),
        # a dismissal after a list reaches over the list's commas
        ("uber", "cell-index", "A geospatial index like geohash, quadtree or H3 is unnecessary."),
        ("uber", "monitoring", "Monitoring the matching latency doesn't really add anything."),
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


def test_a_label_the_rest_of_its_line_describes_is_explained() -> None:
    described = verdict(
        "url-shortener", "hot-key", "Viral links (hot): an LRU in each redirect process, 60 s TTL."
    )
    assert (described.verdict, described.evidence[0].how) == (Verdict.COVERED, How.EXPLAINED)
    listed = verdict("url-shortener", "hot-key", "Viral links (hot): LRU, CDN, Redis.")
    assert (listed.verdict, listed.evidence[0].how) == (Verdict.PARTIAL, How.MENTIONED)


def test_small_words_that_make_a_phrase_and_figures_keep_their_place() -> None:
    # "reads per write" is a ratio; "read-your-writes" is not
    lag = verdict("twitter", "ask-read-write-ratio", "Lag would break read-your-writes.")
    assert lag.verdict is Verdict.MISSED
    assert verdict("twitter", "ask-read-write-ratio", "About 20 reads per write.").verdict.earned
    # "500M x 300 B" holds no "300 million" users
    assert verdict("twitter", "ask-users-scale", "500M x 300 B = 150 GB/day").verdict is (
        Verdict.MISSED
    )


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
        ("Fan-out is a non-issue", {"fan", "out"}, set()),
        ("we shard by city, caching or queues are overkill", {"caching", "queues"}, {"shard"}),
        ("Redis doesn't add much latency", set(), {"redis"}),
        ("the queue adds nothing to latency", set(), {"queue"}),
        ("we don't need to be exact about counts", {"exact"}, set()),
        ("we don't need to know the follower count", {"follower", "count"}, set()),
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
        "Reads dominate; cache them",
        "shard by id",
    ]


def test_a_semicolon_joins_the_clauses_of_one_sentence_and_ends_a_negation() -> None:
    matcher = Matcher.plain()
    [unit] = matcher.units("We won't shard; the cache takes the reads.")
    scope = negations(unit)
    words = {t.word: scope[i] >= 0 for i, t in enumerate(unit.tokens)}
    assert words["shard"] and not words["cache"]


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


def test_a_figure_on_one_line_of_a_long_list_of_terms_estimates_nothing() -> None:
    listed = "\n".join(["QPS", "DAU", "SLO", "5.8K writes/s", "sharding", "CDN", "Redis"])
    assert verdict("twitter", "estimate-qps", listed).credit == 0
    noted = "- 500M tweets/day\n- 5.8K writes/s -> 116K reads/s at 20:1"
    assert verdict("twitter", "estimate-qps", noted).credit > 0


def test_a_daily_count_of_new_links_is_the_write_rate_whatever_follows_it() -> None:
    # "100 reads per write" after it must not make the day's new links a read rate
    said = "The brief says 100M links a day and 100 reads per write."
    result = verdict("url-shortener", "write-qps", said)
    assert result.verdict is Verdict.COVERED
    assert [(e.quote, e.how) for e in result.evidence] == [("100M links a day", How.FIGURE)]


@pytest.mark.parametrize(
    ("problem_id", "item_id", "question"),
    [
        (
            "twitter",
            "ask-follower-distribution",
            "Do I need to worry about how many followers people have? I'd guess not.",
        ),
        (
            "netflix",
            "ask-watch-time-concurrency",
            "I don't think the number of concurrent viewers changes anything, does it?",
        ),
        ("netflix", "ask-members-scale", "I don't need to know how many members there are, right?"),
    ],
)
def test_a_question_dismissed_as_it_is_asked_earns_nothing(
    problem_id: str, item_id: str, question: str
) -> None:
    from coach.scoring.judge import Answer, Asked, judge
    from coach.scoring.matching import matcher_for

    asked_about = item(problem_id, item_id)
    # even when the interviewer answers it from the item's own topic...
    asked = [Asked(1, question, asked_about.asked[0])]
    answers = [Answer("question 1", question)]
    [result] = judge([asked_about], answers, matcher_for(spec(problem_id)), asked=asked)
    assert result.credit == 0  # ...the user waved it away


def test_an_ask_item_is_earned_in_full_by_asking_and_in_part_by_stating_it() -> None:
    from coach.scoring.judge import Answer, Asked, judge
    from coach.scoring.matching import matcher_for

    twitter = spec("twitter")
    ratio = item("twitter", "ask-read-write-ratio")
    asked = [Asked(1, "What's the read/write ratio?", "timeline reads and the read/write ratio")]
    [full] = judge(
        [ratio], [Answer("question 1", asked[0].question)], matcher_for(twitter), asked=asked
    )
    assert (full.verdict, full.credit, full.evidence[0].how) == (Verdict.COVERED, 1.0, How.ASKED)
    stated = verdict("twitter", "ask-read-write-ratio", "Reads dominate: about 20 loads per tweet.")
    assert (stated.verdict, stated.credit) == (Verdict.PARTIAL, 0.5)
    assert stated.note.startswith("stated, not asked")
    named = verdict("twitter", "ask-read-write-ratio", "read heavy, DAU, MAU, QPS, p99, SLA, CAP")
    assert named.credit == 0


@pytest.mark.parametrize(
    "text",
    [
        # a pasted glossary with spaces only: YAML's folded text
        "fan-out on write fan-out on read hybrid fan-out celebrity problem hot keys request"
        " coalescing inactive users lazy rebuild separate queue snowflake ids consistent hashing",
        "fan-out on write; fan-out on read; hybrid fan-out; celebrity problem; hot keys",
        "fan-out on write\nfan-out on read\nhybrid fan-out\ncelebrity problem\nhot keys",
        "fan-out on write / fan-out on read / hybrid fan-out / celebrity problem / hot keys",
        "fan-out on write + fan-out on read + hybrid fan-out + celebrity problem + hot keys",
    ],
    ids=["spaces", "semicolons", "lines", "slashes", "pluses"],
)
def test_a_list_earns_one_mention_whatever_separates_its_terms(text: str) -> None:
    twitter = spec("twitter")
    items = [i for i in twitter.rubric.deep_dive if i.topic != "search"]
    earned = [r for r in judge_text(twitter, items, text) if r.verdict.earned]
    assert [(r.verdict, r.credit) for r in earned] == [(Verdict.PARTIAL, 0.5)]


def test_a_run_of_terms_inside_a_sentence_is_cut_out_as_a_list() -> None:
    matcher = Matcher.plain()
    text = (
        "We keep timelines in Redis because reads dominate, and the stack is kafka redis"
        " cassandra dynamodb cloudfront nginx envoy istio kubernetes docker terraform grafana"
    )
    units = matcher.units(text)
    assert [u.is_list for u in units] == [False, True]
    assert text[units[1].start : units[1].end].startswith("kafka")


@pytest.mark.parametrize(
    "text",
    [
        "3M drivers x 5400 = 16.2B upd/day -> 187K/s avg, 375K/s peak (= 1.5M concurrent / 4s)",
        "nfr: 1st offer < 2s, api p99 < 200ms, never 2 trips/driver, never lose/dup trip, 99.99%",
        "RYW: tl svc merges author's own last N posts from user_tl, so no dependency on fan-out",
    ],
)
def test_terse_notes_are_not_lists(text: str) -> None:
    [unit] = Matcher.plain().units(text)
    assert not unit.is_list


def test_an_off_estimate_names_the_slip_only_when_the_figures_show_it() -> None:
    slip = verdict("twitter", "estimate-qps", "Reads are about 6K per second.")
    assert slip.verdict is Verdict.MISSED
    assert "it looks like the step 'x 20 reads per write' was left out" in slip.note
    assert "beside the working" not in slip.note
    # no single slip: the user's figure is set beside each step instead
    unexplained = verdict("twitter", "estimate-storage", "Storage grows by about 5 TB a year.")
    assert "yours beside the working:" in unexplained.note
    assert "365 days/year = 55 TB/year (yours is 11x under this)" in unexplained.note


def test_a_typed_storage_figure_counts_for_the_one_copy_figure_an_item_asks_for() -> None:
    from coach.scoring.judge import judge
    from coach.scoring.matching import matcher_for
    from coach.session import estimating
    from coach.session.scoring import _checker

    twitter = spec("twitter")
    storage = item("twitter", "estimate-storage")  # asks for raw_storage_per_year, not ...
    typed = estimating.check_estimate(estimating.estimate_for(twitter), "storage_per_year", "50 TB")
    [result] = judge([storage], [], matcher_for(twitter), checks=[typed], checker=_checker(twitter))
    assert result.verdict is Verdict.COVERED  # 50 TB is one copy's 55 TB, not 160 TB x3
    assert result.evidence[0].matched == "raw_storage_per_year"
    assert result.evidence[0].source == "estimate storage_per_year"


def test_every_estimate_item_is_bound_to_the_figures_its_hint_states() -> None:
    import importlib.util

    path = ROOT / "tests" / "estimate" / "test_estimate_bank.py"
    loaded = importlib.util.spec_from_file_location("estimate_bank_table", path)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    for problem_id, rows in module.RUBRIC_FIGURES.items():
        wanted: dict[str, set[str]] = {}
        for item_id, name, _ in rows:
            wanted.setdefault(item_id, set()).add(name)
        for item_id, names in wanted.items():
            assert set(item(problem_id, item_id).figures) == names, (problem_id, item_id)


def test_a_wrapped_line_goes_on_but_a_labelled_note_line_starts_a_new_unit() -> None:
    matcher = Matcher.plain()
    text = (
        "  2. Warm-up: every night a model picks which titles each site\n"
        "     should hold, and the boxes copy them before the evening.\n"
        "control plane in the cloud with the API, licences and steering\n"
        "data plane: the boxes inside ISPs, serving segments over HTTPS"
    )
    units = [text[u.start : u.end].split()[0] for u in matcher.units(text)]
    assert units == ["2", "Warm-up:", "control", "data"]


def test_a_glossary_one_per_line_is_a_list_even_with_figures_among_its_lines() -> None:
    matcher = Matcher.plain()
    lines = ["Redis", "TTL", "1,160 writes per second", "Kafka", "Zipf"]
    lines += ["91 TB total", "hot keys", "5K requests per node", "CDN", "quorum"]
    assert all(unit.is_list for unit in matcher.units("\n".join(lines)))


def test_a_glossary_of_verb_forms_one_per_line_is_a_list() -> None:
    # "batch matching", "ETA ranking": each says one word, but is still a term
    lines = ["batch matching", "ETA ranking", "greedy matching", "sharding", "in-memory index"]
    lines += ["geohash", "leader election", "pessimistic locking", "quadtree", "saga"]
    assert all(unit.is_list for unit in Matcher.plain().units("\n".join(lines)))


def test_a_path_is_no_list_of_terms() -> None:
    matcher = Matcher.plain()
    [unit] = matcher.units("POST /links gives back a code; GET /{code} sends a 301")
    assert unit.segments == 2 and not unit.bare_segments
