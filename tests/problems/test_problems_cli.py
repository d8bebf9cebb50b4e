"""`coach list`, `coach show` and `coach validate` through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from problem_fixtures import EXAMPLE, line_of, problem_variant
from typer.testing import CliRunner

from coach.cli import app
from coach.problems.loader import load_spec_file

runner = CliRunner()
WriteSpec = Callable[..., Path]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_list_table_fits_80_columns(builtin_bank: Path) -> None:
    code, out, err = run("list")
    assert code == 0, err
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Tags", "Min"]
    for problem_id, level in [("alpha", "easy"), ("beta", "medium"), ("gamma", "hard")]:
        row = next(line for line in lines if line.startswith(problem_id + " "))
        assert level in row and row.rstrip().endswith("36")
    assert "3 problems." in out


def test_list_json(builtin_bank: Path) -> None:
    code, out, _ = run("list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == ["alpha", "beta", "gamma"]
    assert data[1] == {
        "id": "beta",
        "title": "Problem beta",
        "difficulty": "medium",
        "tags": ["feed", "caching"],
        "minutes": 36,
        "summary": data[1]["summary"],
    }
    assert data[1]["summary"].startswith("Keep a live global top 100")


def test_list_filters(builtin_bank: Path) -> None:
    def ids(*args: str) -> list[str]:
        code, out, err = run("list", "--json", *args)
        assert code == 0, err
        return [d["id"] for d in json.loads(out)]

    assert ids("--tag", "feed") == ["beta", "gamma"]
    assert ids("--tag", "feed", "--tag", "caching") == ["beta"]
    assert ids("--difficulty", "hard") == ["gamma"]
    assert ids("-d", "easy", "-d", "HARD") == ["alpha", "gamma"]
    assert ids("--tag", "ranking", "--difficulty", "hard") == []


def test_list_with_no_match_says_so(builtin_bank: Path) -> None:
    code, out, _ = run("list", "--tag", "ranking", "--difficulty", "hard")
    assert code == 0
    assert out.strip() == "No problems match these filters."


def test_list_unknown_filters_are_errors(builtin_bank: Path) -> None:
    code, _, err = run("list", "--tag", "fed")
    assert code == 2
    assert err.strip() == "coach: error: no problem has the tag 'fed' (did you mean 'feed'?)"
    code, _, err = run("list", "--difficulty", "hardest")
    assert code == 2
    assert "unknown difficulty 'hardest'" in err and "did you mean 'hard'" in err


def test_show_text_hides_the_answers(builtin_bank: Path) -> None:
    code, out, err = run("show", "beta")
    assert code == 0, err
    assert all(len(line) <= 80 for line in out.splitlines() if "https://" not in line)
    assert (
        "  - Redis sorted sets\n    https://redis.io/docs/latest/develop/data-types/sorted-sets/\n"
        in out
    )
    assert out.startswith("Problem beta  (beta)\nDifficulty: medium   Tags: feed, caching\n")
    assert "Minutes: 36 (clarify 6, high level 10, deep dive 12, scaling 8)" in out
    for heading in [
        "Problem",
        "In scope",
        "Out of scope",
        "Functional requirements",
        "Capacity assumptions",
        "Deep-dive topics",
        "Further reading",
    ]:
        assert f"\n{heading}\n" in out
    assert "daily_active_users   50M" in out
    assert "Computing a player's rank" in out
    assert "The interviewer can answer questions on 2 topics." in out
    assert "1 curveball (kept hidden" in out
    # no answers: reference answers, rubric terms, curveball text, interviewer answers
    secrets = [
        "ZREVRANK",  # reference answer
        "zadd",  # rubric term
        "fresh leaderboard every week",  # curveball
        "so 500M score submissions",  # interviewer's answer
        "answers rank in O(log n)",  # deep-dive key point
        "ORDER BY",  # pitfall
        "Batch writes",  # bottleneck fix
    ]
    spec = json.dumps(load_spec_file(builtin_bank / "beta.yaml").model_dump(mode="json"))
    for secret in secrets:
        assert secret in spec
        assert secret not in out


def test_show_json(builtin_bank: Path) -> None:
    code, out, _ = run("show", "alpha", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "alpha"
    assert data["minutes"] == {
        "clarify": 6,
        "high_level": 10,
        "deep_dive": 12,
        "scaling": 8,
        "total": 36,
    }
    assert data["clarification_topics"] == 2
    assert data["curveballs"] == 1
    assert data["deep_dives"] == [{"id": "ranking", "title": "Computing a player's rank"}]
    assert data["capacity"][1] == {
        "name": "writes",
        "value": "500M/day",
        "note": "one score submission per match",
        "source": None,
    }
    assert data["source"] == "built-in"
    for hidden in ["rubric", "reference_answers", "reference_design", "pitfalls"]:
        assert hidden not in data
    assert "ZREVRANK" not in out


def test_show_unknown_id_suggests(builtin_bank: Path) -> None:
    code, out, err = run("show", "gama")
    assert code == 2
    assert out == ""
    assert err == (
        "coach: error: unknown problem 'gama' (did you mean 'gamma'?); "
        "'coach list' shows them all\n"
    )


def test_show_twitter_typo_in_the_shipped_bank() -> None:
    code, _, err = run("show", "twiter")
    assert code == 2
    assert "(did you mean 'twitter'?)" in err


def test_problems_dir_override_notice_goes_to_stderr(builtin_bank: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "alpha.yaml").write_text(problem_variant("alpha", "hard"))
    code, out, err = run("--problems-dir", str(mine), "show", "alpha", "--json")
    assert code == 0
    assert json.loads(out)["difficulty"] == "hard"
    assert json.loads(out)["source"] == str(mine / "alpha.yaml")
    assert (
        err == f"coach: user problem 'alpha' from {mine / 'alpha.yaml'} replaces the built-in one\n"
    )


def test_coach_problems_path_variable(
    builtin_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "zeta.yaml").write_text(problem_variant("zeta"))
    monkeypatch.setenv("COACH_PROBLEMS_PATH", str(mine))
    code, out, _ = run("list", "--json")
    assert code == 0
    assert "zeta" in [d["id"] for d in json.loads(out)]


def test_a_broken_user_spec_stops_list_with_its_place(builtin_bank: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    bad = mine / "bad.yaml"
    bad.write_text(problem_variant("zeta").replace("summary:", "sumary:"))
    code, out, err = run("--problems-dir", str(mine), "list")
    assert code == 2
    assert out == ""
    line = line_of(bad.read_text(), "sumary:")
    assert f"coach: error: {bad}:{line}:1: unknown key 'sumary' (did you mean 'summary'?)" in err


def test_validate_the_bank(builtin_bank: Path) -> None:
    code, out, err = run("validate")
    assert code == 0, err
    assert out.splitlines()[-1] == "3 problem specs valid."
    assert f"ok  {builtin_bank / 'alpha.yaml'}  (alpha)" in out


def test_validate_a_file(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(EXAMPLE))
    assert code == 0
    assert out.endswith("1 problem spec valid.\n")


def test_validate_typo_and_type_error_each_get_file_and_line(write_spec: WriteSpec) -> None:
    path = write_spec(
        "my.yaml", ("difficulty: easy", "dificulty: easy"), ("weight: 2 ", "weight: heavy ")
    )
    text = path.read_text()
    code, _, err = run("validate", str(path))
    assert code == 2
    assert err.splitlines() == [
        f"coach: error: {path}:{line_of(text, 'dificulty')}:1: "
        "unknown key 'dificulty' (did you mean 'difficulty'?)",
        f"coach: error: {path}:{line_of(text, 'weight: heavy')}:15: "
        "'weight' should be a number, got 'heavy'",
        "coach: error: 2 errors in 1 file",
    ]


def test_validate_a_directory_reports_every_file(tmp_path: Path, write_spec: WriteSpec) -> None:
    folder = tmp_path / "specs"
    write_spec("good.yaml", directory=folder)
    write_spec("bad.yml", ("minutes:", "minute:"), directory=folder)
    write_spec("twin.yaml", directory=folder)
    code, out, err = run("validate", str(folder))
    assert code == 2
    assert f"ok  {folder / 'good.yaml'}" in out
    lines = err.splitlines()
    assert any(
        f"{folder / 'bad.yml'}:" in line and "unknown key 'minute'" in line for line in lines
    )
    assert any(
        f"{folder / 'twin.yaml'}:" in line
        and "problem id 'example-leaderboard' is already used by" in line
        for line in lines
    )
    assert lines[-1] == "coach: error: 2 errors in 2 files"


def test_validate_runs_the_cross_checks(write_spec: WriteSpec) -> None:
    path = write_spec("x.yaml", ("calls: [scores]", "calls: [scorez]"))
    code, _, err = run("validate", str(path))
    assert code == 2
    line = line_of(path.read_text(), "calls: [scorez]")
    assert f"{path}:{line}:15: component 'ranks' calls 'scorez'" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file or directory"),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "is not allowed: coach reads YAML as data, not code",
        ),
        ("title: [unclosed\n", "invalid YAML: "),
        ("- just\n- a list\n", "should hold a mapping of keys, got a list"),
        ("", "the file is empty"),
        ("x: 1\n" + "#" * (537 * 1024) + "\n", "over the 536 KB limit"),
    ],
)
def test_validate_bad_files_one_line_each(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "spec.yaml"
    if content is not None:
        path.write_text(content)
    code, _, err = run("validate", str(path))
    assert code == 2
    first, summary = err.splitlines()
    assert first.startswith(f"coach: error: {path}")
    assert expected in first
    assert summary == "coach: error: 1 error in 1 file"
