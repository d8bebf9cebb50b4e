"""Every spec shipped in problems/ validates, and the format doc matches its example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from problem_fixtures import EXAMPLE
from typer.testing import CliRunner

from coach.cli import app
from coach.paths import problems_dir
from coach.problems.bank import load_bank
from coach.problems.checks import run_checks
from coach.problems.loader import read_spec

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*(ROOT / "problems").glob("*.yaml"), *(ROOT / "problems").glob("*.yml")])


def test_the_bundled_specs_are_the_checkout_ones() -> None:
    # An editable install reads the checkout; a wheel carries a copy under coach/_bundled.
    bundled = {p.name: p.read_bytes() for p in problems_dir().glob("*.y*ml")}
    assert bundled == {p.name: p.read_bytes() for p in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_spec_validates(path: Path) -> None:
    spec = read_spec(path)
    assert spec.problem.id == path.stem, "a built-in spec's file is named after its id"
    assert run_checks(spec.problem, spec.doc) == []


def test_list_shows_every_shipped_problem() -> None:
    result = CliRunner().invoke(app, ["list", "--json"])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.stdout)] == sorted(p.stem for p in SHIPPED)


def test_validate_passes_on_the_shipped_bank() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"{len(SHIPPED)} problem specs valid.\n")


def test_the_format_doc_shows_the_example_fixture_verbatim() -> None:
    readme = (ROOT / "problems" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "problems/README.md has no yaml example"
    assert blocks[0] == EXAMPLE.read_text(encoding="utf-8")


def test_the_format_doc_names_every_field() -> None:
    from pydantic import BaseModel

    from coach.problems.model import Problem

    readme = (ROOT / "problems" / "README.md").read_text(encoding="utf-8")
    seen: set[type[BaseModel]] = set()

    def fields(model: type[BaseModel]) -> set[str]:
        if model in seen:
            return set()
        seen.add(model)
        names = {f.alias or name for name, f in model.model_fields.items()}
        for f in model.model_fields.values():
            for sub in _models_in(f.annotation):
                if sub.__module__ == "coach.problems.model":
                    names |= fields(sub)
        return names

    missing = sorted(name for name in fields(Problem) if f"`{name}`" not in readme)
    assert missing == []


def _models_in(annotation: object) -> list[type]:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def test_list_of_the_shipped_bank_reads_well_at_80_columns() -> None:
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "…" not in result.stdout  # nothing cut short: long cells wrap instead
    assert lines[0].split() == ["ID", "Title", "Difficulty", "Min"]
    rows = {line.split()[0]: line for line in lines[2:-1] if line[:1].strip()}
    assert set(rows) == {p.stem for p in SHIPPED}
    for problem in load_bank().problems:  # one line each: id, whole title, level, minutes
        assert problem.title in rows[problem.id]
        level, minutes = problem.difficulty.value, str(problem.minutes.total)
        assert rows[problem.id].split()[-2:] == [level, minutes]
    assert len(lines) < 3 * len(SHIPPED) + 3  # the tags take a line, two at most


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_show_of_each_shipped_problem_fits_80_columns(path: Path) -> None:
    result = CliRunner().invoke(app, ["show", path.stem])
    assert result.exit_code == 0, result.output
    long_lines = [
        line for line in result.stdout.splitlines() if len(line) > 80 and "://" not in line
    ]
    assert long_lines == []
    assert "…" not in result.stdout
