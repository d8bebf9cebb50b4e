"""`coach drill` end to end through the CLI, with answers on stdin."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coach.cli import app
from coach.storage.drills import DrillStore

runner = CliRunner()


def _drill(*args: str, input: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["drill", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_json_results_for_a_seeded_drill() -> None:
    code, out, err = _drill("units", "--count", "3", "--seed", "5", "--json", input="1\n2\n3\n")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"drill", "questions", "summary", "streak"}
    assert data["drill"]["seed"] == 5
    assert data["drill"]["status"] == "completed"
    assert [q["number"] for q in data["questions"]] == [1, 2, 3]
    first = data["questions"][0]
    assert {"question", "expected_display", "answer", "band", "derivation", "points"} <= set(first)
    assert data["summary"]["answered"] == 3
    assert data["streak"]["days"] == 1
    assert "Question 1 of 3" in err  # the conversation goes to stderr with --json


def test_the_same_seed_asks_the_same_questions() -> None:
    runs = [
        json.loads(_drill("mixed", "-n", "6", "--seed", "99", "--json", input="1\n" * 20)[1])
        for _ in range(2)
    ]
    assert [q["question"] for q in runs[0]["questions"]] == [
        q["question"] for q in runs[1]["questions"]
    ]


def test_an_unreadable_answer_repeats_the_question() -> None:
    code, out, _ = _drill("units", "-n", "1", "--seed", "5", input="lots\n864K\n")
    assert code == 0
    assert "could not read that as a number with units: try `3 PB` or `1.5K/s`" in out
    assert out.count("Question 1 of 1") == 1
    assert out.count("answer (") == 2
    assert "Score 100%" in out


def test_the_derivation_and_the_summary_are_shown() -> None:
    code, out, _ = _drill("units", "-n", "2", "--seed", "5", input="864K\n1250\n")
    assert code == 0
    assert "10/s = 864K/day" in out
    assert 'check: coach calc "10/s in /day"' in out
    assert "Drill summary · units" in out
    assert "Score 100% (6 of 6 points)" in out
    assert "coach drill units --count 2 --seed 5" in out


def test_end_of_input_ends_the_drill_and_keeps_the_answers() -> None:
    code, out, _ = _drill("units", "-n", "3", "--seed", "5", input="864K\n")
    assert code == 0
    assert "Answered 1 of 3 questions." in out
    with DrillStore.open() as store:
        [record], _ = store.load_all()
    assert len(record.answers) == 1
    assert record.status.value == "input_closed"


def test_ctrl_c_keeps_the_answers_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.ui import drill as terminal

    answers = iter(["864K"])

    def ask(self: object, prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(terminal.TerminalAsker, "ask", ask)
    code, _, err = _drill("units", "-n", "3", "--seed", "5", input="")
    assert code == 130
    assert "drill saved: 1 answers" in err
    with DrillStore.open() as store:
        [record], _ = store.load_all()
    assert record.status.value == "interrupted"
    assert len(record.answers) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["estimaton"], "unknown drill kind 'estimaton' (did you mean 'estimation'?)"),
        (["units", "--count", "0"], "--count"),
        (["units", "--seed", "x"], "--seed"),
    ],
)
def test_bad_flags_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = _drill(*args, input="")
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err
