"""Starting a session reminds the user of unfinished ones, and says what it means:
nothing has been saved yet at that point."""

from __future__ import annotations

from coach.storage.sessions import SessionSummary
from coach.ui.session_runner import unfinished_lines


def _summary(id_: int, updated: str, problem: str = "uber", mode: str = "mock") -> SessionSummary:
    stamp = f"2026-11-2{updated}T10:00:00+00:00"
    return SessionSummary(id_, problem, problem, mode, "in_progress", None, stamp, stamp)


def test_one_unfinished_session_is_named_with_the_command_to_go_on() -> None:
    assert unfinished_lines([_summary(1, "1")]) == [
        "you have an unfinished session 1 (uber, mock): `coach resume 1`"
    ]


def test_the_newest_come_first_and_the_rest_are_counted() -> None:
    waiting = [_summary(1, "1"), _summary(2, "4", "twitter", "practice"), _summary(3, "2"),
               _summary(4, "3")]  # fmt: skip
    lines = unfinished_lines(waiting)
    assert [line.split(":")[0] for line in lines[:3]] == [
        "you have an unfinished session 2 (twitter, practice)",
        "you have an unfinished session 4 (uber, mock)",
        "you have an unfinished session 3 (uber, mock)",
    ]
    assert lines[3] == "1 more unfinished: `coach history` lists them"
    assert not any("saved" in line for line in lines)


def test_no_unfinished_session_no_reminder() -> None:
    assert unfinished_lines([]) == []
