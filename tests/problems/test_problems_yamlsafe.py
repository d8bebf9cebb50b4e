"""coach.yamlsafe: safe loading, positions, and every way a file can be unreadable."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach import yamlsafe
from coach.errors import CoachError, CoachErrors
from coach.yamlsafe import MAX_BYTES, load_yaml


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_data_and_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\nrubric:\n  clarify:\n    - id: a\n      weight: 2\n")
    doc = load_yaml(path)
    assert doc.data == {"title": "x", "rubric": {"clarify": [{"id": "a", "weight": 2}]}}
    assert doc.path == path
    assert doc.position(("rubric", "clarify", 0, "weight")) == (5, 15)
    assert doc.position(("rubric", "clarify", 0, "weight"), key=True) == (5, 7)
    assert doc.position(("rubric", "clarify", 0)) == (4, 7)
    assert doc.position(()) == (1, 1)


def test_position_walks_up_to_the_nearest_known_node(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a:\n  b: 1\nlist: [x, y]\n"))
    # a missing key: the parent mapping
    assert doc.position(("a", "missing")) == (2, 3)
    # an index past the end: the sequence
    assert doc.position(("list", 5)) == (3, 7)
    # pydantic's union-member steps are skipped
    assert doc.position(("a", "b", "str")) == (2, 6)
    assert doc.resolved(("a", "spike", "b", "int")) == ("a", "b")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ok: 1\nboom: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(CoachErrors) as info:
        load_yaml(path)
    error = info.value.errors[0]
    assert (error.line, error.column) == (2, 7)
    assert "'!!python/object/apply:os.system' is not allowed" in error.message
    assert str(error).startswith(f"{path}:2:7: ")


def test_other_custom_tags_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CoachErrors, match=r"unsupported YAML tag '!include'"):
        load_yaml(write(tmp_path, "a: !include other.yaml\n"))


def test_invalid_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "title: ok\ntags: [a, b\nsummary: x\n")
    with pytest.raises(CoachError) as info:
        load_yaml(path)
    error = info.value
    assert error.message.startswith("invalid YAML: ")
    assert error.path == str(path)
    assert error.line == 3 and error.column is not None
    assert "starts at line 2" in error.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CoachError) as info:
        load_yaml(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: no such file"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="is a directory"):
        load_yaml(tmp_path)


def test_size_limit_is_536_kb(tmp_path: Path) -> None:
    assert MAX_BYTES == 536 * 1024
    filler = "# " + "x" * 78 + "\n"
    at_limit = write(tmp_path, ("a: 1\n" + filler * 7000)[:MAX_BYTES], "at.yaml")
    assert load_yaml(at_limit).data == {"a": 1}
    over = write(tmp_path, "a: 1\n" + filler * 7000, "over.yaml")
    with pytest.raises(CoachError) as info:
        load_yaml(over)
    assert "over the 536 KB limit" in info.value.message
    assert info.value.path == str(over)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: ok\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CoachError) as info:
        load_yaml(path)
    assert (info.value.line, info.value.column) == (2, 10)
    assert "UTF-8" in info.value.message


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "title: a\nsummary: s\ntitle: b\n")
    with pytest.raises(CoachErrors) as info:
        load_yaml(path)
    [error] = info.value.errors
    assert (error.line, error.column) == (3, 1)
    assert error.message == "duplicate key 'title' (first at line 1)"


def test_every_scan_error_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\na: 2\nb: !!python/name:os.system ''\n")
    with pytest.raises(CoachErrors) as info:
        load_yaml(path)
    assert len(info.value.errors) == 2


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{refs}]")
    with pytest.raises(CoachErrors, match="aliases expand to more than"):
        load_yaml(write(tmp_path, "\n".join(lines) + "\n"))


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "base: &b {x: 1}\ncopy: *b\n"))
    assert doc.data == {"base": {"x": 1}, "copy": {"x": 1}}


def test_empty_file_and_non_mapping(tmp_path: Path) -> None:
    empty = load_yaml(write(tmp_path, "# nothing\n", "empty.yaml"))
    assert empty.data is None
    with pytest.raises(CoachError, match="the file is empty"):
        yamlsafe.require_mapping(empty)
    listed = load_yaml(write(tmp_path, "- a\n- b\n", "list.yaml"))
    with pytest.raises(CoachError, match="should hold a mapping of keys, got a list"):
        yamlsafe.require_mapping(listed)


def test_several_documents_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CoachError) as info:
        load_yaml(write(tmp_path, "a: 1\n---\nb: 2\n"))
    assert "expected a single document" in info.value.message
    assert info.value.line == 2


def test_merge_keys_work(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n"))
    assert doc.data["merged"] == {"x": 1, "y": 3}


def test_deep_nesting_is_refused_at_its_place(tmp_path: Path) -> None:
    depth = yamlsafe.MAX_DEPTH + 50
    path = write(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(CoachError) as info:
        load_yaml(path)
    assert info.value.message == "values are nested more than 100 levels deep"
    assert (info.value.line, info.value.column) == (1, 3 + yamlsafe.MAX_DEPTH)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 60_000 + "]" * 60_000 + "\n",
        "a: " + "{b: " * 30_000 + "1" + "}" * 30_000 + "\n",
        "- " * 60_000 + "x\n",
    ],
    ids=["flow-lists", "flow-maps", "compact-block-lists"],
)
def test_hostile_nesting_is_an_error_not_a_crash(tmp_path: Path, text: str) -> None:
    # libyaml's composer recurses in C: without the depth check this kills the
    # process, so run it in a child process and demand a clean error.
    path = write(tmp_path, text)
    code = (
        "import sys\nfrom coach.yamlsafe import load_yaml\nfrom coach.errors import CoachError\n"
        f"try:\n    load_yaml({str(path)!r})\nexcept CoachError as e:\n    print(e)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The promise is a clean error at a place in the file, whichever layer
    # (our depth check or libyaml's own limit) stops the nesting first.
    assert re.match(rf"{re.escape(str(path))}:1:\d+: values are nested more than", result.stdout)
