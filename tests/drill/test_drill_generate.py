"""Question generation: seeded, balanced, consistent with the calculator."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from coach.drill import latency
from coach.drill.generate import TEMPLATES, generate
from coach.drill.question import ChoiceAnswer, DrillKind, NumberAnswer
from coach.drill.scoring import Band, score
from coach.errors import CoachError
from coach.estimate.calc import evaluate

KINDS = ("estimation", "latency", "units", "mixed")


def _shape(kind: str, seed: int, count: int = 10) -> list[tuple[str, str, str]]:
    return [
        (q.template, q.text, q.expected_display) for q in generate(kind, count, random.Random(seed))
    ]


_SHAPES_IN_A_CHILD = (
    "import json, random, sys\n"
    "from coach.drill.generate import generate\n"
    "random.seed(int(sys.argv[1]))  # a global random state the drill must not use\n"
    "print(json.dumps([[(q.template, q.text, q.expected_display)\n"
    "    for q in generate(kind, 10, random.Random(42))]\n"
    "    for kind in ('estimation', 'latency', 'units', 'mixed')]))\n"
)


def test_the_same_seed_gives_the_same_questions_in_any_process() -> None:
    """`coach drill --seed 42` today and tomorrow: another process has other string
    hashes (set and dict order) and another global random state."""
    here = [[list(shape) for shape in _shape(kind, 42)] for kind in KINDS]
    for hash_seed in ("1", "2"):
        child = subprocess.run(
            [sys.executable, "-c", _SHAPES_IN_A_CHILD, hash_seed],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(child.stdout) == here


def test_different_seeds_give_different_drills() -> None:
    assert _shape("mixed", 1) != _shape("mixed", 2)


def test_a_drill_uses_every_template_before_repeating_one() -> None:
    count = len(TEMPLATES[DrillKind.ESTIMATION])
    questions = generate("estimation", count, random.Random(7))
    assert len({q.template for q in questions}) == count


def test_mixed_deals_the_kinds_evenly() -> None:
    questions = generate("mixed", 9, random.Random(3))
    kinds = [q.kind for q in questions]
    assert {kinds.count(k) for k in DrillKind} == {3}


def test_unknown_kind_suggests_the_closest() -> None:
    with pytest.raises(
        CoachError, match="unknown drill kind 'latncy' \\(did you mean 'latency'\\?\\)"
    ):
        generate("latncy", 3, random.Random(1))


@pytest.mark.parametrize("count", [0, 101])
def test_count_out_of_range(count: int) -> None:
    with pytest.raises(CoachError, match="1 to 100"):
        generate("units", count, random.Random(1))


@pytest.mark.parametrize("seed", range(40))
def test_every_expected_value_is_what_the_calculator_says(seed: int) -> None:
    for question in generate("mixed", 12, random.Random(seed)):
        answer = question.answer
        if isinstance(answer, ChoiceAnswer):
            assert answer.correct in answer.keys
            continue
        assert isinstance(answer, NumberAnswer)
        assert answer.expected.value > 0
        if question.check is not None:
            checked = evaluate(question.check)
            assert checked.value == pytest.approx(answer.expected.value, rel=1e-9)
            assert (
                checked.display == answer.display or question.template == "latency.how-many-times"
            )


@pytest.mark.parametrize("seed", range(40))
def test_the_example_in_the_prompt_never_gives_the_answer_away(seed: int) -> None:
    from coach.estimate.quantity import parse_quantity

    for question in generate("mixed", 12, random.Random(seed)):
        if isinstance(question.answer, NumberAnswer):
            example = parse_quantity(question.answer.example)
            if example.dimension == question.answer.expected.dimension:
                band, _ = score(example.value, question.answer.expected.value)
                assert band is not Band.EXACT, (question.text, question.answer.example)


def test_which_is_faster_pairs_are_clearly_apart() -> None:
    pairs = latency.comparable_pairs()
    assert pairs
    for fast, slow in pairs:
        assert slow.seconds / fast.seconds >= latency.MIN_RATIO
    for seed in range(30):
        for q in generate("latency", 5, random.Random(seed)):
            if isinstance(q.answer, ChoiceAnswer):
                options = dict(q.answer.options)
                by_what = {e.what: e for e in latency.TABLE}
                right = by_what[options[q.answer.correct]]
                wrong = by_what[next(t for k, t in q.answer.options if k != q.answer.correct)]
                assert wrong.seconds / right.seconds >= 3


def test_the_latency_table_names_its_sources_with_links_and_years() -> None:
    for entry in latency.TABLE:
        source = entry.cite
        assert source.url.startswith("https://")
        assert 2009 <= source.year <= 2025
    assert latency.BY_ID["dc-rtt"].seconds == pytest.approx(500e-6)
    assert latency.BY_ID["ssd-1mb"].seconds == pytest.approx(49e-6)


def test_the_issue_examples_are_among_the_questions() -> None:
    texts = [q.text for seed in range(60) for q in generate("mixed", 12, random.Random(seed))]
    assert any("daily users post" in t and "storage per year?" in t for t in texts)
    assert any(t.startswith("Which is faster: (a)") for t in texts)
    assert "How many KiB in 2^20 bytes?" in texts
