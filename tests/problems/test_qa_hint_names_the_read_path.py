"""The URL shortener's cache hint asks for what the rubric checks: the read path, not just
a cache between app and store (found in QA: an answer that did exactly what the old hint
said, 'a cache in front of the store', was marked as missing it)."""

from __future__ import annotations

from coach.problems.bank import load_bank
from coach.session.scoring import judge_text


def test_the_hint_is_not_a_vague_answer_itself() -> None:
    problem = load_bank().get("url-shortener")
    item = next(i for i in problem.rubric.high_level if i.id == "cache-read-path")
    assert "cache-aside" in item.hint and "miss" in item.hint
    # the hint, followed as written, covers the item
    [result] = judge_text(problem, [item], item.hint)
    assert result.verdict.earned
