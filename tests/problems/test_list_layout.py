"""`coach list`'s table at every width: a row per problem when it fits, stacked when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.commands.list_problems import table_lines
from coach.problems.index import Summary
from coach.ui.plain import Paint

PLAIN = Paint(False)


def summary(problem_id: str, title: str, tags: tuple[str, ...], level: str = "hard") -> Summary:
    return Summary(problem_id, title, level, tags, 45, "A summary.", Path(f"{problem_id}.yaml"))


BANK = [
    summary("chat", "Design a chat messenger like WhatsApp", ("real-time", "messaging")),
    summary("url-shortener", "Design a URL shortener", ("read-heavy", "caching"), "easy"),
]


def test_wide_terminals_get_one_line_per_problem_with_tags() -> None:
    lines = table_lines(BANK, 120, PLAIN)
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Tags", "Min"]
    assert lines[2].split()[-3:] == ["real-time,", "messaging", "45"]
    assert len(lines) == 2 + len(BANK) + 1


def test_medium_terminals_put_the_tags_under_the_title() -> None:
    lines = table_lines(BANK, 70, PLAIN)
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Min"]
    assert lines[2].startswith("chat ") and lines[2].endswith("hard         45")
    assert lines[3] == " " * len("url-shortener  ") + "tags: real-time, messaging"
    assert all(len(line) <= 70 for line in lines)


def test_narrow_terminals_stack_each_problem() -> None:
    lines = table_lines(BANK, 36, PLAIN)
    assert lines[:4] == [
        "chat · hard · 45 min",
        "  Design a chat messenger like",
        "  WhatsApp",
        "  tags: real-time, messaging",
    ]
    assert all(len(line) <= 36 for line in lines)


@pytest.mark.parametrize("width", [20, 40, 60, 80, 200])
def test_an_id_is_never_cut(width: int) -> None:
    long_id = "a-very-long-problem-identifier-of-the-kind-a-user-might-write"
    lines = table_lines([*BANK, summary(long_id, "Long", ("x",))], width, PLAIN)
    assert any(long_id in line for line in lines)
    assert "…" not in "".join(lines)


def test_colour_marks_ids_levels_and_tags_only_when_asked() -> None:
    coloured = "\n".join(table_lines(BANK, 70, Paint(True)))
    assert "\x1b[31mhard      \x1b[0m" in coloured and "\x1b[32measy      \x1b[0m" in coloured
    assert "\x1b[2mtags: read-heavy, caching\x1b[0m" in coloured
    assert "\x1b[" not in "\n".join(table_lines(BANK, 70, PLAIN))


def test_no_problems_says_so() -> None:
    assert table_lines([], 80, PLAIN) == ["No problems match these filters."]
