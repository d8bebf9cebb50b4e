"""A question that only lists terms asks nothing: the rubric credits no asking."""

from __future__ import annotations

from pathlib import Path

from coach.problems.loader import load_spec_file
from coach.scoring.judge import Asked, judge
from coach.scoring.matching import matcher_for
from coach.scoring.verdict import Verdict

ROOT = Path(__file__).resolve().parents[2]


def test_a_question_that_only_lists_terms_earns_no_asking() -> None:
    twitter = load_spec_file(ROOT / "problems" / "twitter.yaml")
    item = next(i for i in twitter.rubric.clarify if i.id == "ask-latency-target")
    listed = "scale, QPS, read/write ratio, latency, availability, SLA, SLO, p99"
    (result,) = judge([item], [], matcher_for(twitter), asked=[Asked(1, listed, "latency targets")])
    assert result.verdict is not Verdict.COVERED
    # terse, but it asks ("how", "ok", "known")
    terse = "Latency: p99 / p50, home timeline, 200 ms ok?"
    (result,) = judge([item], [], matcher_for(twitter), asked=[Asked(1, terse, "latency targets")])
    assert result.verdict is Verdict.COVERED
