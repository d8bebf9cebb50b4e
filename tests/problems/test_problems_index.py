"""The bank index and its cache: the same problems as the full bank, never stale, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from problem_fixtures import line_of, problem_variant

from coach.errors import CoachErrors
from coach.problems import cache
from coach.problems.bank import load_bank
from coach.problems.index import Summary, load_index

ROOT = Path(__file__).resolve().parents[2]


def summaries_of_the_bank(**kwargs: object) -> list[Summary]:
    bank = load_bank(env={}, **kwargs)  # type: ignore[arg-type]
    return [Summary.of(p, bank.spec(p.id).path) for p in bank.problems]


def forbid_reading_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any read of a spec fail, so a test sees whether the cache answered."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a spec was read")

    monkeypatch.setattr("coach.problems.bank.collect", refuse)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_the_index_lists_what_the_bank_loads(builtin_bank: Path, cache_dir: Path) -> None:
    index = load_index(env={}, cache_dir=cache_dir)
    assert index.problems == summaries_of_the_bank()
    assert index.tags() == ["caching", "feed", "ranking", "streaming"]
    assert index.is_builtin("alpha") and index.notices == []


def test_the_shipped_bank_too(tmp_path: Path) -> None:
    first = load_index(env={}, cache_dir=tmp_path)
    second = load_index(env={}, cache_dir=tmp_path)  # from the cache
    assert first.problems == second.problems == summaries_of_the_bank()


def test_a_second_run_reads_no_spec(
    builtin_bank: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_index(env={}, cache_dir=cache_dir)
    forbid_reading_specs(monkeypatch)
    assert load_index(env={}, cache_dir=cache_dir).problems == first.problems


@pytest.mark.parametrize("keep_size_and_time", [False, True])
def test_an_edited_spec_shows_at_once(
    builtin_bank: Path, cache_dir: Path, keep_size_and_time: bool
) -> None:
    load_index(env={}, cache_dir=cache_dir)
    spec = builtin_bank / "alpha.yaml"
    before = spec.stat()
    text = spec.read_text().replace("title: Problem alpha", "title: Problem ALPHA")
    spec.write_text(text)
    if keep_size_and_time:  # an edit inside one clock tick, same length: only the bytes differ
        assert spec.stat().st_size == before.st_size
        os.utime(spec, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_index(env={}, cache_dir=cache_dir).get("alpha").title == "Problem ALPHA"


def test_added_and_removed_specs_show_at_once(builtin_bank: Path, cache_dir: Path) -> None:
    load_index(env={}, cache_dir=cache_dir)
    (builtin_bank / "delta.yaml").write_text(problem_variant("delta"))
    assert "delta" in load_index(env={}, cache_dir=cache_dir).summaries
    (builtin_bank / "alpha.yaml").unlink()
    assert sorted(load_index(env={}, cache_dir=cache_dir).summaries) == ["beta", "delta", "gamma"]


@pytest.mark.parametrize(
    "change",
    [
        ("coach.problems.cache.__version__", "99.0"),
        ("coach.problems.cache.code_fingerprint", lambda: 12345),
        ("coach.problems.cache.FORMAT", 99),
    ],
    ids=["version", "code", "format"],
)
def test_a_new_coach_does_not_trust_an_old_cache(
    builtin_bank: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: tuple[str, object],
) -> None:
    load_index(env={}, cache_dir=cache_dir)
    monkeypatch.setattr(*change)
    calls: list[object] = []
    from coach.problems import bank

    real = bank.collect
    monkeypatch.setattr(bank, "collect", lambda *a, **k: calls.append(a) or real(*a, **k))
    load_index(env={}, cache_dir=cache_dir)
    assert calls, "the specs were not read again"


def test_the_code_fingerprint_follows_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    monkeypatch.setattr(cache, "_PACKAGE_DIR", package)
    seen = [cache.code_fingerprint()]
    assert cache.code_fingerprint() == seen[0]
    (package / "notes.txt").write_text("not code")
    assert cache.code_fingerprint() == seen[0]
    (package / "sub" / "b.py").write_text("y = 22\n")
    seen.append(cache.code_fingerprint())
    stat = (package / "a.py").stat()
    os.utime(package / "a.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    seen.append(cache.code_fingerprint())
    (package / "c.py").write_text("")
    seen.append(cache.code_fingerprint())
    assert len(set(seen)) == 4


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"key": {}, "problems": []',
        b"[1, 2, 3]",
        b"\xff\xfe\x00garbage",
        b'{"key": null, "problems": null}',
    ],
    ids=["empty", "not-json", "truncated", "a-list", "binary", "nulls"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    builtin_bank: Path, cache_dir: Path, content: bytes
) -> None:
    expected = load_index(env={}, cache_dir=cache_dir).problems
    (path,) = cache_dir.iterdir()
    path.write_bytes(content)
    assert load_index(env={}, cache_dir=cache_dir).problems == expected
    assert json.loads(path.read_text())["problems"]  # written again, whole


def test_a_cache_with_the_right_key_and_bad_entries_is_ignored(
    builtin_bank: Path, cache_dir: Path
) -> None:
    expected = load_index(env={}, cache_dir=cache_dir).problems
    (path,) = cache_dir.iterdir()
    data = json.loads(path.read_text())
    data["problems"][0]["minutes"] = "forty"
    path.write_text(json.dumps(data))
    assert load_index(env={}, cache_dir=cache_dir).problems == expected


def test_a_cache_that_cannot_be_written_is_no_error(builtin_bank: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    assert [p.id for p in load_index(env={}, cache_dir=blocked).problems] == [
        "alpha",
        "beta",
        "gamma",
    ]


def test_a_broken_builtin_spec_is_reported_and_never_cached(
    builtin_bank: Path, cache_dir: Path
) -> None:
    bad = builtin_bank / "beta.yaml"
    bad.write_text(bad.read_text().replace("summary:", "sumary:"))
    with pytest.raises(CoachErrors) as info:
        load_index(env={}, cache_dir=cache_dir)
    with pytest.raises(CoachErrors) as full:
        load_bank(env={})
    assert str(info.value) == str(full.value)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_user_specs_are_validated_every_time(
    builtin_bank: Path, cache_dir: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    spec = mine / "zeta.yaml"
    spec.write_text(problem_variant("zeta"))
    assert "zeta" in load_index([mine], env={}, cache_dir=cache_dir).summaries
    spec.write_text(problem_variant("zeta").replace("summary:", "sumary:"))
    with pytest.raises(CoachErrors) as info:
        load_index([mine], env={}, cache_dir=cache_dir)
    line = line_of(spec.read_text(), "sumary:")
    assert str(info.value) == f"{spec}:{line}:1: unknown key 'sumary' (did you mean 'summary'?)"


def test_a_user_spec_replaces_a_builtin_one_with_a_notice(
    builtin_bank: Path, cache_dir: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "alpha.yaml").write_text(problem_variant("alpha", "hard"))
    index = load_index(env={"COACH_PROBLEMS_PATH": str(mine)}, cache_dir=cache_dir)
    bank = load_bank(env={"COACH_PROBLEMS_PATH": str(mine)})
    assert index.get("alpha").difficulty == "hard"
    assert index.notices == bank.notices
    assert not index.is_builtin("alpha") and index.is_builtin("beta")


RACER = """
import json, sys
from pathlib import Path
from coach.problems.index import load_index
index = load_index(env={}, builtin_dir=Path(sys.argv[1]), cache_dir=Path(sys.argv[2]))
print(json.dumps([p.to_json() for p in index.problems]))
"""


def test_processes_racing_on_an_empty_cache_all_succeed(builtin_bank: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "shared-cache"
    args = [sys.executable, "-c", RACER, str(builtin_bank), str(cache_dir)]
    racers = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    results = [racer.communicate(timeout=120) for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 6, [err for _, err in results]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert [p["id"] for p in json.loads(outputs.pop())] == ["alpha", "beta", "gamma"]
    (path,) = cache_dir.iterdir()  # one whole file, no temporary ones left behind
    assert json.loads(path.read_text())["key"]["directory"] == str(builtin_bank)


def test_coach_list_shows_an_edit_at_once(builtin_bank: Path) -> None:
    from typer.testing import CliRunner

    from coach.cli import app

    runner = CliRunner()
    assert "Problem alpha" in runner.invoke(app, ["list"]).stdout
    spec = builtin_bank / "alpha.yaml"
    spec.write_text(spec.read_text().replace("title: Problem alpha", "title: Renamed alpha"))
    assert "Renamed alpha" in runner.invoke(app, ["list"]).stdout
    shown = runner.invoke(app, ["show", "alpha", "--json"]).stdout
    assert json.loads(shown)["title"] == "Renamed alpha"


def test_coach_list_ignores_a_corrupt_cache(builtin_bank: Path) -> None:
    from typer.testing import CliRunner

    from coach.cli import app
    from coach.paths import cache_home

    runner = CliRunner()
    first = runner.invoke(app, ["list", "--json"])
    (path,) = cache_home().iterdir()
    path.write_text('{"key": ')
    again = runner.invoke(app, ["list", "--json"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, "")


def test_coach_processes_started_at_once_on_a_new_home_all_list(tmp_path: Path) -> None:
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home")}
    args = [sys.executable, "-m", "coach", "list", "--json"]
    racers = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    results = [racer.communicate(timeout=120) for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 6, [err for _, err in results]
    assert {err for _, err in results} == {""}
    assert len({out for out, _ in results}) == 1
    assert len(json.loads(results[0][0])) == len(list((ROOT / "problems").glob("*.yaml")))
