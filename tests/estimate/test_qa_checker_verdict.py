"""A figure inside the tolerance is told how close it is (found in QA: an exact figure
was said to be 'within 3.2x of the estimate')."""

from __future__ import annotations

from coach.estimate.checker import check_figure
from coach.estimate.engine import estimate

EST = estimate({"writes": "100M/day", "write_size": "500 B"})  # 1.2K/s writes


def test_an_exact_figure_matches() -> None:
    check = check_figure("write_qps", "1.2K/s", EST)
    assert check.verdict == "1.2K/s matches the estimate 1.2K/s"
    assert "3.2x" not in check.verdict


def test_a_figure_inside_the_tolerance_says_how_far_off() -> None:
    over = check_figure("write_qps", "2K/s", EST)
    assert over.within_tolerance
    assert over.verdict == "2K/s is about 1.7x the estimate 1.2K/s: the right order of magnitude"
    under = check_figure("write_qps", "600/s", EST)
    assert under.within_tolerance
    assert under.verdict.startswith("600/s is about 2x under the estimate 1.2K/s")


def test_a_ratio_is_stated_against_the_figure_shown_beside_it() -> None:
    """The estimate 115.7K/s shows as 120K/s: "12K/s is about 10x under 120K/s", as a
    reader checks it on the screen, not 9.6x; the JSON keeps the exact ratio."""
    reads = estimate({"writes": "500M/day", "read_write_ratio": "20", "write_size": "300 B"})
    check = check_figure("read_qps", "12K/s", reads)
    assert check.engine_display == "120K/s"
    assert check.verdict == "12K/s is about 10x under the estimate 120K/s: too low"
    assert round(check.ratio, 3) == round(12_000 / reads.results["read_qps"].value, 3)
    (beside,) = [line for line in check.working if line.name == "read_qps"]
    assert beside.shown_ratio == 0.1 and beside.ratio != 0.1
