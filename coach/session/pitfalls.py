"""Detect the classic interview pitfalls in a session, each with the reason why.

These are the mistakes interviewers name most often, checked cheaply from what
the user wrote and did. A problem's own `pitfalls` list has no terms to match,
so it is shown as advice, never claimed as detected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.scoring.matching import Matcher, matcher_for
from coach.session.record import DetectedPitfall, SessionRecord, SimulationRun
from coach.session.transcript import answers_text, estimates_text, session_text
from coach.simulate.design import Kind

# Words naming building blocks: said while clarifying scope, they show the
# candidate is designing before knowing what to design.
COMPONENT_TERMS = (
    "database", "sql", "nosql", "cache", "redis", "memcached", "kafka", "queue",
    "load balancer", "cassandra", "mysql", "postgres", "postgresql", "mongodb", "dynamodb",
    "s3", "cdn", "microservice", "kubernetes", "shard", "elasticsearch", "rabbitmq",
)  # fmt: skip
NUMBER_WORDS = ("hundred", "thousand", "million", "billion", "trillion", "dozen")
MONITORING_TERMS = (
    "monitoring", "metrics", "alerting", "alert", "dashboard", "observability", "tracing",
    "prometheus", "grafana", "datadog", "on-call", "pager", "health check", "telemetry",
)  # fmt: skip
# Not "logs" or "slo": a Kafka log and a latency target are not monitoring.
FAILOVER_TERMS = (
    "failover", "fail over", "replica", "replication", "standby", "redundancy", "redundant",
    "multi-az", "availability zone", "multi-region", "leader election", "backup",
    "single point of failure", "hot spare", "quorum", "raft", "paxos",
)  # fmt: skip
# Not "consistent": it is also the "consistent" of consistent hashing.
CONSISTENCY_TERMS = (
    "consistency", "eventually consistent", "strongly consistent", "eventual",
    "read-your-writes", "read after write", "linearizable", "quorum", "transaction", "acid",
    "isolation level", "stale", "conflict", "idempotent", "exactly once", "at least once",
    "cap theorem", "vector clock", "last write wins",
)  # fmt: skip
_CONSISTENT_HASHING = re.compile(r"consistent[\s-]*hash\w*", re.IGNORECASE)
# What addressing a bottleneck of each kind sounds like, besides its name.
KIND_TERMS: dict[Kind, tuple[str, ...]] = {
    Kind.DATABASE: ("database", "replica", "shard", "partition", "index", "write-behind"),
    Kind.CACHE: ("cache", "hit ratio", "eviction", "memory", "cluster"),
    Kind.SERVICE: ("app server", "service", "scale out", "autoscaling", "horizontal", "instances"),
    Kind.LOAD_BALANCER: ("load balancer", "dns", "anycast"),
    Kind.QUEUE: ("queue", "consumer", "partition", "worker", "backpressure"),
    Kind.CDN: ("cdn", "edge", "origin"),
}
MIN_QUESTIONS = 2
ALL_TERMS = (
    *COMPONENT_TERMS,
    *MONITORING_TERMS,
    *FAILOVER_TERMS,
    *CONSISTENCY_TERMS,
    *(term for terms in KIND_TERMS.values() for term in terms),
)


def detect_pitfalls(
    problem: Problem, record: SessionRecord, upto: Phase | None = None
) -> list[DetectedPitfall]:
    """The pitfalls a session shows. With `upto`, only those of that phase and
    earlier (so feedback after clarify does not blame a missing failover plan)."""
    matcher = matcher_for(problem)
    early = (_components_before_scope(record, matcher), _no_numbers(record))
    detected = [p for p in early if p is not None]
    detected += _never_mentioned(record, matcher)
    detected += _ignored_bottlenecks(record, matcher)
    if upto is not None:
        detected = [p for p in detected if PHASES.index(p.phase) <= PHASES.index(upto)]
    return detected


def _components_before_scope(record: SessionRecord, matcher: Matcher) -> DetectedPitfall | None:
    asked = len(record.questions)
    understood = sum(qa.topic is not None for qa in record.questions)
    named = matcher.find(answers_text(record, Phase.CLARIFY), COMPONENT_TERMS)
    if asked >= MIN_QUESTIONS and (named is None or understood > 0):
        return None
    if asked < MIN_QUESTIONS:
        why = f"You asked {asked} clarifying question{'s' if asked != 1 else ''}"
    else:
        why = "None of your questions was about the scale or the features"
    if named is not None:
        why += f" and named '{named.quote}' while clarifying"
    why += "; scope and scale decide which components you need, so ask first."
    return DetectedPitfall(
        id="components-before-scope",
        title="Jumping into components before clarifying scope",
        why=why,
        phase=Phase.CLARIFY,
    )


def _no_numbers(record: SessionRecord) -> DetectedPitfall | None:
    text = f"{answers_text(record, Phase.CLARIFY)}\n{estimates_text(record)}".lower()
    if re.search(r"\d", text) or any(re.search(rf"\b{w}s?\b", text) for w in NUMBER_WORDS):
        return None
    return DetectedPitfall(
        id="no-numbers",
        title="Estimating with no numbers",
        why="Your requirements and estimates give no figures; users, requests per second and "
        "storage size are what decide how many servers, shards and cache nodes you need.",
        phase=Phase.CLARIFY,
    )


def _never_mentioned(record: SessionRecord, matcher: Matcher) -> list[DetectedPitfall]:
    text = _CONSISTENT_HASHING.sub(" ", session_text(record))
    checks = [
        (
            "no-monitoring",
            "Never mentioning monitoring",
            MONITORING_TERMS,
            "Nothing you wrote says how you would know the system is healthy: name the "
            "metrics (p99 latency, error rate, saturation) and the alerts on them.",
        ),
        (
            "no-failover",
            "Never mentioning failover",
            FAILOVER_TERMS,
            "Nothing you wrote says what happens when a machine or a zone dies: replicas, "
            "failover and no single point of failure are what keep the service up.",
        ),
        (
            "no-consistency",
            "Never discussing data consistency",
            CONSISTENCY_TERMS,
            "You never said which data may be stale and which must be exact; replication "
            "and caching force that choice (eventual vs strong consistency).",
        ),
    ]
    return [
        DetectedPitfall(id=pid, title=title, why=why, phase=Phase.SCALING)
        for pid, title, terms, why in checks
        if not matcher.covers(text, terms)
    ]


def _ignored_bottlenecks(record: SessionRecord, matcher: Matcher) -> list[DetectedPitfall]:
    text = answers_text(record, Phase.SCALING)
    found = []
    for name, run in _bottlenecks(record.simulations):
        if matcher.covers(text, _bottleneck_terms(name, run)):
            continue
        found.append(
            DetectedPitfall(
                id="ignored-bottleneck",
                title="Ignoring the bottleneck the simulation showed",
                why=f"The simulation ({run.label}) showed '{name}' as the bottleneck, but your "
                "scaling answer never deals with it: say how you would relieve that tier.",
                phase=Phase.SCALING,
            )
        )
    return found[:1]  # one is enough to make the point


def _bottlenecks(runs: Iterable[SimulationRun]) -> list[tuple[str, SimulationRun]]:
    """Distinct bottleneck component names of runs that missed their SLO."""
    seen: dict[str, SimulationRun] = {}
    for run in runs:
        slo = run.report.get("slo")
        if isinstance(slo, dict) and slo.get("met") is True:
            continue  # the busiest tier of a run that met its SLO hurt nobody
        name = run.report.get("bottleneck")
        if isinstance(name, dict):
            name = name.get("name") or name.get("component")
        if isinstance(name, str) and name:
            seen.setdefault(name, run)
    return list(seen.items())


def _bottleneck_terms(name: str, run: SimulationRun) -> list[str]:
    terms = [name]
    component = next((c for c in run.design.components if c.name == name), None)
    if component is not None:
        terms += [component.label] if component.label else []
        terms += KIND_TERMS.get(component.kind, ())
    return terms
