"""The bank: built-in specs, user directories, overrides and duplicate ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from problem_fixtures import line_of, problem_variant

from coach.errors import CoachError, CoachErrors
from coach.problems.bank import collect_bank, gather, load_bank


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_builtin_bank_is_sorted_and_skips_non_specs(builtin_bank: Path) -> None:
    bank = load_bank(env={})
    assert [p.id for p in bank.problems] == ["alpha", "beta", "gamma"]
    assert bank.notices == []
    assert bank.tags() == ["caching", "feed", "ranking", "streaming"]
    assert bank.is_builtin("alpha")


def test_get_is_forgiving_about_case_and_suggests_on_typos(builtin_bank: Path) -> None:
    bank = load_bank(env={})
    assert bank.get(" Beta ").id == "beta"
    with pytest.raises(CoachError) as info:
        bank.get("alpah")
    assert (
        info.value.message
        == "unknown problem 'alpah' (did you mean 'alpha'?); 'coach list' shows them all"
    )
    assert info.value.path is None


def test_user_dirs_add_problems(builtin_bank: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    write(mine, "delta.yaml", problem_variant("delta"))
    bank = load_bank([mine], env={})
    assert [p.id for p in bank.problems] == ["alpha", "beta", "delta", "gamma"]
    assert not bank.is_builtin("delta")
    assert bank.spec("delta").path == mine / "delta.yaml"


def test_user_spec_replaces_a_builtin_one_with_a_notice(builtin_bank: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    path = write(mine, "my-beta.yaml", problem_variant("beta", "hard"))
    bank = load_bank([mine], env={})
    assert bank.get("beta").difficulty.value == "hard"
    assert not bank.is_builtin("beta")
    assert bank.notices == [f"user problem 'beta' from {path} replaces the built-in one"]


def test_coach_problems_path_is_os_pathsep_separated(builtin_bank: Path, tmp_path: Path) -> None:
    write(tmp_path / "one", "d.yaml", problem_variant("delta"))
    write(tmp_path / "two", "e.yaml", problem_variant("epsilon"))
    env = {"COACH_PROBLEMS_PATH": os.pathsep.join([str(tmp_path / "one"), str(tmp_path / "two")])}
    assert {"delta", "epsilon"} <= {p.id for p in load_bank(env=env).problems}


def test_duplicate_ids_in_one_set_are_errors(builtin_bank: Path, tmp_path: Path) -> None:
    first = write(tmp_path / "one", "a.yaml", problem_variant("delta"))
    second = write(tmp_path / "two", "b.yaml", problem_variant("delta"))
    env = {"COACH_PROBLEMS_PATH": str(tmp_path / "two")}
    with pytest.raises(CoachErrors) as info:
        load_bank([tmp_path / "one"], env=env)
    [error] = info.value.errors
    id_line = line_of(second.read_text(), "id: delta")
    assert (error.path, error.line) == (str(second), id_line)
    assert error.message == f"problem id 'delta' is already used by {first}:{id_line}"


def test_duplicate_ids_in_the_builtin_set_are_errors(builtin_bank: Path) -> None:
    write(builtin_bank, "alpha-again.yaml", problem_variant("alpha"))
    with pytest.raises(CoachErrors, match="problem id 'alpha' is already used by"):
        load_bank(env={})


def test_a_missing_user_dir_says_where_it_was_named(builtin_bank: Path, tmp_path: Path) -> None:
    with pytest.raises(CoachErrors) as info:
        load_bank(env={"COACH_PROBLEMS_PATH": str(tmp_path / "nowhere")})
    assert str(info.value) == (
        f"{tmp_path / 'nowhere'}: no such file or directory (named in COACH_PROBLEMS_PATH)"
    )


def test_errors_of_all_files_are_collected(builtin_bank: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    write(mine, "bad1.yaml", problem_variant("delta").replace("difficulty: easy", "difficulty: 3"))
    write(mine, "bad2.yaml", "title: [\n")
    write(mine, "good.yaml", problem_variant("epsilon"))
    bank, errors = collect_bank([mine], env={})
    assert sorted(Path(e.path or "").name for e in errors) == ["bad1.yaml", "bad2.yaml"]
    assert "epsilon" in bank.specs


def test_gather_takes_files_and_directories(tmp_path: Path) -> None:
    one = write(tmp_path / "a", "one.yaml", problem_variant("one"))
    write(tmp_path / "b", "two.yaml", problem_variant("two"))
    specs = gather([one, tmp_path / "b"])
    assert [s.problem.id for s in specs] == ["one", "two"]


def test_an_empty_bank_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    bank = load_bank(builtin_dir=empty, env={})
    assert bank.problems == []
    with pytest.raises(CoachError, match="no problems are installed"):
        bank.get("twitter")
