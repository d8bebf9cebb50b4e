"""Design checks an interviewer would make, and availability from the parts."""

from __future__ import annotations

from typing import Any

import pytest

from coach.errors import CoachError
from coach.simulate.availability import availability, nines
from coach.simulate.checks import check_design
from coach.simulate.design import Design


def comp(name: str, kind: str = "service", **fields: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "service_ms": {"mean": 1.0}, **fields}


def design(components: list[dict[str, Any]], **top: Any) -> Design:
    top.setdefault("load", {"rps": 100})
    return Design.model_validate({"components": components, **top})


def codes(d: Design) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for f in check_design(d):
        found.setdefault(f.code, set()).add(f.component)
    return found


def test_single_points_of_failure() -> None:
    d = design(
        [
            comp("lb", "load_balancer", calls=["app"]),
            comp("app", nodes=3, calls=["db", "replicated"]),
            comp("db", "database"),
            comp("replicated", "database", replicas=1),
        ]
    )
    found = codes(d)
    assert found["spof"] == {"lb", "db"}
    assert found["single-primary"] == {"replicated"}


def test_a_cache_with_nothing_behind_it() -> None:
    d = design([comp("app", nodes=2, calls=["cache"]), comp("cache", "cache", nodes=2)])
    found = codes(d)
    assert found["cache-without-backend"] == {"cache"}
    assert found["default-hit-ratio"] == {"cache"}


def test_a_path_too_slow_for_the_slo_even_with_empty_queues() -> None:
    d = design(
        [
            comp("app", nodes=2, calls=["db"], service_ms={"mean": 30}),
            comp("db", "database", nodes=2, service_ms={"mean": 40}),
        ],
        slo={"p99_ms": 65},
        retry={"attempts": 1, "timeout_ms": 50},
    )
    messages = {f.code: f.message for f in check_design(d)}
    assert "takes 70.0 ms" in messages["slo-unreachable"]
    assert "timeout-below-path" in messages


def test_a_tier_below_the_offered_load() -> None:
    d = design([comp("app", nodes=2, concurrency=4, service_ms={"mean": 10})], load={"rps": 1000})
    (finding,) = [f for f in check_design(d) if f.code == "over-capacity"]
    assert finding.severity == "critical"
    assert "offered 1,000 req/s but serves at most 800" in finding.message


def test_headroom_and_spikes() -> None:
    hot = design([comp("app", nodes=4, concurrency=1, service_ms={"mean": 10})], load={"rps": 320})
    assert "no-headroom" in codes(hot)  # 80% on 4 nodes: 107% on 3
    spiky = design(
        [comp("app", nodes=10, concurrency=1, service_ms={"mean": 10})],
        load={"rps": 500, "pattern": {"kind": "spike", "factor": 3, "start_s": 5, "length_s": 5}},
    )
    assert "peak-over-capacity" in codes(spiky)


def test_unreachable_components_and_queues_without_consumers() -> None:
    components = [
        comp("app", nodes=2, calls=["q"]),
        comp("q", "queue", nodes=2),
        comp("lost", nodes=2),
    ]
    found = codes(design(components, load={"rps": 100, "read_ratio": 0.5}))
    assert found["unreachable"] == {"lost"}
    assert found["queue-without-consumer"] == {"q"}
    reads_only = [f.message for f in check_design(design(components)) if f.component == "q"]
    assert reads_only == ["q takes only writes (traffic), and no writes reach it"]


def test_a_clean_design_has_nothing_critical() -> None:
    d = design(
        [
            comp("lb", "load_balancer", nodes=2, calls=["app"]),
            comp("app", nodes=4, calls=["db"]),
            comp("db", "database", nodes=2, replicas=1),
        ],
        slo={"p99_ms": 50},
    )
    assert not [f for f in check_design(d) if f.severity == "critical"]


def test_broken_references_are_errors_not_findings() -> None:
    d = design([comp("app", calls=["nope"])])
    with pytest.raises(CoachError, match="component 'app': component 'app' calls 'nope'"):
        check_design(d)


def test_availability_is_series_along_the_path_and_parallel_across_nodes() -> None:
    d = design(
        [
            comp("lb", "load_balancer", nodes=2, availability=0.99, calls=["app"]),
            comp("app", nodes=1, availability=0.999, calls=["q"]),
            comp("q", "queue", nodes=1, availability=0.9, calls=["worker"], traffic="all"),
            comp("worker", nodes=1, availability=0.5),
        ]
    )
    result = availability(d)
    lb = 1 - 0.01**2
    assert result.availability == pytest.approx(lb * 0.999 * 0.9)  # the worker is async
    assert [c.name for c in result.components] == ["lb", "app", "q"]
    assert result.weakest is not None and result.weakest.name == "q"
    assert result.downtime_minutes_per_month == pytest.approx((1 - result.availability) * 43200)


def test_database_availability_reads_any_copy_writes_a_primary() -> None:
    d = design(
        [comp("db", "database", nodes=1, replicas=2, availability=0.9)],
        load={"rps": 100, "read_ratio": 0.75},
    )
    expected = 0.75 * (1 - 0.1**3) + 0.25 * 0.9
    assert availability(d).availability == pytest.approx(expected)


def test_nines() -> None:
    assert nines(0.999) == pytest.approx(3)
    assert nines(0.9995) == pytest.approx(3.301, abs=1e-3)
    assert nines(1.0) == 12.0
