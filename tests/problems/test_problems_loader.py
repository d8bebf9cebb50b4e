"""Loading spec files: the example loads; each class of mistake is reported at its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from problem_fixtures import EXAMPLE, line_of

from coach.errors import CoachError, CoachErrors
from coach.phases import Phase
from coach.problems.loader import load_spec_file, read_spec, spec_files
from coach.problems.model import Difficulty, Problem

WriteSpec = Callable[..., Path]


def errors_of(path: Path) -> list[CoachError]:
    with pytest.raises(CoachError) as info:
        load_spec_file(path)
    exc = info.value
    return exc.errors if isinstance(exc, CoachErrors) else [exc]


def test_the_example_loads() -> None:
    problem = load_spec_file(EXAMPLE)
    assert isinstance(problem, Problem)
    assert problem.id == "example-leaderboard"
    assert problem.difficulty is Difficulty.EASY
    assert problem.minutes.total == 36
    assert problem.minutes.for_phase(Phase.DEEP_DIVE) == 12
    assert problem.capacity_inputs()["writes"] == "500M/day"
    assert [item.id for item in problem.rubric.for_phase(Phase.DEEP_DIVE)] == ["rank-lookup"]


def test_read_spec_keeps_the_document() -> None:
    spec = read_spec(EXAMPLE)
    assert spec.path == EXAMPLE
    text = EXAMPLE.read_text()
    assert spec.doc.position(("reference_design", "entry"))[0] == line_of(text, "entry: lb")


def test_unknown_key_is_a_typo_with_a_suggestion(write_spec: WriteSpec) -> None:
    path = write_spec("typo.yaml", ("difficulty: easy", "dificulty: easy"))
    [error] = errors_of(path)
    assert error.path == str(path)
    assert (error.line, error.column) == (line_of(path.read_text(), "dificulty"), 1)
    assert error.message == "unknown key 'dificulty' (did you mean 'difficulty'?)"


def test_wrong_type(write_spec: WriteSpec) -> None:
    path = write_spec("type.yaml", ("weight: 2 ", "weight: heavy "))
    [error] = errors_of(path)
    assert error.line == line_of(path.read_text(), "weight: heavy")
    assert error.message == "'weight' should be a number, got 'heavy'"


def test_missing_required_field_points_at_the_parent(write_spec: WriteSpec) -> None:
    path = write_spec(
        "missing.yaml",
        ("    answer: A player should see their new rank within a few seconds.\n", ""),
    )
    [error] = errors_of(path)
    assert error.message == "missing required field 'answer'"
    assert error.line == line_of(path.read_text(), "- topic: freshness")


def test_rubric_item_without_terms(write_spec: WriteSpec) -> None:
    path = write_spec(
        "terms.yaml", ('terms: ["sorted set", "zset", "zadd", "skip list"]', "terms: []")
    )
    [error] = errors_of(path)
    assert error.line == line_of(path.read_text(), "- id: sorted-set")
    assert error.message == (
        "rubric item 'sorted-set' needs terms, ideas, asked or figures: "
        "a way for an answer to earn it"
    )


def test_duplicate_rubric_ids_are_found_at_the_second(write_spec: WriteSpec) -> None:
    path = write_spec("dup.yaml", ("- id: sorted-set", "- id: write-rate"))
    [error] = errors_of(path)
    text = path.read_text()
    first = line_of(text, "id: write-rate")
    assert error.message == f"rubric item id 'write-rate' is used twice (first at line {first})"
    second = [n for n, line in enumerate(text.splitlines(), 1) if "id: write-rate" in line][1]
    assert (error.line, error.column) == (second, 11)


def test_unknown_deep_dive_topic_has_a_place(write_spec: WriteSpec) -> None:
    path = write_spec("topic.yaml", ("topic: ranking ", "topic: rankng "))
    [error] = errors_of(path)
    assert error.line == line_of(path.read_text(), "topic: rankng")
    assert error.message == (
        "rubric item 'rank-lookup' names topic 'rankng', which is not a deep_dives id "
        "(did you mean 'ranking'?)"
    )


def test_every_error_in_a_file_is_reported(write_spec: WriteSpec) -> None:
    path = write_spec(
        "many.yaml",
        ("difficulty: easy", "difficulty: extreme"),
        ("  clarify: 6", "  clarify: six"),
        ("    rps: 12000", "    rps: 12000\n    burst: 2"),
        ("url: https://redis.io/docs/latest/develop/data-types/sorted-sets/\n", "url: redis.io\n"),
    )
    errors = errors_of(path)
    text = path.read_text()
    assert [(e.line, e.message.split(" ")[0]) for e in errors] == [
        (line_of(text, "difficulty: extreme"), "'difficulty'"),
        (line_of(text, "clarify: six"), "'clarify'"),
        (line_of(text, "burst: 2"), "unknown"),
        (line_of(text, "url: redis.io"), "'url'"),
    ]
    assert all(str(e).startswith(f"{path}:{e.line}:{e.column}: ") for e in errors)


def test_unsupported_schema_version(write_spec: WriteSpec) -> None:
    path = write_spec("v2.yaml", ("schema: 1 ", "schema: 2 "))
    [error] = errors_of(path)
    assert error.message == "'schema' should be 1, got 2"


def test_python_tag_in_a_spec_is_refused(write_spec: WriteSpec) -> None:
    path = write_spec(
        "evil.yaml",
        ("title: Design a game leaderboard", "title: !!python/object/apply:os.getcwd []"),
    )
    [error] = errors_of(path)
    assert "is not allowed: coach reads YAML as data, not code" in error.message
    assert error.line == line_of(path.read_text(), "title: !!python")


def test_spec_files_of_a_directory(tmp_path: Path, write_spec: WriteSpec) -> None:
    write_spec("b.yml")
    write_spec("a.yaml")
    (tmp_path / "notes.md").write_text("not a spec")
    (tmp_path / ".hidden.yaml").write_text("editor backup")
    assert [p.name for p in spec_files(tmp_path)] == ["a.yaml", "b.yml"]
    assert spec_files(tmp_path / "a.yaml") == [tmp_path / "a.yaml"]


def test_spec_files_errors(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="no such file or directory"):
        spec_files(tmp_path / "absent")
    with pytest.raises(CoachError, match=r"no \*\.yaml or \*\.yml problem specs"):
        spec_files(tmp_path)
