"""Helpers for the problem tests: the annotated example spec and variants of it."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = FIXTURES / "valid" / "example.yaml"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def variant(text: str, *replacements: tuple[str, str]) -> str:
    """The example with each `old -> new` applied once (each `old` must occur)."""
    for old, new in replacements:
        assert old in text, f"fixture text not found: {old!r}"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str, after: int = 0) -> int:
    """1-based number of the first line after line `after` that contains `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problem_variant(problem_id: str, difficulty: str = "easy", tags: str = "ranking") -> str:
    return variant(
        example_text(),
        ("id: example-leaderboard", f"id: {problem_id}"),
        ("difficulty: easy", f"difficulty: {difficulty}"),
        ("tags: [ranking, read-heavy, caching]", f"tags: [{tags}]"),
        ("title: Design a game leaderboard", f"title: Problem {problem_id}"),
    )
