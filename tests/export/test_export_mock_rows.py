"""A mock's write-up carries what its scorecard showed: the curveball's row and time
management (the score and the whole interview's time against its budget)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from coach.export.context import build_writeup
from coach.export.render import render_markdown
from coach.phases import PHASES
from coach.problems.model import Problem
from coach.session.record import CurveballRecord, Mode, PhaseResult, SessionRecord, Status
from coach.session.scoring import time_score

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def problem() -> Problem:
    return Problem.model_validate(yaml.safe_load((FIXTURES / "mini-problem.yaml").read_text()))


def _mock(problem: Problem) -> SessionRecord:
    record = SessionRecord(
        id=3,
        problem_id=problem.id,
        problem_title=problem.title,
        mode=Mode.MOCK,
        status=Status.COMPLETED,
        created_at=NOW,
        minutes_total=10,
        score=61.0,
        curveball=CurveballRecord(
            id="custom-aliases",
            prompt="Users now want custom aliases.",
            answer="check the alias is unique",
            result=PhaseResult(score=100.0, covered=["alias-unique"], missed=[]),
        ),
    )
    for phase, elapsed in zip(PHASES, (90.0, 200.0, 150.0, 180.0), strict=True):
        saved = record.phase(phase)
        saved.budget_s, saved.elapsed_s = 150.0, elapsed
        saved.result = PhaseResult(score=50.0, covered=["a"], missed=["b"])
    return record


def _scorecard_rows(markdown: str) -> dict[str, list[str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Scorecard")
    rows: dict[str, list[str]] = {}
    cells: list[str] = []
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(token.content)
        elif token.type == "tr_close":
            rows[cells[0]] = cells[1:]
    return rows


def test_a_mock_writeup_has_the_curveball_and_time_management_rows(problem: Problem) -> None:
    record = _mock(problem)
    rows = _scorecard_rows(render_markdown(build_writeup(record, problem, now=NOW)))
    assert rows["Phase"] == ["Score", "Covered", "Time (min)", "Budget (min)"]
    assert rows["Curveball"] == ["100", "1 of 1", "", ""]
    expected = time_score(record)
    # two phases over their 150 s: by 50 s (67) and 30 s (80); the mean of the four is 87
    assert expected is not None and round(expected) == 87
    assert rows["Time management"] == [f"{expected:.0f}", "", "10.3", "10.0"]


def test_time_management_is_in_the_json_too(problem: Problem) -> None:
    writeup = build_writeup(_mock(problem), problem, now=NOW).model_dump(mode="json")
    assert writeup["time_management"] == {
        "score": pytest.approx(time_score(_mock(problem))),
        "elapsed_min": pytest.approx(620 / 60),
        "budget_min": pytest.approx(10.0),
    }


def test_a_practice_writeup_has_no_time_row(problem: Problem) -> None:
    record = _mock(problem).model_copy(update={"mode": Mode.PRACTICE})
    writeup = build_writeup(record, problem, now=NOW)
    assert writeup.time_management is None
    assert "Time management" not in _scorecard_rows(render_markdown(writeup))
