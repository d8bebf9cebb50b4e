"""Every problem's estimate: each figure its clarify rubric asks for, and honest working.

The working of a figure is the computation itself, so every number it shows must be
the number it uses, in the unit it shows, and its last figure must be the result in
the unit its steps give (GB/day, not GB, for storage added each day).
"""

from __future__ import annotations

import re

import pytest

from coach.errors import CoachError
from coach.estimate.calc import evaluate
from coach.estimate.engine import estimate
from coach.estimate.model import Estimate, EstimateResult, Step
from coach.estimate.quantity import BYTE_RATE, RATE, Quantity
from coach.estimate.units import PERIOD_SECONDS
from coach.estimate.workbook import measure
from coach.problems.bank import load_bank

BANK = load_bank()
# A shown number keeps at least two significant digits: within 5% of the one used.
SHOWN = 0.051

# The figures each problem's clarify rubric asks for, with the value its hint states
# (rubric item id: figure name, value in base units). A rubric item that asks for an
# estimate is checked by value against these figures.
RUBRIC_FIGURES: dict[str, list[tuple[str, str, float]]] = {
    "chat": [
        ("scale-numbers", "write_qps", 460e3),
        ("scale-numbers", "peak_write_qps", 1.4e6),
        ("concurrent-connections", "peak_concurrent_users", 400e6),
    ],
    "file-sync": [
        ("change-volume", "write_qps", 4.6e3),
        ("change-volume", "peak_write_qps", 14e3),
        ("change-volume", "raw_storage_per_day", 80e12),
    ],
    "key-value-store": [
        ("throughput-numbers", "peak_write_qps", 35e3),
        ("throughput-numbers", "peak_read_qps", 139e3),
    ],
    "netflix": [
        ("ask-watch-time-concurrency", "concurrent_users", 12.5e6),
        ("ask-watch-time-concurrency", "peak_concurrent_users", 25e6),
        ("estimate-bandwidth", "peak_egress_bandwidth", 75e12 / 8),
        ("estimate-bandwidth", "egress_bandwidth", 37.5e12 / 8),
        ("estimate-bandwidth", "peak_read_qps", 6.25e6),
        ("estimate-storage", "catalogue_storage", 1.6e15),
        ("estimate-events", "write_qps", 210e3),
        ("estimate-events", "peak_write_qps", 420e3),
        ("estimate-events", "raw_storage_per_day", 9e12),
    ],
    "notification-system": [
        ("send-volume", "write_qps", 11.6e3),
        ("send-volume", "peak_write_qps", 58e3),
        ("send-volume", "peak_fanout_qps", 116e3),
    ],
    "pastebin": [
        ("traffic-rates", "write_qps", 58),
        ("traffic-rates", "read_qps", 580),
        ("traffic-rates", "peak_write_qps", 175),
        ("traffic-rates", "peak_read_qps", 1750),
        ("storage-total", "raw_storage_per_day", 50e9),
        ("storage-total", "raw_storage_per_year", 18e12),
        ("storage-total", "raw_storage_total", 91e12),
    ],
    "rate-limiter": [
        ("check-rate", "read_qps", 116e3),
        ("check-rate", "peak_read_qps", 350e3),
    ],
    "ticket-booking": [("onsale-scale", "peak_read_qps", 230e3)],
    "twitter": [
        ("estimate-qps", "write_qps", 5.8e3),
        ("estimate-qps", "peak_write_qps", 12e3),
        ("estimate-qps", "read_qps", 116e3),
        ("estimate-qps", "peak_read_qps", 230e3),
        ("estimate-storage", "raw_storage_per_day", 150e9),
        ("estimate-storage", "raw_storage_per_year", 55e12),
        ("estimate-storage", "raw_storage_total", 270e12),
        ("estimate-storage", "storage_total", 0.8e15),
        ("estimate-fanout-memory", "fanout_qps", 1.2e6),
        ("estimate-fanout-memory", "peak_fanout_qps", 2.3e6),
        ("estimate-fanout-memory", "timeline_memory", 2.6e12),
        ("estimate-fanout-memory", "egress_bandwidth", 1.2e9),
    ],
    "typeahead": [
        ("keystroke-load", "read_qps", 69e3),
        ("keystroke-load", "peak_read_qps", 200e3),
    ],
    "uber": [
        ("ask-riders-drivers", "peak_concurrent_users", 1.5e6),
        ("estimate-location-qps", "write_qps", 190e3),
        ("estimate-location-qps", "peak_write_qps", 375e3),
        ("estimate-location-qps", "read_qps", 19e3),
        ("estimate-location-qps", "peak_read_qps", 38e3),
        ("estimate-storage-bandwidth", "raw_storage_per_day", 1.6e12),
        ("estimate-storage-bandwidth", "raw_storage_per_year", 590e12),
        ("estimate-storage-bandwidth", "storage_per_year", 1.8e15),
        ("estimate-storage-bandwidth", "peak_ingress_bandwidth", 40e6),
    ],
    "url-shortener": [
        ("write-qps", "write_qps", 1200),
        ("write-qps", "read_qps", 116e3),
        ("storage-estimate", "raw_storage_total", 91e12),
        ("storage-estimate", "storage_total", 270e12),
    ],
    "web-crawler": [
        ("crawl-rate", "write_qps", 2000),
        ("crawl-rate", "peak_write_qps", 4000),
        ("bandwidth", "ingress_bandwidth", 200e6),
        ("bandwidth", "peak_ingress_bandwidth", 3e9 / 8),
        ("storage-size", "raw_storage_per_day", 17e12),
        ("storage-size", "raw_storage_total", 6e15),
        ("storage-size", "storage_total", 19e15),
    ],
}


def _estimate(problem_id: str) -> Estimate:
    return estimate(BANK.get(problem_id).capacity_inputs())


def _all_estimates() -> list[tuple[str, Estimate]]:
    found = [(p.id, estimate(p.capacity_inputs())) for p in BANK.problems]
    found.append(("baseline", estimate({}, preset="baseline")))
    every = {
        "writes": "10M/month",
        "read_write_ratio": "10",
        "write_size": "1.27 KiB",
        "retention": "3y",
        "replication": "3",
        "peak_factor": "3",
        "fanout": "20",
        "node_rps": "5K",
        "daily_active_users": "2M",
        "online_time": "90 min",
        "timeline_length": "500",
        "timeline_entry_size": "24 B",
        "catalogue_size": "1M",
        "catalogue_item_size": "2 MB",
    }
    found.append(("every input", estimate(every, preset="baseline")))
    return found


ESTIMATES = _all_estimates()


def test_every_problem_is_in_the_table() -> None:
    assert set(RUBRIC_FIGURES) == {p.id for p in BANK.problems}


@pytest.mark.parametrize(
    ("problem_id", "item", "name", "value"),
    [(p, item, name, value) for p, rows in RUBRIC_FIGURES.items() for item, name, value in rows],
)
def test_each_rubric_estimate_has_an_engine_figure(
    problem_id: str, item: str, name: str, value: float
) -> None:
    figures = _estimate(problem_id).results
    assert name in figures, f"{problem_id} {item}: no {name}"
    assert figures[name].value == pytest.approx(value, rel=0.1), (problem_id, item, name)


def test_the_rubric_items_named_exist() -> None:
    # The table follows the rubric: an item renamed or removed must be rebound here.
    for problem_id, rows in RUBRIC_FIGURES.items():
        ids = {i.id for i in BANK.get(problem_id).rubric.clarify}
        assert {item for item, _, _ in rows} <= ids, problem_id


def _shown(text: str) -> Quantity | None:
    """The quantity a step's text starts with ("300 B" in "300 B per write")."""
    words = text.split(" ")
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        if "(" in head or ")" in head:
            continue
        try:
            return evaluate(head).quantity
        except CoachError:
            continue
    return None


def _steps() -> list[tuple[str, str, Step]]:
    return [
        (label, result.name, step)
        for label, found in ESTIMATES
        for result in found.results.values()
        for step in result.steps
    ]


@pytest.mark.parametrize(("label", "name", "step"), _steps(), ids=lambda v: str(v)[:30])
def test_every_step_shows_the_number_it_uses_in_its_unit(label: str, name: str, step: Step) -> None:
    shown = _shown(step.text)
    assert shown is not None, (label, name, step.text)
    used = measure([Step("", step.text, step.factor, step.source, step.unit)])
    assert shown.dimension == used.dimension, (label, name, step.text, step.unit)
    assert shown.value == pytest.approx(used.value, rel=SHOWN), (label, name, step.text)


def _results() -> list[tuple[str, EstimateResult]]:
    return [(label, result) for label, found in ESTIMATES for result in found.results.values()]


@pytest.mark.parametrize(("label", "result"), _results(), ids=lambda v: str(v)[:30])
def test_the_working_ends_in_the_unit_its_steps_give(label: str, result: EstimateResult) -> None:
    measured = measure(result.steps)
    if result.period:  # storage per day is bytes a day: its steps give a byte rate
        expected = Quantity(result.value / PERIOD_SECONDS[result.period], BYTE_RATE)
    else:
        expected = result.quantity
    assert measured.dimension == expected.dimension, (label, result.derivation)
    last = re.sub(r"\s*\(.*\)$", "", result.derivation.rsplit(" = ", 1)[1])
    said = evaluate(last).quantity
    assert said.dimension == expected.dimension, (label, result.derivation)
    assert said.value == pytest.approx(expected.value, rel=SHOWN), (label, result.derivation)


def test_storage_per_day_says_per_day() -> None:
    figures = _estimate("twitter").results
    assert figures["raw_storage_per_day"].derivation == (
        "500M/day writes x 300 B per write = 150 GB/day"
    )
    assert figures["storage_per_day"].derivation == "150 GB/day x 3 replicas = 450 GB/day"
    assert figures["storage_per_month"].derivation.endswith("= 14 TB/month")
    assert figures["storage_total"].derivation == "450 GB/day x 1,825 days (5 years) = 820 TB"
    # The figure itself keeps its contract: bytes, shown without the period.
    assert (figures["storage_per_day"].unit, figures["storage_per_day"].display) == (
        "bytes",
        "450 GB",
    )


def test_rates_keep_per_second() -> None:
    read = _estimate("twitter").results["read_qps"]
    assert read.unit == RATE
    assert read.derivation == "5.8K/s writes x 20 reads per write = 120K/s"
