"""The write-up: structure from markdown-it, Mermaid lines, hostile answers, template errors."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from coach.errors import CoachError
from coach.export.context import build_writeup
from coach.export.mermaid import flowchart
from coach.export.render import render_markdown
from coach.export.writeup import Format, default_filename, export_text
from coach.phases import Phase
from coach.problems.model import Problem
from coach.session.record import (
    Mode,
    PhaseResult,
    QuestionAnswer,
    SessionRecord,
    SimulationRun,
    Status,
)

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
HOSTILE = (
    "# Not a heading\n"
    "```python\nprint('fence')\n```\n"
    "{{ 7*7 }} and {% raw %} <script>alert(1)</script>\n"
    'a "quoted" [bracket] | pipe'
)


@pytest.fixture
def problem() -> Problem:
    return Problem.model_validate(yaml.safe_load((FIXTURES / "mini-problem.yaml").read_text()))


def _record(problem: Problem, answer: str = "We cache hot links in Redis.") -> SessionRecord:
    design = problem.reference_design.model_copy(deep=True)
    record = SessionRecord(
        id=7,
        problem_id=problem.id,
        problem_title=problem.title,
        mode=Mode.PRACTICE,
        status=Status.COMPLETED,
        created_at=NOW,
        questions=[QuestionAnswer(question="How many users?", answer="100M", topic="scale")],
        components=["load_balancer", "app", "cache", "sql_db"],
        design=design,
        deep_dive_topics=["keys"],
        score=55.0,
    )
    record.phase(Phase.CLARIFY).answers["requirements"] = "Create and redirect links."
    record.phase(Phase.HIGH_LEVEL).answers["design"] = answer
    record.phase(Phase.DEEP_DIVE).answers["topic:keys"] = "Base62 of a counter."
    record.phase(Phase.SCALING).answers["scaling"] = "Watch p99 and add replicas."
    for phase in Phase:
        record.phase(phase).result = PhaseResult(score=50.0, covered=[], missed=[])
    record.phase(Phase.SCALING).result = PhaseResult(score=0.0, missed=["monitoring"])
    report = {
        "requests": 1000,
        "throughput_rps": 998.0,
        "latency_ms": {"mean": 9.0, "p50": 7.5, "p95": 20.0, "p99": 31.2, "max": 60.0},
        "components": {"app": {"utilization": 0.62, "mean_wait_ms": 1.2}},
        "slo": {"p99_ms": 50, "met": True},
        "bottleneck": "app",
    }
    record.simulations.append(SimulationRun(label="at load", design=design, report=report))
    return record


def _headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def test_sections_are_the_expected_headings(problem: Problem) -> None:
    text = render_markdown(build_writeup(_record(problem), problem, now=NOW))
    h2 = [content for tag, content in _headings(text) if tag == "h2"]
    assert h2 == [
        "Problem",
        "Clarifying questions",
        "Requirements",
        "Capacity estimates",
        "Architecture",
        "Deep dives",
        "Bottlenecks, scaling and trade-offs",
        "Scorecard",
        "What to study next",
        "Further reading",
    ]
    assert [c for tag, c in _headings(text) if tag == "h1"] == [
        "Design a tiny URL shortener: design write-up"
    ]


def test_mermaid_block_matches_the_design(problem: Problem) -> None:
    record = _record(problem)
    text = render_markdown(build_writeup(record, problem, now=NOW))
    tokens = MarkdownIt("commonmark").parse(text)
    fences = [t for t in tokens if t.type == "fence" and t.info == "mermaid"]
    assert len(fences) == 1
    lines = [line.strip() for line in fences[0].content.splitlines()]
    assert lines[0] == "flowchart LR"
    assert "lb --> app" in lines
    assert "app --> cache" in lines
    assert "cache -.->|miss / write| db" in lines  # a write-through cache passes writes on
    assert "client --> lb" in lines
    node_lines = [line for line in lines if line.startswith(("lb{{", "app[", "cache[", "db["))]
    assert len(node_lines) == len(record.design.components)


def test_hostile_answer_is_verbatim_text_and_changes_nothing_else(problem: Problem) -> None:
    plain = render_markdown(build_writeup(_record(problem), problem, now=NOW))
    hostile = render_markdown(build_writeup(_record(problem, HOSTILE), problem, now=NOW))
    assert _headings(hostile) == _headings(plain)
    tokens = MarkdownIt("commonmark").enable("table").parse(hostile)
    assert [t.info for t in tokens if t.type == "fence"] == ["mermaid"]
    assert not any(t.type in ("html_block", "html_inline") for t in tokens)
    shown = "\n".join(
        child.content
        for tok in tokens
        if tok.type == "inline"
        for child in tok.children or []
        if child.type == "text"
    )
    for line in HOSTILE.splitlines():
        assert line in shown
    assert "49" not in hostile


def test_mermaid_labels_cannot_break_the_diagram(problem: Problem) -> None:
    design = problem.reference_design.model_copy(deep=True)
    design.components[1].label = 'App "v2" [beta] {x} --> evil'
    source = flowchart(design)
    app_line = next(line for line in source.splitlines() if line.strip().startswith("app["))
    inner = app_line.strip()[len('app["') : -len('"]')]
    assert '"' not in inner and "[" not in inner and "]" not in inner
    assert "{" not in inner


def test_custom_template_error_is_located(problem: Problem, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# ok\n\n{{ problem.title\n")
    with pytest.raises(CoachError) as caught:
        render_markdown(build_writeup(_record(problem), problem, now=NOW), template=bad)
    assert str(caught.value).startswith(f"{bad}:3")


def test_custom_template_undefined_name_is_located(problem: Problem, tmp_path: Path) -> None:
    bad = tmp_path / "typo.md.j2"
    bad.write_text("line one\n{{ scroe }}\n")
    with pytest.raises(CoachError) as caught:
        render_markdown(build_writeup(_record(problem), problem, now=NOW), template=bad)
    assert str(caught.value).startswith(f"{bad}:2:")
    assert "scroe" in str(caught.value)


def test_sandbox_refuses_unsafe_attributes(problem: Problem, tmp_path: Path) -> None:
    evil = tmp_path / "evil.md.j2"
    evil.write_text("{{ problem.__class__.__mro__ }}\n")
    with pytest.raises(CoachError) as caught:
        render_markdown(build_writeup(_record(problem), problem, now=NOW), template=evil)
    assert str(caught.value).startswith(str(evil))


def test_custom_template_can_extend_the_bundled_one(problem: Problem, tmp_path: Path) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text('{% extends "writeup.md.j2" %}\n')
    text = render_markdown(build_writeup(_record(problem), problem, now=NOW), template=mine)
    assert "## Scorecard" in text


def test_json_format_carries_the_session(problem: Problem) -> None:
    import json

    data = json.loads(export_text(_record(problem), problem, Format.JSON, now=NOW))
    assert data["session"]["id"] == 7
    assert data["writeup"]["problem"]["id"] == "mini-shortener"
    assert data["writeup"]["simulations"][0]["p99_ms"] == 31.2


def test_default_filename(problem: Problem) -> None:
    assert default_filename(_record(problem), Format.MARKDOWN) == "mini-shortener-2026-11-21-7.md"


def test_a_directory_or_binary_template_is_one_clear_error(
    problem: Problem, tmp_path: Path
) -> None:
    writeup = build_writeup(_record(problem), problem, now=NOW)
    with pytest.raises(CoachError, match="is a directory"):
        render_markdown(writeup, template=tmp_path)
    binary = tmp_path / "binary.md.j2"
    binary.write_bytes(b"\xff\xfe\x00\x81 not text")
    with pytest.raises(CoachError, match="not UTF-8"):
        render_markdown(writeup, template=binary)


def test_each_study_item_links_its_reading_or_says_there_is_none(problem: Problem) -> None:
    from coach.session.record import StudyItem

    record = _record(problem)
    record.study = [
        StudyItem(
            title="Base62 keys", why="Encode ids in base62.", url=problem.further_reading[0].url
        ),
        StudyItem(title="Monitoring", why="Watch p99.", url=None),
    ]
    text = render_markdown(build_writeup(record, problem, now=NOW))
    section = text.split("## What to study next", 1)[1].split("## ", 1)[0]
    lines = [line for line in section.splitlines() if line[:2] in ("1.", "2.")]
    assert lines[0].endswith(f"([read]({problem.further_reading[0].url}))")
    assert "no further reading on this one" in lines[1]
    assert "http" not in lines[1]


def test_the_simulation_tables_are_keyed_by_change(problem: Problem) -> None:
    record = _record(problem)
    first = record.simulations[0]
    report = {**first.report, "components": {**first.report["components"], "edge": {}}}
    record.simulations.append(
        SimulationRun(label="at load · +edge", change="+edge", design=first.design, report=report)
    )
    text = render_markdown(build_writeup(record, problem, now=NOW))
    section = text.split("### Simulation", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[1].startswith("| first design | at load | ")
    assert rows[2].startswith("| +edge | at load | ")
    usage = [row for row in rows if row.startswith("| Change | Run | app")]
    assert usage == ["| Change | Run | app | edge | "]
    assert rows[rows.index(usage[0]) + 1].startswith("| first design | at load | 62% | - |")
